/**
 * Follows every task to its pull request and keeps what decides the outcome — state, reviews, checks,
 * runs waiting for approval — with conditional requests only, as the person who launched the task.
 *
 * One cycle:
 * 1. Lookups: a task's branch (its `branch` artifact) among the repository's PRs
 *    (`?head=owner:branch&state=all`); the task's `pull` artifact id picks the PR when several match.
 * 2. Feeds: per repository with live PRs, the PR list sorted by update (one request, a free 304 when
 *    nothing moved); a PR newer than ours is due now, a new PR for a waiting branch is linked.
 * 3. Refresh: each due live PR — the PR, its reviews, check runs, combined status and runs awaiting
 *    approval, each with its ETag. Merged and closed PRs are never read again.
 */
import type { Prisma, PrismaClient, PullRequest } from "@/generated/prisma/client";
import { mapLimit } from "@/lib/concurrency";
import {
  getCombinedStatus,
  getPull,
  GitHubError,
  listCheckRuns,
  listPulls,
  listReviews,
  listRunsAwaitingApproval,
  type Conditional,
  type GitHubClient,
  type PullSummary,
} from "@/lib/github";
import type { ReviewDecision } from "@/generated/prisma/enums";
import { budgetLevels, chargeBudget, type BudgetConfig, type BudgetLevels } from "@/lib/sync/budget";
import {
  type PullFields,
  checkRunCounts,
  checksState,
  isLive,
  NO_CHECKS,
  statusCounts,
  type CheckCounts,
  pullState,
  refreshDelaySeconds,
  requestedReviewers,
  reviewDecision,
} from "./decide";

export type OutcomeDeps = {
  db: PrismaClient;
  /** A GitHub client acting as this person (throws when they have no usable token). */
  clientFor: (userId: string, options: { forceRefresh: boolean }) => Promise<GitHubClient>;
  /** The sync budget this work shares (default: the sync's). */
  budget?: BudgetConfig;
};

export type OutcomeConfig = {
  lookupsPerCycle: number;
  /** At most this many of one person's branches per cycle, so nobody's backlog holds others back. */
  lookupsPerPerson: number;
  refreshesPerCycle: number;
  concurrency: number;
  /** How often the feeds are read while live PRs exist (a merge shows within this). */
  feedSeconds: number;
  /** With nothing live, the next cycle runs after this. */
  idleSeconds: number;
};

export const DEFAULT_OUTCOME_CONFIG: OutcomeConfig = {
  lookupsPerCycle: 200,
  lookupsPerPerson: 40,
  refreshesPerCycle: 300,
  concurrency: 8,
  feedSeconds: 20,
  idleSeconds: 300,
};

/** A pull request whose state changed in this cycle (triage resolves review items from these). */
export type PullChange = {
  pullRequestId: bigint;
  before: PullRequest["state"] | null;
  after: PullRequest["state"];
};

export type OutcomeCycleReport = {
  lookups: number;
  linked: number;
  feedsRead: number;
  refreshed: number;
  changes: PullChange[];
  nextRunAt: Date;
};

type Where = { owner: string; repo: string };

/**
 * Clients by person for one cycle, each held to what the person's sync budget has left: this work
 * spends the same bucket as their sync (lib/sync/budget.ts), so one person's thousands of branches
 * never take more than their share of their own GitHub limit. `spend` runs one piece of work with
 * the person's client when its cost (counted requests at most) fits what is left of their allowance
 * (urgent work: a recent task's branch, a live PR, may borrow a little), counting work still in
 * flight, so concurrent work cannot overshoot it; it answers "no_client" for a person without a
 * usable token. `settle` charges what was spent (304s are free).
 */
function budgetedClients(deps: OutcomeDeps, levels: BudgetLevels) {
  const people = new Map<string, Promise<GitHubClient | null>>();
  const inFlight = new Map<string, number>();
  const spend = async <T>(
    userId: string | null,
    urgent: boolean,
    cost: number,
    run: (client: GitHubClient) => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false; reason: "no_client" | "over_budget" }> => {
    if (!userId) return { ran: false, reason: "no_client" };
    let person = people.get(userId);
    if (!person) {
      person = deps.clientFor(userId, { forceRefresh: false }).catch(() => null);
      people.set(userId, person);
    }
    const client = await person;
    if (!client) return { ran: false, reason: "no_client" };
    const held = inFlight.get(userId) ?? 0;
    if (client.countedRequests() + held + cost > levels.allowance(userId, urgent))
      return { ran: false, reason: "over_budget" };
    inFlight.set(userId, held + cost);
    try {
      return { ran: true, value: await run(client) };
    } finally {
      inFlight.set(userId, (inFlight.get(userId) ?? cost) - cost);
    }
  };
  const settle = async () => {
    for (const [userId, person] of people) {
      const client = await person;
      if (client) await chargeBudget(deps.db, userId, client.countedRequests(), deps.budget);
    }
  };
  return { spend, settle };
}

/** Counted requests a piece of work may cost: a list read, or a PR's full re-read (getPull and its reads). */
const LOOKUP_COST = 1;
const FEED_COST = 1;
const REFRESH_COST = 6;

/** What one cycle's steps share. */
type Cycle = {
  deps: OutcomeDeps;
  spend: ReturnType<typeof budgetedClients>["spend"];
  /** People whose sync budget has nothing left for backlog work, and for urgent work. */
  blocked: { backlog: string[]; urgent: string[] };
  config: OutcomeConfig;
  now: Date;
};

/** Seconds until a task's branch is looked up again; null = stop (a week without a PR). */
function lookupDelaySeconds(task: { state: string; githubUpdatedAt: Date }, now: Date): number | null {
  if (task.state === "queued" || task.state === "in_progress") return 60;
  const age = (now.getTime() - task.githubUpdatedAt.getTime()) / 1000;
  if (age < 60 * 60) return 120;
  if (age < 24 * 60 * 60) return 600;
  if (age < 7 * 24 * 60 * 60) return 3600;
  return null;
}

function pullRow(summary: PullFields, repositoryId: bigint, now: Date) {
  return {
    repositoryId,
    number: summary.number,
    title: summary.title,
    htmlUrl: summary.html_url,
    state: pullState(summary),
    headRef: summary.head.ref,
    baseRef: summary.base.ref,
    headSha: summary.head.sha,
    mergedAt: summary.merged_at ? new Date(summary.merged_at) : null,
    closedAt: summary.closed_at ? new Date(summary.closed_at) : null,
    githubUpdatedAt: new Date(summary.updated_at),
    requestedReviewers: requestedReviewers(summary),
    refreshedAt: now,
  };
}

/** Records a PR found for a task and links them (inside the caller's transaction); due for a read now. */
export async function linkPull(
  tx: Prisma.TransactionClient,
  taskId: string,
  summary: PullFields,
  repositoryId: bigint,
  now: Date,
) {
  const row = pullRow(summary, repositoryId, now);
  const id = BigInt(summary.id);
  // INSERT … ON CONFLICT DO NOTHING: two cycles (or a lookup and a feed) linking the same PR at once
  // both succeed; the row that got there first is kept and refreshed as usual.
  await tx.pullRequest.createMany({
    data: [
      { id, ...row, lastActivityAt: row.githubUpdatedAt, nextRefreshAt: isLive(row.state) ? now : null },
    ],
    skipDuplicates: true,
  });
  await tx.taskPullRequest.createMany({ data: [{ taskId, pullRequestId: id }], skipDuplicates: true });
  await tx.pullRequestLookup.upsert({
    where: { taskId },
    create: { taskId, checkedAt: now, nextCheckAt: null },
    update: { checkedAt: now, nextCheckAt: null },
  });
}

/** The PR among `pulls` that a task produced: its `pull` artifact's id, else the newest for its base. */
function pickPull(pulls: PullSummary[], task: { pullRequestId: bigint | null; baseRef: string | null }) {
  if (task.pullRequestId !== null) {
    const exact = pulls.find((p) => BigInt(p.id) === task.pullRequestId);
    if (exact) return exact;
  }
  return pulls.find((p) => task.baseRef === null || p.base.ref === task.baseRef) ?? pulls[0];
}

async function runLookups({ deps, spend, blocked, config, now }: Cycle) {
  // A task that moved within the hour may have just opened its PR: worth borrowing for.
  const urgentSince = new Date(now.getTime() - 3600_000);
  const tasks = await deps.db.$queryRaw<
    {
      id: string;
      state: string;
      headRef: string;
      baseRef: string | null;
      pullRequestId: bigint | null;
      repositoryId: bigint;
      owner: string;
      name: string;
      githubUpdatedAt: Date;
      userId: string | null;
      etag: string | null;
    }[]
  >`
    SELECT * FROM (
      SELECT t.id, t.state::text AS state, t."headRef", t."baseRef", t."pullRequestId", t."repositoryId",
             r.owner, r.name, t."githubUpdatedAt", u.id AS "userId", l.etag, l."nextCheckAt",
             row_number() OVER (PARTITION BY t."creatorGithubId"
                                ORDER BY l."nextCheckAt" NULLS FIRST, t."githubUpdatedAt" DESC) AS place
      FROM "Task" t
      JOIN "Repository" r ON r.id = t."repositoryId"
      LEFT JOIN "User" u ON u."githubId" = t."creatorGithubId"
      LEFT JOIN "PullRequestLookup" l ON l."taskId" = t.id
      WHERE t."headRef" IS NOT NULL AND t."archivedAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "TaskPullRequest" tp WHERE tp."taskId" = t.id)
        AND (l."taskId" IS NULL OR l."nextCheckAt" <= ${now})
        AND (u.id IS NULL OR NOT (u.id = ANY(${blocked.backlog}))
             OR (NOT (u.id = ANY(${blocked.urgent})) AND t."githubUpdatedAt" > ${urgentSince}))
    ) due
    WHERE place <= ${config.lookupsPerPerson}
    ORDER BY "nextCheckAt" NULLS FIRST, "githubUpdatedAt" DESC
    LIMIT ${config.lookupsPerCycle}`;
  let linked = 0;
  await mapLimit(tasks, config.concurrency, async (task) => {
    const delay = lookupDelaySeconds(task, now);
    const later = (etag: string | null) =>
      deps.db.pullRequestLookup.upsert({
        where: { taskId: task.id },
        create: {
          taskId: task.id,
          etag,
          checkedAt: now,
          nextCheckAt: delay === null ? null : new Date(now.getTime() + delay * 1000),
        },
        update: {
          etag,
          checkedAt: now,
          nextCheckAt: delay === null ? null : new Date(now.getTime() + delay * 1000),
        },
      });
    try {
      const read = await spend(task.userId, task.githubUpdatedAt > urgentSince, LOOKUP_COST, (client) =>
        listPulls(
          client,
          { owner: task.owner, repo: task.name },
          { head: `${task.owner}:${task.headRef}`, state: "all", per_page: 100 },
          task.etag ?? undefined,
        ),
      );
      // Out of budget: picked again once the person's bucket refills (nothing recorded meanwhile).
      if (!read.ran) return read.reason === "no_client" ? later(task.etag) : undefined;
      const listed = read.value;
      if (listed.notModified) return later(listed.etag);
      const pull = pickPull(listed.data, task);
      if (!pull) return later(listed.etag ?? null);
      await deps.db.$transaction((tx) => linkPull(tx, task.id, pull, task.repositoryId, now));
      linked++;
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      await later(task.etag);
    }
  });
  return { lookups: tasks.length, linked };
}

async function readFeeds({ deps, spend, blocked, config, now }: Cycle) {
  const repos = await deps.db.$queryRaw<
    { id: bigint; owner: string; name: string; etag: string | null; userId: string | null }[]
  >`
    SELECT r.id, r.owner, r.name, f.etag,
      (SELECT u.id FROM "PullRequest" p JOIN "TaskPullRequest" tp ON tp."pullRequestId" = p.id
         JOIN "Task" t ON t.id = tp."taskId" JOIN "User" u ON u."githubId" = t."creatorGithubId"
       WHERE p."repositoryId" = r.id AND p.state IN ('open', 'draft') AND NOT (u.id = ANY(${blocked.urgent}))
       ORDER BY t."createdAt" DESC LIMIT 1) AS "userId"
    FROM "Repository" r
    LEFT JOIN "PullRequestFeed" f ON f."repositoryId" = r.id
    WHERE EXISTS (SELECT 1 FROM "PullRequest" p WHERE p."repositoryId" = r.id AND p.state IN ('open', 'draft'))`;
  let linked = 0;
  await mapLimit(repos, config.concurrency, async (repo) => {
    let listed;
    try {
      const read = await spend(repo.userId, true, FEED_COST, (client) =>
        listPulls(
          client,
          { owner: repo.owner, repo: repo.name },
          { state: "all", sort: "updated", direction: "desc", per_page: 100 },
          repo.etag ?? undefined,
        ),
      );
      if (!read.ran) return;
      listed = read.value;
    } catch (error) {
      if (error instanceof GitHubError) return;
      throw error;
    }
    await deps.db.pullRequestFeed.upsert({
      where: { repositoryId: repo.id },
      create: { repositoryId: repo.id, etag: listed.etag ?? null, checkedAt: now },
      update: { etag: listed.etag ?? null, checkedAt: now },
    });
    if (listed.notModified) return;
    const ids = listed.data.map((p) => BigInt(p.id));
    const known = await deps.db.pullRequest.findMany({
      where: { id: { in: ids } },
      select: { id: true, githubUpdatedAt: true, state: true, headSha: true, requestedReviewers: true },
    });
    const byId = new Map(known.map((k) => [k.id, k]));
    const due = listed.data.filter((p) => {
      const mine = byId.get(BigInt(p.id));
      // Whole-second times: a change in the same second as the last one still shows in the state,
      // the head or the review requests.
      return (
        mine &&
        isLive(mine.state) &&
        (new Date(p.updated_at).getTime() !== mine.githubUpdatedAt.getTime() ||
          pullState(p) !== mine.state ||
          p.head.sha !== mine.headSha ||
          requestedReviewers(p).join() !== mine.requestedReviewers.join())
      );
    });
    if (due.length > 0)
      await deps.db.pullRequest.updateMany({
        where: { id: { in: due.map((p) => BigInt(p.id)) } },
        data: { nextRefreshAt: now },
      });
    // A PR opened for a branch a task is waiting on (someone opened it by hand): link it now.
    const fresh = listed.data.filter((p) => !byId.has(BigInt(p.id)));
    if (fresh.length === 0) return;
    const waiting = await deps.db.task.findMany({
      where: {
        repositoryId: repo.id,
        headRef: { in: fresh.map((p) => p.head.ref) },
        pullRequests: { none: {} },
      },
      select: { id: true, headRef: true, baseRef: true, pullRequestId: true },
    });
    for (const task of waiting) {
      const pull = pickPull(
        fresh.filter((p) => p.head.ref === task.headRef),
        task,
      );
      if (pull) {
        await deps.db.$transaction((tx) => linkPull(tx, task.id, pull, repo.id, now));
        linked++;
      }
    }
  });
  return { feedsRead: repos.length, linked };
}

/** Re-reads one live PR; returns its state change, if any. */
async function refreshPull(client: GitHubClient, db: PrismaClient, pr: PullRequest & Where, now: Date) {
  const where = { owner: pr.owner, repo: pr.repo };
  const data: Prisma.PullRequestUpdateInput = { refreshedAt: now };
  // Activity is a change since the last read (a 200 where an ETag was sent); a first read is not.
  let activity = false;
  const changed = <T>(
    etag: string | null | undefined,
    result: Conditional<T>,
  ): result is Extract<Conditional<T>, { notModified: false }> => {
    if (!result.notModified && etag) activity = true;
    return !result.notModified;
  };
  let lastActivityAt = pr.lastActivityAt;
  let state = pr.state;
  let headSha = pr.headSha;
  let requested = pr.requestedReviewers;

  const pull = await getPull(client, where, pr.number, pr.pullEtag ?? undefined);
  if (changed(pr.pullEtag, pull)) {
    // GitHub's own last update counts as activity too (a review, a push, a retitle).
    const updated = new Date(pull.data.updated_at);
    if (updated > lastActivityAt) lastActivityAt = updated;
    Object.assign(data, pullRow(pull.data, pr.repositoryId, now), { pullEtag: pull.etag ?? null });
    state = pullState(pull.data);
    headSha = pull.data.head.sha;
    requested = requestedReviewers(pull.data);
  }
  const headMoved = headSha !== pr.headSha;
  if (!isLive(state)) {
    // Finished: nothing about it will be read again.
    await db.pullRequest.update({
      where: { id: pr.id },
      data: { ...data, nextRefreshAt: null, lastActivityAt: now },
    });
    return state !== pr.state ? { pullRequestId: pr.id, before: pr.state, after: state } : null;
  }

  // Reviews: only approving and blocking reviews decide; a 304 keeps the last verdict.
  const reviews = await listReviews(client, where, pr.number, pr.reviewsEtag ?? undefined);
  let verdict: ReviewDecision =
    pr.reviewDecision === "approved" || pr.reviewDecision === "changes_requested"
      ? pr.reviewDecision
      : "none";
  if (changed(pr.reviewsEtag, reviews)) {
    verdict = reviewDecision(reviews.data, []);
    data.reviewsEtag = reviews.etag ?? null;
  }
  data.reviewDecision = verdict !== "none" ? verdict : reviewDecision([], requested);

  // Checks on the head commit: a new head starts from scratch (its ETags belong to the old one).
  const counts = (pr.checkCounts ?? {}) as { runs?: CheckCounts; statuses?: CheckCounts };
  let runs = headMoved ? NO_CHECKS : (counts.runs ?? NO_CHECKS);
  let statuses = headMoved ? NO_CHECKS : (counts.statuses ?? NO_CHECKS);
  const etag = (value: string | null) => (headMoved ? undefined : (value ?? undefined));
  const checks = await listCheckRuns(client, where, headSha, etag(pr.checksEtag));
  if (changed(etag(pr.checksEtag), checks)) {
    runs = checkRunCounts(checks.data);
    data.checksEtag = checks.etag ?? null;
  }
  const status = await getCombinedStatus(client, where, headSha, etag(pr.statusEtag));
  if (changed(etag(pr.statusEtag), status)) {
    statuses = statusCounts(status.data);
    data.statusEtag = status.etag ?? null;
  }
  data.checkCounts = { runs, statuses };
  data.checksTotal = runs.total + statuses.total;
  data.checksFailing = runs.failing + statuses.failing;
  data.checksState = checksState(runs, statuses);

  const waiting = await listRunsAwaitingApproval(client, where, headSha, etag(pr.runsEtag));
  if (changed(etag(pr.runsEtag), waiting)) {
    const created = waiting.data.workflow_runs.map((r) => Date.parse(r.created_at));
    data.workflowsAwaitingApproval = waiting.data.total_count;
    data.awaitingApprovalSince = created.length > 0 ? new Date(Math.min(...created)) : null;
    data.runsEtag = waiting.etag ?? null;
  }

  if (activity) lastActivityAt = now;
  data.lastActivityAt = lastActivityAt;
  // Checks still running or workflows waiting change without touching the PR: look again soon.
  const moving =
    data.checksState === "pending" ||
    Number(data.workflowsAwaitingApproval ?? pr.workflowsAwaitingApproval) > 0;
  data.nextRefreshAt = new Date(now.getTime() + refreshDelaySeconds(lastActivityAt, now, moving) * 1000);
  await db.pullRequest.update({ where: { id: pr.id }, data });
  return state !== pr.state ? { pullRequestId: pr.id, before: pr.state, after: state } : null;
}

async function refreshDue({ deps, spend, blocked, config, now }: Cycle) {
  const due = await deps.db.$queryRaw<(PullRequest & Where & { userId: string | null })[]>`
    SELECT * FROM (
      SELECT p.*, r.owner, r.name AS repo,
        (SELECT u.id FROM "TaskPullRequest" tp JOIN "Task" t ON t.id = tp."taskId"
           JOIN "User" u ON u."githubId" = t."creatorGithubId"
         WHERE tp."pullRequestId" = p.id ORDER BY t."createdAt" DESC LIMIT 1) AS "userId"
      FROM "PullRequest" p JOIN "Repository" r ON r.id = p."repositoryId"
      WHERE p."nextRefreshAt" <= ${now}
    ) due
    WHERE "userId" IS NULL OR NOT ("userId" = ANY(${blocked.urgent}))
    ORDER BY "nextRefreshAt"
    LIMIT ${config.refreshesPerCycle}`;
  const changes: PullChange[] = [];
  await mapLimit(due, config.concurrency, async (pr) => {
    try {
      const refreshed = await spend(pr.userId, true, REFRESH_COST, (client) =>
        refreshPull(client, deps.db, pr, now),
      );
      if (!refreshed.ran) {
        // Nobody's token can read it: try again in an hour (over budget: next cycle).
        if (refreshed.reason === "no_client")
          await deps.db.pullRequest.update({
            where: { id: pr.id },
            data: { nextRefreshAt: new Date(now.getTime() + 3600_000) },
          });
        return;
      }
      if (refreshed.value) changes.push(refreshed.value);
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      // Gone or unreadable for this person: look again later rather than every cycle.
      await deps.db.pullRequest.update({
        where: { id: pr.id },
        data: { nextRefreshAt: new Date(now.getTime() + 600_000) },
      });
    }
  });
  return { refreshed: due.length, changes };
}

/** One cycle (see the module comment); the caller queues the next at `nextRunAt`. */
export async function refreshOutcomesCycle(
  deps: OutcomeDeps,
  options: { now?: Date; config?: Partial<OutcomeConfig> } = {},
): Promise<OutcomeCycleReport> {
  const config = { ...DEFAULT_OUTCOME_CONFIG, ...options.config };
  const now = options.now ?? new Date();
  const levels = await budgetLevels(deps.db, deps.budget);
  const clients = budgetedClients(deps, levels);
  const blocked = { backlog: levels.blocked(false), urgent: levels.blocked(true) };
  const cycle: Cycle = { deps, spend: clients.spend, blocked, config, now };
  let lookups, feeds, refresh;
  try {
    lookups = await runLookups(cycle);
    feeds = await readFeeds(cycle);
    refresh = await refreshDue(cycle);
  } finally {
    await clients.settle();
  }
  const live = await deps.db.pullRequest.count({ where: { state: { in: ["open", "draft"] } } });
  const nextRunAt = new Date(
    now.getTime() + (live > 0 || lookups.lookups > 0 ? config.feedSeconds : config.idleSeconds) * 1000,
  );
  return {
    lookups: lookups.lookups,
    linked: lookups.linked + feeds.linked,
    feedsRead: feeds.feedsRead,
    refreshed: refresh.refreshed,
    changes: refresh.changes,
    nextRunAt,
  };
}
