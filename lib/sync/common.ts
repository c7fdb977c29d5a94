/**
 * Pieces both syncs share: dependencies, leases, the rate budget guard, repository resolution,
 * detail reads, and turning failures into a status a person can read.
 */
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { SyncStatus } from "@/generated/prisma/enums";
import { TokenUnavailableError } from "@/lib/secrets/token-provider";
import { getRepositoryById, GitHubError, type GitHubClient, type Task } from "@/lib/github";
import { DEFAULT_BUDGET, type BudgetConfig } from "./budget";
import { DEFAULT_CADENCE, type CadenceConfig } from "./cadence";
import { DEFAULT_CIRCUIT, type CircuitConfig } from "./circuit";
import { toSessionRow, toTaskRow, type TaskStateValue } from "./mapping";
import { saveResolvedRepository, storeTaskDetails, type ObservedVia } from "./store";
import { mapLimit } from "@/lib/concurrency";

export type SyncConfig = CadenceConfig &
  BudgetConfig & {
    /** The outage circuit shared by every worker (null: each person backs off alone). */
    circuit: CircuitConfig | null;
    /** Re-list tasks updated this long before the watermark (GitHub's replicas may lag). */
    overlapSeconds: number;
    /** Task reads per cycle; the rest waits for the next cycle (needs-human and in-flight first). */
    detailsPerCycle: number;
    detailConcurrency: number;
    leaseSeconds: number;
    /** Settled rows get a new "confirmed" time at most this often (saves rewriting every row). */
    confirmSettledAfterSeconds: number;
  };

export const DEFAULT_SYNC_CONFIG: SyncConfig = {
  ...DEFAULT_CADENCE,
  ...DEFAULT_BUDGET,
  circuit: DEFAULT_CIRCUIT,
  overlapSeconds: 60,
  detailsPerCycle: 300,
  detailConcurrency: 8,
  leaseSeconds: 120,
  confirmSettledAfterSeconds: 300,
};

export type SyncDeps = {
  db: PrismaClient;
  /** A GitHub client acting as this person (throws TokenUnavailableError when there is none). */
  clientFor: (userId: string, options: { forceRefresh: boolean }) => Promise<GitHubClient>;
  workerId: string;
  config?: Partial<SyncConfig>;
};

export function configOf(deps: SyncDeps): SyncConfig {
  return { ...DEFAULT_SYNC_CONFIG, ...deps.config };
}

/** Stop spending: the last 10% of the primary limit is left for the person's own actions. */
export class BudgetExhaustedError extends Error {
  constructor(
    readonly resetAt: Date,
    message = `Paused to leave the last 10% of the GitHub rate limit for interactive use until ${resetAt.toISOString()}.`,
  ) {
    super(message);
    this.name = "BudgetExhaustedError";
  }
}

export function guardBudget(client: GitHubClient): void {
  const budget = client.rateBudget();
  if (budget?.nearlyExhausted) throw new BudgetExhaustedError(budget.resetAt);
}

/**
 * Before any request: the budget the person's last sync cycle saw. Inside the last 10% and before
 * the reset, nothing is sent (background work of every kind shares the person's one limit).
 */
export async function assertStoredBudget(db: PrismaClient, userId: string, now = new Date()): Promise<void> {
  const state = await db.userSyncState.findUnique({
    where: { userId },
    select: { rateRemaining: true, rateLimit: true, rateResetAt: true },
  });
  if (!state?.rateResetAt || state.rateResetAt <= now || !state.rateLimit || state.rateRemaining === null)
    return;
  if (state.rateRemaining <= state.rateLimit * 0.1) throw new BudgetExhaustedError(state.rateResetAt);
}

export type Failure = {
  /** The SyncStatus a failed pass stores. */
  status: Exclude<SyncStatus, "pending" | "ok" | "access_revoked">;
  message: string;
  /** Do not run before this (a rate limit's reset). */
  notBefore?: Date;
  /** Stop scheduling until something changes (the person signs in again). */
  stop?: boolean;
};

/** Seconds until a failure's `notBefore` (a rate limit's reset), for the cadence; undefined without one. */
export function secondsUntilAllowed(failure: Failure | undefined, now: Date): number | undefined {
  return failure?.notBefore ? Math.max(0, (failure.notBefore.getTime() - now.getTime()) / 1000) : undefined;
}

/** What a sync state row (a person's or a repository's) records about a cycle that ran. */
export function cycleOutcome(cycle: {
  startedAt: Date;
  now: Date;
  failure: Failure | undefined;
  consecutiveErrors: number;
  nextRunAt: Date | null;
}): {
  lastRunAt: Date;
  lastSuccessAt?: Date;
  status: SyncStatus;
  lastError: string | null;
  consecutiveErrors: number;
  nextRunAt: Date | null;
} {
  const { failure } = cycle;
  return {
    lastRunAt: cycle.startedAt,
    ...(failure ? {} : { lastSuccessAt: cycle.now }),
    status: failure?.status ?? "ok",
    lastError: failure?.message ?? null,
    consecutiveErrors: cycle.consecutiveErrors,
    nextRunAt: cycle.nextRunAt,
  };
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof TokenUnavailableError)
    return { status: "token_problem", message: error.message, stop: true };
  if (error instanceof BudgetExhaustedError)
    return { status: "rate_limited", message: error.message, notBefore: error.resetAt };
  if (error instanceof GitHubError) {
    switch (error.kind) {
      case "signed_out":
        return { status: "token_problem", message: error.message, stop: true };
      case "rate_limited":
        return { status: "rate_limited", message: error.message, notBefore: error.retryAt };
      case "forbidden":
      case "no_copilot_access":
        return { status: "forbidden", message: error.message };
      case "not_found":
        return { status: "not_found", message: error.message };
      case "unavailable":
        return { status: "github_unavailable", message: error.message };
      default:
        return { status: "error", message: error.message };
    }
  }
  return { status: "error", message: error instanceof Error ? error.message : "unknown error" };
}

/** Runs `work` as the person; a 401 gets one forced token refresh and one more try. */
export async function withUserClient<T>(
  deps: SyncDeps,
  userId: string,
  work: (client: GitHubClient) => Promise<T>,
): Promise<T> {
  try {
    return await work(await deps.clientFor(userId, { forceRefresh: false }));
  } catch (error) {
    if (error instanceof GitHubError && error.kind === "signed_out")
      return work(await deps.clientFor(userId, { forceRefresh: true }));
    throw error;
  }
}

/**
 * Takes the lease on a sync-state row for one cycle; null when another cycle holds it. Each cycle
 * gets its own lease token (not the worker's id), so two jobs in one worker process cannot both run.
 */
export async function acquireLease(
  deps: SyncDeps,
  table: "UserSyncState" | "RepositorySyncState",
  key: string | bigint,
): Promise<string | null> {
  const seconds = configOf(deps).leaseSeconds;
  const keyColumn = table === "UserSyncState" ? `"userId"` : `"repositoryId"`;
  const token = `${deps.workerId}:${randomUUID()}`;
  const count = await deps.db.$executeRawUnsafe(
    `UPDATE "${table}" SET "leaseOwner" = $1, "leaseUntil" = now() + make_interval(secs => $2)
     WHERE ${keyColumn} = $3 AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`,
    token,
    seconds,
    key,
  );
  return count === 1 ? token : null;
}

export async function releaseLease(
  deps: SyncDeps,
  table: "UserSyncState" | "RepositorySyncState",
  key: string | bigint,
  token: string,
): Promise<void> {
  const keyColumn = table === "UserSyncState" ? `"userId"` : `"repositoryId"`;
  await deps.db.$executeRawUnsafe(
    `UPDATE "${table}" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE ${keyColumn} = $1 AND "leaseOwner" = $2`,
    key,
    token,
  );
}

/** Resolves repository ids to names and default branches (once each; 404 leaves the inferred name). */
export async function resolveRepositories(
  deps: SyncDeps,
  client: GitHubClient,
  ids: string[],
): Promise<number> {
  let requests = 0;
  for (const id of ids) {
    guardBudget(client);
    requests++;
    try {
      const repo = await getRepositoryById(client, id);
      await saveResolvedRepository(deps.db, {
        id,
        owner: repo.owner.login,
        name: repo.name,
        defaultBranch: repo.default_branch ?? null,
        visibility: repo.visibility ?? (repo.private ? "private" : "public"),
      });
    } catch (error) {
      if (error instanceof GitHubError && error.kind === "not_found") continue;
      throw error;
    }
  }
  return requests;
}

const DETAIL_PRIORITY: TaskStateValue[] = [
  "waiting_for_user",
  "failed",
  "timed_out",
  "in_progress",
  "queued",
];

/**
 * Reads in full (sessions, usage, error) the tasks whose updated_at moved since their sessions were
 * stored: the people-need-to-act states first, then in-flight, then the most recently updated.
 */
export async function fetchStaleDetails(
  deps: SyncDeps,
  client: GitHubClient,
  where: { creatorGithubId: string } | { repositoryId: string; creatorGithubIds: string[] },
  read: (client: GitHubClient, taskId: string) => Promise<Task>,
  via: ObservedVia,
  /** At most this many reads (what the person's sync budget has left). */
  maxReads = Number.POSITIVE_INFINITY,
): Promise<{ requests: number; fetched: number; backlog: boolean }> {
  const config = configOf(deps);
  const limit = Math.min(config.detailsPerCycle, maxReads);
  // Nothing to spend (a person paying back a first sync's listing): skip the query, which sorts
  // every stale task of theirs (20,000 after the first sync of the heaviest person).
  if (limit <= 0) return { requests: 0, fetched: 0, backlog: false };
  const stale =
    "creatorGithubId" in where
      ? await deps.db.$queryRaw<{ id: string }[]>`
          SELECT id FROM "Task"
          WHERE "creatorGithubId" = ${BigInt(where.creatorGithubId)}
            AND "detailUpdatedAt" IS DISTINCT FROM "githubUpdatedAt"
          ORDER BY array_position(${DETAIL_PRIORITY}::text[], state::text) NULLS LAST, "githubUpdatedAt" DESC
          LIMIT ${limit + 1}`
      : await deps.db.$queryRaw<{ id: string }[]>`
          SELECT id FROM "Task"
          WHERE "repositoryId" = ${BigInt(where.repositoryId)}
            AND "creatorGithubId" = ANY(${where.creatorGithubIds.map(BigInt)})
            AND "detailUpdatedAt" IS DISTINCT FROM "githubUpdatedAt"
          ORDER BY array_position(${DETAIL_PRIORITY}::text[], state::text) NULLS LAST, "githubUpdatedAt" DESC
          LIMIT ${limit + 1}`;
  const batch = stale.slice(0, limit);
  let requests = 0;
  let fetched = 0;
  // Reads run `detailConcurrency` at a time; results are written 50 at a time (one transaction).
  for (let start = 0; start < batch.length; start += 50) {
    const slice = batch.slice(start, start + 50);
    const results = await mapLimit(
      slice,
      config.detailConcurrency,
      async (row): Promise<PromiseSettledResult<Task>> => {
        try {
          guardBudget(client);
          requests++;
          return { status: "fulfilled", value: await read(client, row.id) };
        } catch (reason) {
          return { status: "rejected", reason };
        }
      },
    );
    const tasks: Task[] = [];
    const gone: string[] = [];
    let firstError: unknown;
    results.forEach((result, index) => {
      if (result.status === "fulfilled") tasks.push(result.value);
      else if (result.reason instanceof GitHubError && result.reason.kind === "not_found")
        gone.push(slice[index]!.id);
      else firstError ??= result.reason;
    });
    await storeDetails(deps.db, tasks, via);
    // Gone or no longer visible: stop asking, keep what we have.
    if (gone.length > 0)
      await deps.db
        .$executeRaw`UPDATE "Task" SET "detailUpdatedAt" = "githubUpdatedAt" WHERE id = ANY(${gone})`;
    fetched += tasks.length;
    if (firstError) throw firstError;
  }
  return { requests, fetched, backlog: stale.length > limit };
}

/**
 * Stores full task reads: the task row (with its state change, if any), then its sessions, in one
 * statement (storeTaskDetails). Pass a transaction to keep it with other writes (e.g. the audit
 * record of a person's refresh); the task-write lock then lasts until that commits.
 */
export async function storeDetails(
  db: PrismaClient | Prisma.TransactionClient,
  tasks: Task[],
  via: ObservedVia,
) {
  const rows = tasks.map(toTaskRow).filter((row) => row !== null);
  const sessions = tasks.flatMap((task) =>
    (task.sessions ?? []).map((session) => toSessionRow(task.id, session)),
  );
  return storeTaskDetails(db, rows, sessions, via);
}
