/**
 * A migrated database of a test file's own (a copy of the template made by global-setup), for tests
 * that use the emulator's people and must not share rows with other files running at the same time.
 */
import { recreateDatabase } from "../scripts/lib/database";

export async function isolatedDatabase(name: string): Promise<string> {
  const template = process.env.TEST_TEMPLATE_DATABASE_URL;
  if (!template)
    throw new Error("TEST_TEMPLATE_DATABASE_URL is not set: run through vitest (test/global-setup.ts)");
  return recreateDatabase(template, `switchyard_test_${name}`, new URL(template).pathname.slice(1));
}
