/**
 * Writes to the task store. Every write is idempotent (keyed by GitHub ids), never lets older data
 * overwrite newer (guarded by GitHub's updated_at), and records each state change together with its
 * domain event (in a `task_state_changed` job with the statement's other changes) in the same
 * statement, so none is lost or doubled.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { SessionRow, TaskRow, TaskStateValue } from "./mapping";
import { RUNNING_STATES } from "@/lib/task-states";

export type ObservedVia = "launch" | "user_list" | "repo_list" | "detail" | "refresh";

export type RecordedChange = {
  id: bigint;
  taskId: string;
  fromState: TaskStateValue | null;
  toState: TaskStateValue;
};

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

/**
 * Options for a transaction that writes tasks with more than upsertTasks: writers queue on one lock
 * (prisma/sql/task-upsert.sql), and waiting for it counts against Prisma's interactive-transaction
 * timeout (5 s by default), which a fleet's first sync outlasts.
 */
export const TASK_WRITE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;

/**
 * Makes sure every repository id has a row (name inferred from the task URL until resolved) and
 * returns the ids that still need resolving through GitHub.
 */
export async function ensureRepositories(
  db: Db,
  repositories: { id: string; owner: string; name: string }[],
): Promise<string[]> {
  if (repositories.length === 0) return [];
  const unique = [...new Map(repositories.map((repo) => [repo.id, repo])).values()];
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) AS x(id bigint, owner text, name text)
    ), inserted AS (
      INSERT INTO "Repository" (id, owner, name, "updatedAt")
      SELECT id, owner, name, now() FROM input
      ON CONFLICT (id) DO NOTHING
    )
    SELECT r.id FROM "Repository" r JOIN input i ON i.id = r.id WHERE r."resolvedAt" IS NULL
    UNION
    SELECT i.id FROM input i WHERE NOT EXISTS (SELECT 1 FROM "Repository" r WHERE r.id = i.id)`;
  return rows.map((row) => row.id.toString());
}

export async function saveResolvedRepository(
  db: Db,
  repo: { id: string; owner: string; name: string; defaultBranch: string | null; visibility: string | null },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Repository" (id, owner, name, "defaultBranch", visibility, "resolvedAt", "updatedAt")
    VALUES (${BigInt(repo.id)}, ${repo.owner}, ${repo.name}, ${repo.defaultBranch}, ${repo.visibility}, now(), now())
    ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, name = EXCLUDED.name,
      "defaultBranch" = EXCLUDED."defaultBranch", visibility = EXCLUDED.visibility,
      "resolvedAt" = now(), "updatedAt" = now()`;
}

/** Deletes or rewrites tasks outside `upsertTasks` (cleanup) under the same writer lock. */
export async function withTaskWriteLock<T>(
  db: Pick<PrismaClient, "$transaction">,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('switchyard:task-writes', 0))`;
    return work(tx);
  });
}

/**
 * Upserts tasks and records state changes, in one statement that takes the task-write lock itself:
 * on its own it commits at once (the lock held only while the database works); inside a
 * transaction the lock lasts until that commits. Returns the changes recorded by this call
 * (another worker that observed the same change first makes this one record nothing).
 */
export async function upsertTasks(db: Db, tasks: TaskRow[], via: ObservedVia): Promise<RecordedChange[]> {
  if (tasks.length === 0) return [];
  // One row per task id; the newest wins if a page repeats one.
  const unique = new Map<string, TaskRow>();
  for (const task of tasks) {
    const seen = unique.get(task.id);
    if (!seen || seen.githubUpdatedAt <= task.githubUpdatedAt) unique.set(task.id, task);
  }
  // The lock, the upsert, the changes and their event in one statement: prisma/sql/task-upsert.sql.
  return db.$queryRaw<RecordedChange[]>`
    SELECT id, "taskId", "fromState", "toState"
    FROM switchyard_upsert_tasks(${JSON.stringify([...unique.values()])}::jsonb, ${via})`;
}

/**
 * Stores the sessions of tasks read in full, then the task's figures derived from them: the first
 * prompt, the latest model and error, and usage summed exactly per unit.
 */
export async function upsertSessions(
  db: Db,
  sessions: SessionRow[],
  detailOf: { taskId: string; githubUpdatedAt: string }[],
): Promise<void> {
  if (detailOf.length === 0) return;
  if (sessions.length > 0) {
    await db.$executeRaw`
      INSERT INTO "TaskSession" (id, "taskId", state, name, prompt, "headRef", "baseRef", model,
        "githubUserId", "usageType", "creditsNano", "premiumRequests", "errorMessage", "createdAt",
        "githubUpdatedAt", "completedAt", "lastConfirmedAt")
      SELECT id, "taskId", state::"TaskState", name, prompt, "headRef", "baseRef", model,
        "githubUserId", "usageType"::"UsageType", "creditsNano", "premiumRequests", "errorMessage",
        "createdAt", "githubUpdatedAt", "completedAt", now()
      FROM jsonb_to_recordset(${JSON.stringify(sessions)}::jsonb) AS x(
        id text, "taskId" text, state text, name text, prompt text, "headRef" text, "baseRef" text,
        model text, "githubUserId" bigint, "usageType" text, "creditsNano" bigint,
        "premiumRequests" numeric, "errorMessage" text, "createdAt" timestamptz,
        "githubUpdatedAt" timestamptz, "completedAt" timestamptz)
      WHERE EXISTS (SELECT 1 FROM "Task" t WHERE t.id = x."taskId")
      ON CONFLICT (id) DO UPDATE SET
        state = EXCLUDED.state, name = EXCLUDED.name, prompt = EXCLUDED.prompt,
        "headRef" = EXCLUDED."headRef", "baseRef" = EXCLUDED."baseRef", model = EXCLUDED.model,
        "githubUserId" = EXCLUDED."githubUserId", "usageType" = EXCLUDED."usageType",
        "creditsNano" = EXCLUDED."creditsNano", "premiumRequests" = EXCLUDED."premiumRequests",
        "errorMessage" = EXCLUDED."errorMessage", "githubUpdatedAt" = EXCLUDED."githubUpdatedAt",
        "completedAt" = EXCLUDED."completedAt", "lastConfirmedAt" = now()
      WHERE "TaskSession"."githubUpdatedAt" IS NULL
         OR EXCLUDED."githubUpdatedAt" IS NULL
         OR "TaskSession"."githubUpdatedAt" <= EXCLUDED."githubUpdatedAt"`;
  }
  await db.$executeRaw`
    WITH detail AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(detailOf)}::jsonb)
        AS x("taskId" text, "githubUpdatedAt" timestamptz)
    ), figures AS (
      SELECT s."taskId",
        COALESCE(sum(s."creditsNano"), 0) AS credits,
        COALESCE(sum(s."premiumRequests"), 0) AS premium,
        (array_agg(s.prompt ORDER BY s."createdAt", s.id) FILTER (WHERE s.prompt IS NOT NULL))[1] AS prompt,
        (array_agg(s.model ORDER BY s."createdAt" DESC, s.id DESC) FILTER (WHERE s.model IS NOT NULL))[1] AS model,
        (array_agg(s."errorMessage" ORDER BY s."createdAt" DESC, s.id DESC))[1] AS error
      FROM "TaskSession" s JOIN detail d ON d."taskId" = s."taskId"
      GROUP BY s."taskId"
    )
    UPDATE "Task" t SET
      "creditsNano" = COALESCE(f.credits, 0),
      "premiumRequests" = COALESCE(f.premium, 0),
      prompt = COALESCE(f.prompt, t.prompt),
      model = f.model,
      "errorMessage" = f.error,
      "detailUpdatedAt" = GREATEST(t."detailUpdatedAt", d."githubUpdatedAt")
    FROM detail d LEFT JOIN figures f ON f."taskId" = d."taskId"
    WHERE t.id = d."taskId"`;
}

/** Marks tasks as matching GitHub now without rewriting them (an unchanged conditional list). */
export async function confirmTasks(
  db: Db,
  where: { creatorGithubId: string } | { repositoryId: string; creatorGithubIds: string[] },
  options: { olderThanSeconds: number },
): Promise<number> {
  const activeStates: readonly string[] = RUNNING_STATES;
  if ("creatorGithubId" in where) {
    // In-flight rows every time; settled rows when their confirmation is getting old (saves churn).
    return db.$executeRaw`
      UPDATE "Task" SET "lastConfirmedAt" = now()
      WHERE "creatorGithubId" = ${BigInt(where.creatorGithubId)}
        AND (state::text = ANY(${activeStates})
             OR "lastConfirmedAt" < now() - make_interval(secs => ${options.olderThanSeconds}))`;
  }
  return db.$executeRaw`
    UPDATE "Task" SET "lastConfirmedAt" = now()
    WHERE "repositoryId" = ${BigInt(where.repositoryId)}
      AND "creatorGithubId" = ANY(${where.creatorGithubIds.map(BigInt)})
      AND (state::text = ANY(${activeStates})
           OR "lastConfirmedAt" < now() - make_interval(secs => ${options.olderThanSeconds}))`;
}
