/**
 * What Playwright's webServer runs: a fresh database of its own, the GitHub emulator, demo seed,
 * then `next build` and `next start` — the production build, never the dev server.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { DATA_DIR, migrateDeploy, recreateDatabase, resolveDatabase, run } from "./lib/database";
import { demoEnvironment } from "./lib/demo";
import { supervise } from "./lib/supervise";

const port = Number(process.env.E2E_PORT ?? 3100);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 4011);
const E2E_DATABASE = "switchyard_e2e";

const server = await resolveDatabase({
  name: "pg-e2e",
  port: Number(process.env.E2E_DATABASE_PORT ?? 54349),
  database: "postgres",
});
const databaseUrl = await recreateDatabase(server.url, E2E_DATABASE);
await migrateDeploy(databaseUrl);

const { startEmulator } = await import("../github-emulator/server");
const emulator = await startEmulator({ port: emulatorPort, speed: 30, stateFile: undefined });
const env = {
  ...demoEnvironment(emulator.url, `http://localhost:${port}`),
  DATABASE_URL: databaseUrl,
  NODE_ENV: "production",
  // As in production: no webhook may point at this machine (e2e/access.spec.ts checks the refusal).
  SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK: "0",
  // The worker also runs `schedule_tick_at` (the scheduler's tick at a given time): how
  // e2e/schedules.spec.ts moves the scheduler's clock. Refused in production outside demo mode.
  SWITCHYARD_TEST_CLOCK: "1",
};
await run("tsx", ["prisma/seed.ts"], env);
if (process.env.E2E_SKIP_BUILD !== "1") await run("next", ["build"], env);
console.info(`e2e: data in ${path.relative(process.cwd(), DATA_DIR)}, emulator ${emulator.url}`);

const logFile = path.join(DATA_DIR, "e2e-app.log");
rmSync(logFile, { force: true });
supervise(
  [
    { name: "next", command: "next", args: ["start", "-p", String(port)], env, logFile },
    { name: "worker", command: "tsx", args: ["worker/index.ts"], env, logFile },
  ],
  async () => {
    await emulator.close();
    await server.stop();
  },
);
