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
  concurrency?: number;
  taskList?: TaskList;
  /** graphile-worker crontab lines; each fires once per schedule across all workers. */
  crontab?: string;
};

const HEARTBEAT_MS = 15_000;

/** graphile-worker logs every completed job at info level; sync runs every few seconds, so keep warnings and errors. */
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error") console.error(`worker: ${message}`);
  else if (level === "warning") console.warn(`worker: ${message}`);
});

export async function startWorker(
  options: WorkerOptions,
): Promise<{ runner: Runner; stop: () => Promise<void> }> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: (options.concurrency ?? 6) + 2,
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
  const runner = await run({
    pgPool: pool,
    concurrency: options.concurrency ?? 6,
    noHandleSignals: true,
    logger: quietLogger,
    pollInterval: 2_000,
    taskList: options.taskList ?? {},
    crontab: options.crontab ?? "",
  });

  return {
    runner,
    stop: async () => {
      clearInterval(timer);
      await runner.stop();
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
