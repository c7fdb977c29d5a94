/**
 * Queues sync jobs through SQL (graphile-worker's add_job), so the app and the worker can both ask
 * for a sync, inside their own transactions when they need to. One pending job per person or
 * repository (job keys); leases make sure only one runs at a time.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { repositoriesNeedingScopedSync } from "./sync-repository";

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

/**
 * Poll this person closely for a while (a task was just started from Switchyard) and sync now.
 */
export async function watchUser(db: Db, userId: string, seconds = 60) {
  await db.$executeRaw`
    INSERT INTO "UserSyncState" ("userId", "watchUntil", "updatedAt")
    VALUES (${userId}, now() + make_interval(secs => ${seconds}), now())
    ON CONFLICT ("userId") DO UPDATE SET "watchUntil" = EXCLUDED."watchUntil", "updatedAt" = now()`;
  await queueUserSync(db, userId);
}

/**
 * The repair pass (every minute): every person with a usable token, and every repository that needs
 * a scoped sync, has a pending job. Chains broken by a crash or a new sign-in start again here.
 */
export async function scheduleAllSyncs(db: Db): Promise<{ users: number; repositories: number }> {
  const users = await db.$queryRaw<{ id: string; nextRunAt: Date | null }[]>`
    SELECT u.id, s."nextRunAt" FROM "User" u
    JOIN "Account" a ON a."userId" = u.id AND a.provider = 'github'
    LEFT JOIN "UserSyncState" s ON s."userId" = u.id
    WHERE a.access_token IS NOT NULL AND a."tokenProblem" IS NULL AND u."githubId" IS NOT NULL
      AND u."accessRevokedAt" IS NULL`;
  for (const user of users) {
    const runAt = user.nextRunAt && user.nextRunAt > new Date() ? user.nextRunAt : new Date();
    await queueUserSync(db, user.id, runAt, "preserve_run_at");
  }
  const repositories = await repositoriesNeedingScopedSync(db as PrismaClient);
  for (const { repositoryId } of repositories)
    await queueRepositorySync(db, repositoryId, new Date(), "preserve_run_at");
  return { users: users.length, repositories: repositories.length };
}
