/**
 * One sync cycle for one person, with their own token: list what changed (GET /agents/tasks, by
 * updated_at, conditional), store it, read in full the tasks that moved, and decide when to run next.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { SyncStatus } from "@/generated/prisma/enums";
import { getTask, listMyTasks, type Conditional, type GitHubClient } from "@/lib/github";
import { chargeBudget, listingAllowance, refillBucket, secondsUntilListingAllowed } from "./budget";
import { nextDelaySeconds } from "./cadence";
import { admit, recordOutage, recordSuccess } from "./circuit";
import {
  acquireLease,
  BudgetExhaustedError,
  assertStoredBudget,
  configOf,
  cycleOutcome,
  describeFailure,
  fetchStaleDetails,
  guardBudget,
  releaseLease,
  resolveRepositories,
  secondsUntilAllowed,
  withUserClient,
  type SyncDeps,
} from "./common";
import { listActiveAndArchived, listQuery, type ListPage, type PageRequest } from "./listing";
import { repositoryNameFromTask, toTaskRow, type ListedTask } from "./mapping";
import { confirmTasks, ensureRepositories, upsertTasks } from "./store";
import { RUNNING_STATES } from "@/lib/task-states";

export type CycleReport = {
  userId: string;
  /** How the pass ended, as stored in UserSyncState; "skipped" when it did not run. */
  status: SyncStatus | "skipped";
  /** Requests sent to GitHub (conditional 304s included; GitHub does not count those). */
  requests: number;
  notModified: boolean;
  tasksSeen: number;
  changes: number;
  detailsFetched: number;
  backlog: boolean;
  nextRunAt: Date | null;
  message?: string;
  skipped?: "lease_held" | "no_github_id" | "access_revoked";
  /** The outage circuit closed with this cycle and this many people were queued again. */
  resumed?: number;
};

/**
 * While the circuit is open a person waits this long, unless the circuit's close resumes them first.
 * Short, because a cycle turned away just before the close records its wait after the close has
 * resumed everyone waiting (a fleet run had five people wait five minutes so); a turned-away cycle
 * asks only the database.
 */
const CIRCUIT_WAIT_SECONDS = 60;

function pageFetcher(client: GitHubClient) {
  return async (request: PageRequest) => {
    guardBudget(client);
    return listMyTasks(client, listQuery(request)) as Promise<Conditional<ListPage>>;
  };
}

export async function syncUserCycle(deps: SyncDeps, userId: string): Promise<CycleReport> {
  const { db } = deps;
  const config = configOf(deps);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { githubId: true, accessRevokedAt: true },
  });
  const base: CycleReport = {
    userId,
    status: "ok",
    requests: 0,
    notModified: false,
    tasksSeen: 0,
    changes: 0,
    detailsFetched: 0,
    backlog: false,
    nextRunAt: null,
  };
  if (!user?.githubId) return { ...base, status: "skipped", skipped: "no_github_id" };
  // Their access ended (lib/auth/access.ts): no next run until they sign in again.
  if (user.accessRevokedAt) return { ...base, status: "skipped", skipped: "access_revoked" };
  const creatorGithubId = String(user.githubId);

  await db.$executeRaw`
    INSERT INTO "UserSyncState" ("userId", "updatedAt") VALUES (${userId}, now()) ON CONFLICT DO NOTHING`;
  const lease = await acquireLease(deps, "UserSyncState", userId);
  // Another cycle runs now; it schedules the next one, but check back soon in case it dies.
  if (!lease)
    return { ...base, status: "skipped", skipped: "lease_held", nextRunAt: new Date(Date.now() + 15_000) };

  const report = { ...base };
  const startedAt = new Date();
  let failure: ReturnType<typeof describeFailure> | undefined;
  let lastClient: GitHubClient | undefined;
  // Counted requests this cycle spent from the person's sync budget (304s are free).
  let spent = 0;
  const state = await db.userSyncState.findUniqueOrThrow({ where: { userId } });
  const bucket = refillBucket(
    { tokens: state.syncBudget, at: state.syncBudgetAt },
    state.rateLimit,
    startedAt,
    config,
  );
  const circuit = config.circuit ? await admit(db, config.circuit) : "closed";
  // A person's first listing (nothing stored yet) reads everything at once, whatever it costs: their
  // tasks should appear now, not over an hour. Past the bucket and its debt it is not carried
  // forward (a one-time cost: 200 requests for 20,000 tasks). After that, a walk stops where the
  // bucket's debt would be exceeded and the next cycle goes on from the watermark, so no cycle
  // overshoots into a long pause. The first success after GitHub was unavailable reads everything
  // the same way: what changed during the outage shows at once, not a page a cycle at the debt floor
  // (a one-time cost per outage, bounded by what changed meanwhile).
  const firstSync = state.watermark === null || state.status === "github_unavailable";
  try {
    if (circuit === "open")
      throw new CircuitOpenError(new Date(startedAt.getTime() + CIRCUIT_WAIT_SECONDS * 1000));
    await assertStoredBudget(db, userId, startedAt);
    const debtSeconds = secondsUntilListingAllowed(bucket);
    if (debtSeconds > 0) {
      const until = new Date(startedAt.getTime() + debtSeconds * 1000);
      throw new BudgetExhaustedError(
        until,
        `Paused: this person's background sync spent its share of their GitHub limit; it resumes at ${until.toISOString()}.`,
      );
    }

    await withUserClient(deps, userId, async (client) => {
      lastClient = client;
      const fetchPage = pageFetcher(client);
      const reposToResolve = new Set<string>();
      const store = async (tasks: ListedTask[]) => {
        const rows = tasks.map(toTaskRow).filter((row) => row !== null);
        const unresolved = await ensureRepositories(
          db,
          tasks.flatMap((task) => {
            const name = repositoryNameFromTask(task);
            const id = task.repository?.id;
            return id
              ? [{ id: String(id), owner: name?.owner ?? "unknown", name: name?.name ?? String(id) }]
              : [];
          }),
        );
        unresolved.forEach((id) => reposToResolve.add(id));
        // One statement, committed at once: see upsertTasks.
        const changes = await upsertTasks(db, rows, "user_list");
        report.changes += changes.length;
      };
      const saveWatermark = (watermark: Date) =>
        db.$executeRaw`
          UPDATE "UserSyncState" SET watermark = GREATEST(watermark, ${watermark}),
            "leaseUntil" = CASE WHEN "leaseOwner" = ${lease} THEN now() + make_interval(secs => ${config.leaseSeconds})
                                ELSE "leaseUntil" END,
            "updatedAt" = now()
          WHERE "userId" = ${userId}`;

      const { active, archived: archivedResult } = await listActiveAndArchived({
        state: { watermark: state.watermark, etag: state.listEtag, etagSince: state.etagSince },
        archivedState: {
          watermark: state.archivedWatermark,
          etag: state.archivedEtag,
          etagSince: state.archivedEtagSince,
        },
        overlapSeconds: config.overlapSeconds,
        fetchPage,
        store,
        saveWatermark,
        // The probe, then pages down to the debt floor (at least one: see secondsUntilListingAllowed).
        maxPages: firstSync ? undefined : listingAllowance(bucket) - 1,
      });
      report.requests += active.requests + (archivedResult?.requests ?? 0);
      spent = report.requests - (active.notModified ? 1 : 0) - (archivedResult?.notModified ? 1 : 0);
      report.notModified = active.notModified;
      report.tasksSeen = active.tasksSeen + (archivedResult?.tasksSeen ?? 0);

      // Names come with every task; a resolution (default branch, visibility) only spends what the
      // bucket has left, and the person's access refresh resolves every repository they can see
      // anyway. A first sync of 20,000 tasks across 500 repositories thus costs its listing only.
      const resolveAllowance = Math.max(0, Math.floor(bucket.tokens - spent));
      const resolved = await resolveRepositories(
        deps,
        client,
        [...reposToResolve].slice(0, resolveAllowance),
      );
      report.requests += resolved;
      spent += resolved;
      // Task reads spend only what the bucket has left after listing.
      const allowance = Math.max(0, Math.floor(bucket.tokens - spent));
      const details = await fetchStaleDetails(
        deps,
        client,
        { creatorGithubId },
        (c, id) => getTask(c, { task_id: id }),
        "detail",
        allowance,
      );
      report.requests += details.requests;
      spent += details.requests;
      report.detailsFetched = details.fetched;
      // More to read, and budget to read it with: come back soon; otherwise at the usual pace.
      report.backlog = (details.backlog && allowance > details.requests) || active.truncated;

      // Everything listed is stored, so every task of this person now matches GitHub.
      await confirmTasks(db, { creatorGithubId }, { olderThanSeconds: config.confirmSettledAfterSeconds });
      const data: Prisma.UserSyncStateUpdateInput = {
        listEtag: active.etag,
        etagSince: active.etagSince,
        confirmedAt: new Date(),
      };
      if (archivedResult) {
        data.archivedWatermark = archivedResult.watermark;
        data.archivedEtag = archivedResult.etag;
        data.archivedEtagSince = archivedResult.etagSince;
      }
      await db.userSyncState.update({ where: { userId }, data });
    });
  } catch (error) {
    failure =
      error instanceof CircuitOpenError
        ? { status: "github_unavailable", message: error.message, notBefore: error.retryAt }
        : describeFailure(error);
    report.status = failure.status;
    report.message = failure.message;
    spent = Math.max(spent, report.requests);
  }
  if (config.circuit && circuit !== "open") {
    if (failure?.status === "github_unavailable") await recordOutage(db, config.circuit, userId);
    else if (!failure) report.resumed = await recordSuccess(db, config.circuit);
  }

  // Schedule the next cycle and record how this one went.
  const now = new Date();
  const fresh = await db.userSyncState.findUniqueOrThrow({ where: { userId } });
  // Waiting on the circuit is not this person's error: their backoff does not grow.
  const consecutiveErrors =
    circuit === "open" ? fresh.consecutiveErrors : failure ? fresh.consecutiveErrors + 1 : 0;
  const hasActive =
    (await db.task.count({
      where: { creatorGithubId: BigInt(creatorGithubId), state: { in: [...RUNNING_STATES] } },
    })) > 0;
  const budget = lastClient?.rateBudget();
  const delay = nextDelaySeconds(
    {
      consecutiveErrors,
      watching: !!fresh.watchUntil && fresh.watchUntil > now,
      backlog: report.backlog,
      hasActive,
      notBeforeSeconds: secondsUntilAllowed(failure, now),
    },
    config,
  );
  // The cadence counts from this cycle's start, so a long cycle (a backlog of task reads, a busy
  // database) does not stretch the time between listings by its own length; backoff counts from now.
  const next = failure
    ? now.getTime() + delay * 1000
    : Math.max(now.getTime(), startedAt.getTime() + delay * 1000);
  report.nextRunAt = failure?.stop ? null : new Date(next);
  await db.userSyncState.update({
    where: { userId },
    data: {
      ...cycleOutcome({ startedAt, now, failure, consecutiveErrors, nextRunAt: report.nextRunAt }),
      ...(budget
        ? { rateRemaining: budget.remaining, rateLimit: budget.limit, rateResetAt: budget.resetAt }
        : {}),
      lastCycle: {
        at: now.toISOString(),
        ms: now.getTime() - startedAt.getTime(),
        requests: report.requests,
        notModified: report.notModified,
        tasksSeen: report.tasksSeen,
        changes: report.changes,
        detailsFetched: report.detailsFetched,
        backlog: report.backlog,
      },
    },
  });
  // Charged, not overwritten: other background work (pull request lookups) spends the same bucket.
  await chargeBudget(
    db,
    userId,
    firstSync ? Math.min(spent, Math.max(0, bucket.tokens + bucket.maxDebt)) : spent,
    config,
  );
  await releaseLease(deps, "UserSyncState", userId, lease);
  return report;
}

/** The outage circuit is open: this cycle does not ask GitHub (lib/sync/circuit.ts). */
class CircuitOpenError extends Error {
  constructor(readonly retryAt: Date) {
    super("GitHub is unavailable; syncs resume as soon as it answers again.");
  }
}
