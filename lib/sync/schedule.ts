/**
 * When people and repositories sync: watching a person closely after a start, and the repair pass
 * that makes sure every one has a pending job (the queueing itself is lib/jobs/sync.ts).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { queueRepositorySync, queueUserSync } from "@/lib/jobs/sync";
import type { SyncDeps } from "./common";
import { repositoriesNeedingScopedSync } from "./sync-repository";
import { syncUserCycle } from "./sync-user";

type Db = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

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

/**
 * The outage circuit's probe (job `sync_probe`): the cycle of one person waiting on the circuit,
 * the one who last synced well first. Its outcome closes the circuit (and resumes everyone) or
 * keeps it open with the next probe queued (lib/sync/circuit.ts).
 */
export async function runCircuitProbe(deps: SyncDeps): Promise<void> {
  const [waiting] = await deps.db.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM "UserSyncState" WHERE status = 'github_unavailable'
    ORDER BY "lastSuccessAt" DESC NULLS LAST LIMIT 1`;
  if (!waiting) {
    // Nobody waits: nothing to probe for; close so the next cycle goes ahead.
    await deps.db
      .$executeRaw`UPDATE "SyncCircuit" SET "openUntil" = NULL, "failedUsers" = '{}', "updatedAt" = now()`;
    return;
  }
  const report = await syncUserCycle(deps, waiting.userId);
  if (report.nextRunAt) await queueUserSync(deps.db, waiting.userId, report.nextRunAt, "replace");
}
