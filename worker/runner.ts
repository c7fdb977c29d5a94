/**
 * The background worker: a graphile-worker runner on Switchyard's own Postgres.
 * Jobs are claimed with row locks (SKIP LOCKED), so any number of workers can share one database.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { Logger, run, runMigrations, type Runner, type TaskList } from "graphile-worker";
import pg from "pg";

export type WorkerOptions = {
  connectionString: string;
  /** Jobs at once in the general lane. */
  concurrency?: number;
  taskList?: TaskList;
  /** graphile-worker crontab lines; each fires once per schedule across all workers. */
  crontab?: string;
  /**
   * Tasks with slots of their own (sync): a backlog elsewhere (a first sync's thousands of
   * state-change events, a campaign) never makes them wait for a free slot.
   */
  lane?: { tasks: readonly string[]; concurrency: number; pollInterval?: number };
};

const HEARTBEAT_MS = 15_000;
const POLL_MS = 2_000;

/** graphile-worker logs every completed job at info level; sync runs every few seconds, so keep warnings and errors. */
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error") console.error(`worker: ${message}`);
  else if (level === "warning") console.warn(`worker: ${message}`);
});

export async function startWorker(
  options: WorkerOptions,
): Promise<{ runner: Runner; stop: () => Promise<void> }> {
  const concurrency = options.concurrency ?? 6;
  const lane = options.lane;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    // Each runner holds one connection to LISTEN on, and each running job may hold one.
    max: concurrency + 2 + (lane ? lane.concurrency + 1 : 0),
  });
  // An idle connection dropped by the server (restart, failover, shutdown) must not crash the worker.
  pool.on("error", (error) => console.error(`worker: database connection lost: ${error.message}`));
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date();
  const beat = () =>
    pool.query(
      `INSERT INTO "WorkerHeartbeat" ("workerId", hostname, pid, "startedAt", "lastBeatAt")
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT ("workerId") DO UPDATE SET "lastBeatAt" = now()`,
      [workerId, hostname(), process.pid, startedAt],
    );
  await beat();
  const timer = setInterval(
    () => void beat().catch((error) => console.error("heartbeat failed:", error)),
    HEARTBEAT_MS,
  );

  await migrateQueueOnce(pool);
  // A runner only claims jobs of the tasks in its own list, so splitting the list splits the slots.
  const all = options.taskList ?? {};
  const inLane = (name: string) => lane?.tasks.includes(name) ?? false;
  const pick = (keep: (name: string) => boolean): TaskList =>
    Object.fromEntries(Object.entries(all).filter(([name]) => keep(name)));
  const runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    logger: quietLogger,
    pollInterval: POLL_MS,
    taskList: pick((name) => !inLane(name)),
    crontab: options.crontab ?? "",
  });
  const laneRunner = lane
    ? await run({
        pgPool: pool,
        concurrency: lane.concurrency,
        noHandleSignals: true,
        logger: quietLogger,
        pollInterval: lane.pollInterval ?? POLL_MS,
        taskList: pick(inLane),
      })
    : null;

  return {
    runner,
    stop: async () => {
      clearInterval(timer);
      await Promise.all([runner.stop(), laneRunner?.stop()]);
      await pool.query(`DELETE FROM "WorkerHeartbeat" WHERE "workerId" = $1`, [workerId]).catch(() => {});
      await pool.end();
    },
  };
}

/**
 * Installs or upgrades the job queue's schema. Run at deploy time too, so the app can queue jobs
 * (in the same transaction as its own writes) before any worker has started.
 */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  const pool = new pg.Pool({ connectionString, max: 2 });
  try {
    await migrateQueueOnce(pool);
  } finally {
    await pool.end();
  }
}

/** graphile-worker installs its schema on start; workers starting together must not race on it. */
async function migrateQueueOnce(pool: pg.Pool) {
  const lockClient = await pool.connect();
  try {
    await lockClient.query("SELECT pg_advisory_lock(hashtext('switchyard:job-queue-migrations'))");
    await runMigrations({ pgPool: pool });
  } finally {
    await lockClient.query("SELECT pg_advisory_unlock(hashtext('switchyard:job-queue-migrations'))");
    lockClient.release();
  }
}
