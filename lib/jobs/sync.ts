/**
 * Queues the sync jobs through SQL (graphile-worker's add_job), so the app and the worker can both
 * ask for a sync, inside their own transactions when they need to. One pending job per person or
 * repository (job keys); leases make sure only one runs at a time. Outside lib/sync, so sign-in
 * (lib/auth) can start a person's sync without auth and sync depending on each other.
 */
import type { PrismaClient } from "@/generated/prisma/client";

type Db = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

export const userSyncJobKey = (userId: string) => `sync-user:${userId}`;
export const repositorySyncJobKey = (repositoryId: string) => `sync-repository:${repositoryId}`;

/**
 * `replace`: run at `runAt` whatever was planned (after a cycle, or "sync now").
 * `preserve_run_at`: make sure a job exists, keeping an earlier plan (the scheduler's repair pass).
 */
type Mode = "replace" | "preserve_run_at";

export async function queueUserSync(db: Db, userId: string, runAt = new Date(), mode: Mode = "replace") {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('sync_user', json_build_object('userId', ${userId}::text),
      run_at := ${runAt}, job_key := ${userSyncJobKey(userId)}, job_key_mode := ${mode}, max_attempts := 3)`;
}

export async function queueRepositorySync(
  db: Db,
  repositoryId: string,
  runAt = new Date(),
  mode: Mode = "replace",
) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('sync_repository', json_build_object('repositoryId', ${repositoryId}::text),
      run_at := ${runAt}, job_key := ${repositorySyncJobKey(repositoryId)}, job_key_mode := ${mode},
      max_attempts := 3)`;
}

/** Removes this person's pending sync job (their access ended); a running cycle stops on its own. */
export async function stopUserSync(db: Db, userId: string) {
  await db.$executeRaw`SELECT graphile_worker.remove_job(${userSyncJobKey(userId)})`;
}

export const circuitProbeJobKey = "sync-circuit-probe";

/** The outage circuit's next probe (lib/sync/circuit.ts); one pending at a time, the earliest kept. */
export async function queueCircuitProbe(db: Db, runAt: Date) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('sync_probe', '{}'::json, run_at := ${runAt},
      job_key := ${circuitProbeJobKey}, job_key_mode := 'preserve_run_at', max_attempts := 3)`;
}
