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
  }, TASK_WRITE_TRANSACTION);
}

/**
 * Upserts tasks and records state changes, in one statement that takes the task-write lock itself:
 * on its own it commits at once (the lock held only while the database works); inside a
 * transaction the lock lasts until that commits. Returns the changes recorded by this call
 * (another worker that observed the same change first makes this one record nothing).
 */
export async function upsertTasks(db: Db, tasks: TaskRow[], via: ObservedVia): Promise<RecordedChange[]> {
  if (tasks.length === 0) return [];
  // The lock, the upsert, the changes and their event in one statement: prisma/sql/task-upsert.sql.
  return db.$queryRaw<RecordedChange[]>`
    SELECT id, "taskId", "fromState", "toState"
    FROM switchyard_upsert_tasks(${JSON.stringify(newestPerTask(tasks))}::jsonb, ${via})`;
}

/** One row per task id: the newest wins if a page (or a batch of reads) repeats one. */
function newestPerTask(tasks: TaskRow[]): TaskRow[] {
  const unique = new Map<string, TaskRow>();
  for (const task of tasks) {
    const seen = unique.get(task.id);
    if (!seen || seen.githubUpdatedAt <= task.githubUpdatedAt) unique.set(task.id, task);
  }
  return [...unique.values()];
}

/**
 * Tasks read in full: the upsert (with its state changes, as upsertTasks), their sessions, and each
 * task's figures derived from them (the first prompt, the latest model and error, usage summed
 * exactly per unit), in one statement (prisma/sql/task-upsert.sql), so the task-write lock is held
 * only while the database works. Returns the changes recorded, as upsertTasks.
 */
export async function storeTaskDetails(
  db: Db,
  rows: TaskRow[],
  sessions: SessionRow[],
  via: ObservedVia,
): Promise<RecordedChange[]> {
  if (rows.length === 0) return [];
  const unique = newestPerTask(rows);
  const detail = unique.map((row) => ({ taskId: row.id, githubUpdatedAt: row.githubUpdatedAt }));
  return db.$queryRaw<RecordedChange[]>`
    SELECT id, "taskId", "fromState", "toState"
    FROM switchyard_store_details(${JSON.stringify(unique)}::jsonb, ${JSON.stringify(sessions)}::jsonb,
      ${JSON.stringify(detail)}::jsonb, ${via})`;
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
