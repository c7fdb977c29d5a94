/**
 * Vitest global setup: integration tests get a real PostgreSQL in a database of their own,
 * reset and migrated for every run. Uses DATABASE_URL's server when given, else an embedded one.
 */
import pg from "pg";
import { migrateDeploy, resolveDatabase, type Database } from "../scripts/lib/database";

const TEST_DATABASE = "switchyard_test";
let server: Database | undefined;

export async function setup() {
  server = await resolveDatabase({ name: "pg-test", port: 54339, database: "postgres" });
  const adminUrl = new URL(server.url);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${TEST_DATABASE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEST_DATABASE}"`);
  await admin.end();
  const testUrl = new URL(server.url);
  testUrl.pathname = `/${TEST_DATABASE}`;
  process.env.DATABASE_URL = testUrl.toString();
  await migrateDeploy(process.env.DATABASE_URL);
}

export async function teardown() {
  await server?.stop();
}
