/**
 * Vitest global setup: integration tests get a real PostgreSQL in a database of their own,
 * reset and migrated for every run. Uses DATABASE_URL's server when given, else an embedded one.
 */
import { migrateDeploy, recreateDatabase, resolveDatabase, type Database } from "../scripts/lib/database";

const TEST_DATABASE = "switchyard_test";
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
}

export async function teardown() {
  await server?.stop();
}
