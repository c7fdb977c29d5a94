/**
 * Queues refreshes of people's visible repositories (job `repository_access`, one pending job per
 * person through its job key), from the app and the worker alike, in the caller's transaction.
 */
import type { PrismaClient } from "@/generated/prisma/client";

type Db = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

export const accessJobKey = (userId: string) => `repository-access:${userId}`;

/** `replace` runs it at `runAt` whatever was planned; `preserve_run_at` keeps an earlier plan. */
export async function queueAccessRefresh(
  db: Db,
  userId: string,
  runAt = new Date(),
  mode: "replace" | "preserve_run_at" = "replace",
) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('repository_access', json_build_object('userId', ${userId}::text),
      run_at := ${runAt}, job_key := ${accessJobKey(userId)}, job_key_mode := ${mode}, max_attempts := 3)`;
}

/**
 * The repair pass (every minute, with the sync's): every person with a usable token has a pending
 * refresh, at the time its last pass planned (or now, for someone who just signed in).
 */
export async function scheduleAccessRefreshes(db: Db): Promise<number> {
  const people = await db.$queryRaw<{ id: string; nextRunAt: Date | null; status: string | null }[]>`
    SELECT u.id, s."nextRunAt", s.status FROM "User" u
    JOIN "Account" a ON a."userId" = u.id AND a.provider = 'github'
    LEFT JOIN "RepositoryAccessState" s ON s."userId" = u.id
    WHERE a.access_token IS NOT NULL AND a."tokenProblem" IS NULL`;
  const now = new Date();
  for (const person of people) {
    // A token problem stopped the chain; a new sign-in (tokenProblem cleared) starts it again now.
    const runAt =
      person.status !== "token_problem" && person.nextRunAt && person.nextRunAt > now
        ? person.nextRunAt
        : now;
    await queueAccessRefresh(db, person.id, runAt, "preserve_run_at");
  }
  return people.length;
}

/**
 * Someone created a repository through Switchyard: GitHub shows it to them, so it is visible to
 * them here at once; a refresh follows to settle everything else (e.g. a team's access to it).
 */
export async function grantCreatedRepository(db: Db, userId: string, repositoryId: bigint) {
  await db.$executeRaw`
    INSERT INTO "RepositoryAccess" ("userId", "repositoryId") VALUES (${userId}, ${repositoryId})
    ON CONFLICT DO NOTHING`;
  await queueAccessRefresh(db, userId);
}
