/**
 * `npm run dev`: everything a newcomer needs, with no configuration.
 * - PostgreSQL: DATABASE_URL if set, else an embedded PostgreSQL 17 under .data/pg (migrated).
 * - Demo mode (no AUTH_GITHUB_ID): the local GitHub emulator on :4010, demo secrets, seeded data.
 * - Next.js dev server on :3000 and the background worker, stopped together on Ctrl-C.
 */
import "dotenv/config";
import path from "node:path";
import { DATA_DIR, migrateDeploy, resolveDatabase, run } from "./lib/database";
import { demoEnvironment, demoSecrets, isDemoMode } from "./lib/demo";
import { labelledWriter, supervise } from "./lib/supervise";
import { parseEnv } from "../lib/env";

const port = Number(process.env.PORT ?? 3000);
const appUrl = `http://localhost:${port}`;

async function main() {
  const started = Date.now();
  const database = await resolveDatabase({
    name: "pg",
    port: Number(process.env.DEV_DATABASE_PORT ?? 54329),
    database: "switchyard",
  });
  let stopEmulator = async () => {};
  try {
    // Demo mode's key lives in .data/demo-secrets.json: webhook settings from before are encrypted with it.
    await migrateDeploy(
      database.url,
      isDemoMode()
        ? {
            ...process.env,
            TOKEN_ENCRYPTION_KEY: process.env.TOKEN_ENCRYPTION_KEY || demoSecrets().TOKEN_ENCRYPTION_KEY,
          }
        : process.env,
    );
    const env: Record<string, string> = { DATABASE_URL: database.url };

    if (isDemoMode()) {
      const { startEmulator } = await import("../github-emulator/server");
      const { optionsFromEnv } = await import("../github-emulator/core/options");
      const out = labelledWriter("emulator", process.stdout);
      const err = labelledWriter("emulator", process.stderr);
      const emulator = await startEmulator({
        port: 4010,
        stateFile: path.join(DATA_DIR, "github-emulator.json"),
        ...Object.fromEntries(Object.entries(optionsFromEnv()).filter(([, value]) => value !== undefined)),
        // The emulator runs in this process; its lines are labelled like the children's.
        logger: {
          info: (...parts: unknown[]) => out(`${parts.map(String).join(" ")}\n`),
          warn: (...parts: unknown[]) => err(`${parts.map(String).join(" ")}\n`),
          error: (...parts: unknown[]) => err(`${parts.map(String).join(" ")}\n`),
        },
      });
      stopEmulator = emulator.close;
      Object.assign(env, demoEnvironment(emulator.url, appUrl));
      console.info(
        `demo mode: GitHub emulator at ${emulator.url} (sign in as alice, bob, carol or dave; mallory is refused)`,
      );
    }

    parseEnv({ ...process.env, ...env }); // fail fast, naming the bad variable
    await run("tsx", ["prisma/seed.ts"], env);
    console.info(
      `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: database ${database.embedded ? "embedded" : "external"}, starting Next.js and the worker`,
    );
    supervise(
      [
        { name: "next", command: "next", args: ["dev", "-p", String(port)], env },
        { name: "worker", command: "tsx", args: ["worker/index.ts"], env },
      ],
      async () => {
        await stopEmulator();
        await database.stop();
      },
    );
  } catch (error) {
    await stopEmulator().catch(() => {});
    await database.stop().catch(() => {});
    throw error;
  }
}

main().catch((error) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
