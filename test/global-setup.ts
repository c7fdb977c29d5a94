/**
 * Vitest global setup: integration tests get a real PostgreSQL in a database of their own,
 * reset and migrated for every run. Uses DATABASE_URL's server when given, else an embedded one.
 */
import { migrateDeploy, recreateDatabase, resolveDatabase, type Database } from "../scripts/lib/database";

const TEST_DATABASE = "switchyard_test";
const TEMPLATE_DATABASE = "switchyard_test_template";
let server: Database | undefined;

export async function setup() {
  // TEST_DATABASE_PORT lets two test runs on one machine keep out of each other's way.
  const port = Number(process.env.TEST_DATABASE_PORT ?? 54339);
  server = await resolveDatabase({
    name: port === 54339 ? "pg-test" : `pg-test-${port}`,
    port,
    database: "postgres",
  });
  process.env.DATABASE_URL = await recreateDatabase(server.url, TEST_DATABASE);
  await migrateDeploy(process.env.DATABASE_URL);
  // A migrated copy nobody connects to: test files that need a database of their own clone it.
  process.env.TEST_TEMPLATE_DATABASE_URL = await recreateDatabase(
    server.url,
    TEMPLATE_DATABASE,
    TEST_DATABASE,
  );
}

export async function teardown() {
  await server?.stop();
}
