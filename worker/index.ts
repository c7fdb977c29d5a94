/** `npm run worker`: starts one worker process. Run as many as you like against one database. */
import "dotenv/config";
import { hostname } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { keyringFromEnv } from "../lib/secrets/token-cipher";
import { accessPolicyFrom } from "../lib/auth/access";
import { createTokenProvider } from "../lib/secrets/token-provider";
import { getEnv } from "../lib/env";
import { createGitHubClient } from "../lib/github";
import { scheduleActiveCampaigns } from "../lib/campaigns/schedule";
import { scheduleAllSyncs } from "../lib/sync/schedule";
import { startWorker } from "./runner";
import { createTaskList, crontab, SYNC_TASKS } from "./tasks";

/** Jobs at once: sync in a lane of its own (freshness), everything else in the general lane. */
const SYNC_CONCURRENCY = 8;
const GENERAL_CONCURRENCY = 6;

const env = getEnv();
const db = new PrismaClient({
  // A connection for every job that can run at once, and a few for the schedulers.
  adapter: new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: SYNC_CONCURRENCY + GENERAL_CONCURRENCY + 2,
  }),
});
const tokens = createTokenProvider({
  db,
  keyring: keyringFromEnv(env),
  webUrl: env.GITHUB_WEB_URL,
  clientId: env.AUTH_GITHUB_ID ?? "",
  clientSecret: env.AUTH_GITHUB_SECRET ?? "",
});
const taskList = createTaskList({
  db,
  appUrl: env.AUTH_URL ?? "http://localhost:3000",
  accessPolicy: accessPolicyFrom(env),
  testClock: env.SWITCHYARD_TEST_CLOCK === "1",
  workerId: `${hostname()}:${process.pid}`,
  clientFor: async (userId, options) =>
    createGitHubClient({
      token: await tokens.tokenFor(userId, options),
      baseUrl: env.GITHUB_API_URL,
      timeoutMs: 15_000,
      actingFor: userId,
    }),
  config: {
    ...(env.SYNC_ACTIVE_SECONDS ? { activeSeconds: env.SYNC_ACTIVE_SECONDS } : {}),
    ...(env.SYNC_SETTLED_SECONDS ? { settledSeconds: env.SYNC_SETTLED_SECONDS } : {}),
    ...(env.SYNC_BUDGET_SHARE ? { budgetShare: env.SYNC_BUDGET_SHARE } : {}),
  },
});
const worker = await startWorker({
  connectionString: env.DATABASE_URL,
  taskList,
  crontab,
  concurrency: GENERAL_CONCURRENCY,
  // Polled every second: a cycle due now starts within a second, not within the general two.
  lane: { tasks: SYNC_TASKS, concurrency: SYNC_CONCURRENCY, pollInterval: 1_000 },
});
// Campaigns a killed worker was running continue at once (their locks died with its connections).
await scheduleActiveCampaigns(db);
await scheduleAllSyncs(db);
console.info("worker: started");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await db.$disconnect();
    console.info("worker: stopped");
    process.exit(0);
  });
}
