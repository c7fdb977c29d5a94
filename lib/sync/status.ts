import "server-only";
import { db } from "@/lib/db";

export type SyncStatusRow = {
  userId: string;
  login: string;
  status: string;
  lastError: string | null;
  lastSuccessAt: Date | null;
  nextRunAt: Date | null;
  confirmedAt: Date | null;
  rateRemaining: number | null;
  rateLimit: number | null;
  tasks: number;
  lastCycleRequests: number | null;
};

/** Every signed-in person's sync: how fresh their tasks are and what went wrong, for Settings. */
export async function listSyncStatus(): Promise<SyncStatusRow[]> {
  const rows = await db.$queryRaw<
    (Omit<SyncStatusRow, "tasks" | "lastCycleRequests"> & {
      tasks: bigint;
      lastCycle: { requests?: number } | null;
      tokenProblem: string | null;
    })[]
  >`
    SELECT u.id AS "userId", u.login, COALESCE(s.status::text, 'waiting') AS status, s."lastError",
      s."lastSuccessAt", s."nextRunAt", s."confirmedAt", s."rateRemaining", s."rateLimit", s."lastCycle",
      a."tokenProblem",
      (SELECT count(*) FROM "Task" t WHERE t."creatorGithubId" = u."githubId") AS tasks
    FROM "User" u
    JOIN "Account" a ON a."userId" = u.id AND a.provider = 'github'
    LEFT JOIN "UserSyncState" s ON s."userId" = u.id
    ORDER BY u.login`;
  return rows.map(({ tasks, lastCycle, tokenProblem, ...row }) => ({
    ...row,
    status: tokenProblem ? "token_problem" : row.status,
    lastError:
      tokenProblem && !row.lastError ? "GitHub no longer accepts this person's sign-in." : row.lastError,
    tasks: Number(tasks),
    lastCycleRequests: lastCycle?.requests ?? null,
  }));
}
