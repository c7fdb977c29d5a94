/**
 * `tsx scripts/with-db.ts [--no-migrate] -- <command…>`
 * Runs a command with a working DATABASE_URL: the given one (checked), or an embedded
 * PostgreSQL started for the occasion and stopped on exit. Applies migrations first.
 */
import "dotenv/config";
import { migrateDeploy, resolveDatabase } from "./lib/database";
import { supervise } from "./lib/supervise";

const separator = process.argv.indexOf("--");
const flags = process.argv.slice(2, separator === -1 ? undefined : separator);
const [command, ...args] = separator === -1 ? [] : process.argv.slice(separator + 1);
if (!command) {
  console.error("usage: tsx scripts/with-db.ts [--no-migrate] -- <command> [args…]");
  process.exit(2);
}

try {
  const database = await resolveDatabase({
    name: "pg",
    port: Number(process.env.DEV_DATABASE_PORT ?? 54329),
    database: "switchyard",
  });
  if (!flags.includes("--no-migrate")) await migrateDeploy(database.url);
  supervise([{ name: command, command, args, env: { DATABASE_URL: database.url } }], database.stop);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
