/**
 * Zero-setup PostgreSQL for dev and tests: when DATABASE_URL is unset, start an embedded
 * PostgreSQL 17 in a git-ignored folder; otherwise check the given server is reachable.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../generated/prisma/client";
import { keyringFromEnv } from "../../lib/secrets/token-cipher";
import { envSchema } from "../../lib/env";
import { reencryptWebhookFields } from "../../lib/secrets/webhook-secrets";
import { migrateJobQueue } from "../../worker/runner";
import { postgresHome } from "./postgres-home";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const DATA_DIR = path.join(ROOT, ".data");

export type Database = { url: string; embedded: boolean; stop: () => Promise<void> };

export async function startEmbeddedPostgres(options: {
  name: string;
  port: number;
  database: string;
}): Promise<Database> {
  // As root, somewhere the postgres user can reach (see postgres-home.ts); else .data as usual.
  const home = await postgresHome(ROOT, DATA_DIR);
  if (home.note) console.info(home.note);
  const dir = path.join(home.dataRoot, options.name);
  const firstRun = !existsSync(path.join(dir, "PG_VERSION"));
  const server = new home.EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (firstRun) await server.initialise();
  await server.start();
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  await admin.end();
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${options.port}/${options.database}`,
    embedded: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** Connects once to prove an external DATABASE_URL works, with an error a person can act on. */
export async function checkExternalDatabase(url: string): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error("not a postgresql:// URL");
  } catch {
    throw new Error("DATABASE_URL is not a valid postgresql:// connection URL.");
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `DATABASE_URL points at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}, which could not be used: ${reason}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  return { url, embedded: false, stop: async () => {} };
}

export async function resolveDatabase(defaults: { name: string; port: number; database: string }) {
  const url = process.env.DATABASE_URL?.trim();
  return url ? checkExternalDatabase(url) : startEmbeddedPostgres(defaults);
}

/**
 * Drops and recreates `name` on the server behind `serverUrl` (as a copy of `template`, when given);
 * returns the new database's URL.
 */
export async function recreateDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  return databaseUrl.toString();
}

/**
 * Applies committed migrations with Prisma's wasm schema engine (see docs/stack-traps.md §1), then the job
 * queue's, then encrypts webhook settings stored before encryption at rest (needs the key, which SQL
 * migrations do not have; `environment` is where TOKEN_ENCRYPTION_KEY is read).
 */
export async function migrateDeploy(
  databaseUrl: string,
  environment: Record<string, string | undefined> = process.env,
): Promise<void> {
  await run(
    process.execPath,
    [
      "--require",
      path.join(ROOT, "scripts/unref-long-timers.cjs"),
      path.join(ROOT, "node_modules/prisma/build/index.js"),
      "migrate",
      "deploy",
    ],
    { DATABASE_URL: databaseUrl },
    true,
  );
  await migrateJobQueue(databaseUrl);
  await applySqlObjects(databaseUrl);
  await sealLegacySecrets(databaseUrl, environment);
}

/** Webhook URLs and secrets still in plain text (saved before they were encrypted) are encrypted in place. */
async function sealLegacySecrets(
  databaseUrl: string,
  environment: Record<string, string | undefined>,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let plain: number;
  try {
    const result = await client.query<{ count: string }>(`
      SELECT (SELECT count(*) FROM "User" WHERE "webhookUrl" !~ '^v[12][.]' OR "webhookSecret" !~ '^v[12][.]')
           + (SELECT count(*) FROM "Team" WHERE "webhookUrl" !~ '^v[12][.]' OR "webhookSecret" !~ '^v[12][.]')
        AS count`);
    plain = Number(result.rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
  if (plain === 0) return;
  const keys = envSchema
    .pick({ TOKEN_ENCRYPTION_KEY: true, TOKEN_ENCRYPTION_KEYS_PREVIOUS: true })
    .safeParse(environment);
  const keyring = keys.success ? keyringFromEnv(keys.data) : null;
  if (!keyring) {
    console.warn(
      `database: ${plain} people or teams have webhook settings stored unencrypted; set TOKEN_ENCRYPTION_KEY and run npm run rotate-key (webhooks are not sent until then).`,
    );
    return;
  }
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const report = await reencryptWebhookFields(db, keyring);
    console.info(`database: encrypted ${report.plaintext} webhook settings stored before encryption at rest`);
  } finally {
    await db.$disconnect();
  }
}

/** Triggers and functions Prisma's migration runner cannot express (see prisma/sql/). Idempotent. */
async function applySqlObjects(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const folder = path.join(ROOT, "prisma/sql");
    for (const file of readdirSync(folder)
      .filter((name) => name.endsWith(".sql"))
      .sort())
      await client.query(readFileSync(path.join(folder, file), "utf8"));
  } finally {
    await client.end();
  }
}

export function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  quiet = false,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env, CHECKPOINT_DISABLE: "1" },
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[2] ?? command)} failed:\n${output}`)),
    );
  });
}
