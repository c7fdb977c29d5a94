import "server-only";
import { cache } from "react";
import { Prisma } from "@/generated/prisma/client";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { FailureError } from "@/lib/errors";
import { TASK_MODELS } from "@/lib/github";
import { formatCredits } from "@/lib/sync/mapping";
import { viewerTimeZone } from "./preferences";
import type { TaskFilters, TaskScope } from "@/lib/validations/task-filters";
import { retryFormValues, retrySourceSelect } from "@/lib/tasks/retry";
import type { TaskState } from "@/lib/task-states";
import type { PullRequestState } from "@/generated/prisma/enums";
import { taskFlags, type Flag } from "@/lib/outcomes/flags";
import {
  listedOnGitHub,
  seesEverything,
  visibleRepositorySql,
  visibleTaskWhere,
  type Viewer,
} from "@/lib/visibility/scope";

/** GitHub ids of the people whose tasks a scope covers; null = everyone. */
export async function creatorIdsForScope(scope: TaskScope, viewer: Pick<SignedInUser, "id">) {
  if (scope === "all") return null;
  const rows =
    scope === "mine"
      ? await db.$queryRaw<
          { githubId: number | null }[]
        >`SELECT "githubId" FROM "User" WHERE id = ${viewer.id}`
      : await db.$queryRaw<{ githubId: number | null }[]>`
          SELECT DISTINCT u."githubId" FROM "User" u
          WHERE u.id = ${viewer.id} OR u.id IN (
            SELECT m2."userId" FROM "TeamMember" m1 JOIN "TeamMember" m2 ON m2."teamId" = m1."teamId"
            WHERE m1."userId" = ${viewer.id})`;
  return rows.flatMap((row) => (row.githubId === null ? [] : [BigInt(row.githubId)]));
}

export type TaskListRow = {
  id: string;
  name: string | null;
  state: TaskState;
  stateSince: string;
  repository: string;
  creatorLogin: string | null;
  creatorGithubId: string | null;
  errorMessage: string | null;
  htmlUrl: string | null;
  hasPullRequest: boolean;
  headRef: string | null;
  model: string | null;
  credits: string;
  premiumRequests: string;
  createdAt: string;
  updatedAt: string;
  lastConfirmedAt: string;
  archived: boolean;
  launchedBy: string | null;
  /** Who triage routed it to, while it needs a human. */
  triageOwner: string | null;
  /** The task's pull request as last read from GitHub (lib/outcomes). */
  pull: { number: number; state: PullRequestState; htmlUrl: string; mergedAt: string | null } | null;
  /** Where GitHub's state and reality disagree (lib/outcomes/flags.ts). */
  flags: Flag[];
};

/** `asOf`: when the rows were read (what their flags and durations count from). */
export type TaskPage = { rows: TaskListRow[]; nextCursor: string | null; asOf: string };

const SORT_COLUMNS = {
  updated: Prisma.sql`t."githubUpdatedAt"`,
  created: Prisma.sql`t."createdAt"`,
  in_state: Prisma.sql`t."stateSince"`,
  cost: Prisma.sql`t."creditsNano"`,
} as const;

type Cursor = { key: string; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

const CURSOR_ID = /^[A-Za-z0-9_-]{1,64}$/;
const INTEGER_KEY = /^-?\d{1,30}$/;

/**
 * A page link's cursor, checked against the sort it was made for: an integer key for cost, an
 * ISO time otherwise. Anything else (hand-edited, from another sort) is not a cursor: null.
 */
export function decodeCursor(
  cursor: string,
  sort: TaskFilters["sort"],
): { key: Date | bigint; id: string } | null {
  if (cursor.length > 500) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const { key, id } = (value ?? {}) as { key?: unknown; id?: unknown };
  if (typeof key !== "string" || typeof id !== "string" || !CURSOR_ID.test(id)) return null;
  if (sort === "cost") return INTEGER_KEY.test(key) ? { key: BigInt(key), id } : null;
  const at = new Date(key);
  return /^\d{4}-\d{2}-\d{2}T/.test(key) && !Number.isNaN(at.getTime()) ? { key: at, id } : null;
}

/** The start of a calendar day in a time zone, as the UTC timestamp the columns hold. */
const dayStart = (date: string, timeZone: string, plusDays = 0) =>
  Prisma.sql`((${date}::date + ${plusDays}::int)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'`;

/** WHERE conditions for a queue view (and, with `ids`, only those tasks of it): always only what the viewer may see. */
async function whereFor(filters: TaskFilters, viewer: Viewer, ids?: readonly string[]) {
  const conditions: Prisma.Sql[] = [];
  if (!seesEverything(viewer)) conditions.push(visibleRepositorySql(viewer, Prisma.sql`t."repositoryId"`));
  if (ids) conditions.push(Prisma.sql`t.id = ANY(${[...ids]})`);
  const creators = await creatorIdsForScope(filters.scope, viewer);
  if (creators) conditions.push(Prisma.sql`t."creatorGithubId" = ANY(${creators})`);
  if (filters.state.length) conditions.push(Prisma.sql`t.state::text = ANY(${filters.state})`);
  if (filters.repo.length)
    conditions.push(Prisma.sql`t."repositoryId" IN (SELECT r.id FROM "Repository" r
      WHERE lower(r.owner || '/' || r.name) = ANY(${filters.repo.map((repo) => repo.toLowerCase())}))`);
  if (filters.creator.length)
    conditions.push(Prisma.sql`t."creatorGithubId" IN (SELECT u."githubId"::bigint FROM "User" u
      WHERE lower(u.login) = ANY(${filters.creator.map((login) => login.toLowerCase())}))`);
  if (filters.campaign) conditions.push(Prisma.sql`t."campaignId" = ${filters.campaign}`);
  if (filters.template) conditions.push(Prisma.sql`t."templateId" = ${filters.template}`);
  if (filters.model.length) conditions.push(Prisma.sql`t.model = ANY(${filters.model})`);
  // Dates are the viewer's calendar days: from the start of "from" to the end of "to", in their zone.
  if (filters.createdFrom || filters.createdTo || filters.updatedFrom || filters.updatedTo) {
    const zone = await viewerTimeZone(viewer.id);
    if (filters.createdFrom)
      conditions.push(Prisma.sql`t."createdAt" >= ${dayStart(filters.createdFrom, zone)}`);
    if (filters.createdTo)
      conditions.push(Prisma.sql`t."createdAt" < ${dayStart(filters.createdTo, zone, 1)}`);
    if (filters.updatedFrom)
      conditions.push(Prisma.sql`t."githubUpdatedAt" >= ${dayStart(filters.updatedFrom, zone)}`);
    if (filters.updatedTo)
      conditions.push(Prisma.sql`t."githubUpdatedAt" < ${dayStart(filters.updatedTo, zone, 1)}`);
  }
  if (filters.pr === "yes") conditions.push(Prisma.sql`t."pullRequestId" IS NOT NULL`);
  if (filters.pr === "no") conditions.push(Prisma.sql`t."pullRequestId" IS NULL`);
  // A merged pull request among the task's tracked ones (lib/outcomes): what the Costs page counts.
  if (filters.pr === "merged")
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "TaskPullRequest" tp JOIN "PullRequest" p ON p.id = tp."pullRequestId"
        WHERE tp."taskId" = t.id AND p.state = 'merged')`,
    );
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`(coalesce(t.name, '') || ' ' || coalesce(t.prompt, '')) ILIKE ${pattern}`);
  }
  if (filters.archived === "exclude") conditions.push(Prisma.sql`t."archivedAt" IS NULL`);
  if (filters.archived === "only") conditions.push(Prisma.sql`t."archivedAt" IS NOT NULL`);
  return conditions;
}

type RawRow = {
  id: string;
  name: string | null;
  state: TaskState;
  stateSince: Date;
  owner: string;
  repoName: string;
  creatorLogin: string | null;
  creatorGithubId: bigint | null;
  errorMessage: string | null;
  htmlUrl: string | null;
  pullRequestId: bigint | null;
  headRef: string | null;
  model: string | null;
  creditsNano: bigint;
  premiumRequests: Prisma.Decimal;
  createdAt: Date;
  githubUpdatedAt: Date;
  lastConfirmedAt: Date;
  archivedAt: Date | null;
  launchedBy: string | null;
  triageOwner: string | null;
  prNumber: number | null;
  prState: PullRequestState | null;
  prHtmlUrl: string | null;
  prMergedAt: Date | null;
  prWorkflowsWaiting: number | null;
  prAwaitingSince: Date | null;
  lookedUp: boolean;
  sortKey: Date | bigint;
};

function toListRow(row: RawRow, now: Date): TaskListRow {
  const pull =
    row.prNumber !== null && row.prState !== null && row.prHtmlUrl !== null
      ? {
          number: row.prNumber,
          state: row.prState,
          htmlUrl: row.prHtmlUrl,
          mergedAt: row.prMergedAt?.toISOString() ?? null,
        }
      : null;
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    stateSince: row.stateSince.toISOString(),
    repository: `${row.owner}/${row.repoName}`,
    creatorLogin: row.creatorLogin,
    creatorGithubId: row.creatorGithubId?.toString() ?? null,
    errorMessage: row.errorMessage,
    htmlUrl: row.htmlUrl,
    hasPullRequest: row.pullRequestId !== null,
    headRef: row.headRef,
    model: row.model,
    credits: formatCredits(row.creditsNano),
    premiumRequests: row.premiumRequests.toString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.githubUpdatedAt.toISOString(),
    lastConfirmedAt: row.lastConfirmedAt.toISOString(),
    archived: row.archivedAt !== null,
    launchedBy: row.launchedBy,
    triageOwner: row.triageOwner,
    pull,
    flags: taskFlags(
      {
        state: row.state,
        stateSince: row.stateSince,
        headRef: row.headRef,
        pullRequestId: row.pullRequestId,
        pull: pull && {
          state: pull.state,
          workflowsAwaitingApproval: row.prWorkflowsWaiting ?? 0,
          awaitingApprovalSince: row.prAwaitingSince,
        },
        lookedUp: row.lookedUp,
      },
      now,
    ),
  };
}

/** The largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 500;

/**
 * One page of the task queue, filtered and sorted on the server, with keyset pagination
 * (`cursor` = the last row's sort key and id), so page 1,000 costs what page 1 does. Only tasks of
 * repositories the viewer can see; a cursor that is not one of ours is refused (invalid_input).
 */
export async function listTasks(options: {
  filters: TaskFilters;
  viewer: Viewer;
  /** Only these tasks (the queue's selection); the caller bounds the list. */
  ids?: readonly string[];
  cursor?: string | null;
  limit?: number;
}): Promise<TaskPage> {
  const { filters } = options;
  const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_PAGE_SIZE);
  const cursor = options.cursor ? decodeCursor(options.cursor, filters.sort) : null;
  if (options.cursor && !cursor)
    throw new FailureError("invalid_input", "That page link is not valid.", {
      fieldErrors: { cursor: ["That page link is not valid: start again from the first page."] },
    });
  const conditions = await whereFor(filters, options.viewer, options.ids);
  const column = SORT_COLUMNS[filters.sort];
  // "Longest in state first" is the oldest stateSince: flip the direction for that sort.
  const descending = filters.sort === "in_state" ? filters.dir === "asc" : filters.dir === "desc";
  if (cursor) {
    conditions.push(
      descending
        ? Prisma.sql`(${column}, t.id) < (${cursor.key}, ${cursor.id})`
        : Prisma.sql`(${column}, t.id) > (${cursor.key}, ${cursor.id})`,
    );
  }
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const order = descending ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT t.id, t.name, t.state::text AS state, t."stateSince", r.owner, r.name AS "repoName",
      u.login AS "creatorLogin", t."creatorGithubId", t."errorMessage", t."htmlUrl", t."pullRequestId",
      t."headRef", t.model, t."creditsNano", t."premiumRequests", t."createdAt", t."githubUpdatedAt",
      t."lastConfirmedAt", t."archivedAt", l."githubLogin" AS "launchedBy", triage.owner AS "triageOwner",
      pr.number AS "prNumber", pr.state::text AS "prState", pr."htmlUrl" AS "prHtmlUrl", pr."mergedAt" AS "prMergedAt",
      pr."workflowsAwaitingApproval" AS "prWorkflowsWaiting", pr."awaitingApprovalSince" AS "prAwaitingSince",
      EXISTS (SELECT 1 FROM "PullRequestLookup" pl WHERE pl."taskId" = t.id) AS "lookedUp",
      ${column} AS "sortKey"
    FROM "Task" t
    JOIN "Repository" r ON r.id = t."repositoryId"
    LEFT JOIN "User" u ON u."githubId"::bigint = t."creatorGithubId"
    LEFT JOIN "Launch" l ON l."taskId" = t.id
    LEFT JOIN LATERAL (
      SELECT coalesce(ou.login, ot.name, 'Unowned') AS owner FROM "TriageItem" i
      LEFT JOIN "User" ou ON ou.id = i."ownerUserId" LEFT JOIN "Team" ot ON ot.id = i."ownerTeamId"
      WHERE i."taskId" = t.id AND i.status <> 'resolved' ORDER BY i."openedAt" DESC LIMIT 1
    ) triage ON true
    LEFT JOIN LATERAL (
      SELECT p.* FROM "TaskPullRequest" tp JOIN "PullRequest" p ON p.id = tp."pullRequestId"
      WHERE tp."taskId" = t.id ORDER BY tp."linkedAt" DESC LIMIT 1
    ) pr ON true
    ${where}
    ORDER BY ${column} ${order}, t.id ${order}
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const now = new Date();
  return {
    rows: page.map((row) => toListRow(row, now)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({
            key: last.sortKey instanceof Date ? last.sortKey.toISOString() : last.sortKey.toString(),
            id: last.id,
          })
        : null,
    asOf: now.toISOString(),
  };
}

/** Past this many, the queue says "10,000+" rather than counting every match. */
export const COUNT_CAP = 10_000;

export type TaskCount = { count: number; capped: boolean };

/**
 * How many tasks a view matches (only what the viewer may see), counted exactly up to COUNT_CAP:
 * the count stops reading there, so a view of a million tasks costs what one of ten thousand does.
 */
export async function countTasks(options: {
  filters: TaskFilters;
  viewer: Viewer;
  cap?: number;
}): Promise<TaskCount> {
  const cap = options.cap ?? COUNT_CAP;
  const conditions = await whereFor(options.filters, options.viewer);
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (SELECT 1 FROM "Task" t ${where} LIMIT ${cap + 1}) matched`;
  const n = Number(row?.n ?? 0);
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

/** Every row of a view the viewer may see, page by page (for CSV export). */
export async function* iterateTasks(options: {
  filters: TaskFilters;
  viewer: Viewer;
  ids?: readonly string[];
}) {
  let cursor: string | null = null;
  do {
    const page = await listTasks({ ...options, cursor, limit: MAX_PAGE_SIZE });
    yield* page.rows;
    cursor = page.nextCursor;
  } while (cursor);
}

/** Distinct values for the filter pickers: repositories and people with tasks the viewer can see. */
export async function listFilterOptions(viewer: Viewer) {
  const [repositories, creators, campaigns, templates] = await Promise.all([
    db.$queryRaw<{ name: string }[]>`
      SELECT r.owner || '/' || r.name AS name FROM "Repository" r
      WHERE EXISTS (SELECT 1 FROM "TaskRepositoryCounter" c WHERE c."repositoryId" = r.id AND c.count > 0)
        AND ${visibleRepositorySql(viewer, Prisma.sql`r.id`)}
      ORDER BY 1 LIMIT 1000`,
    db.$queryRaw<{ login: string }[]>`
      SELECT u.login FROM "User" u WHERE u.login IS NOT NULL AND EXISTS (
        SELECT 1 FROM "TaskCounter" c WHERE c."creatorGithubId" = u."githubId"::bigint AND c.count > 0
          AND ${visibleRepositorySql(viewer, Prisma.sql`c."repositoryId"`)})
      ORDER BY 1`,
    db.campaign.findMany({
      where: { status: { not: "draft" } },
      select: { id: true, name: true },
      orderBy: { createdAt: "desc" },
      take: 200,
    }),
    db.template.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: 200 }),
  ]);
  return {
    repositories: repositories.map((row) => row.name),
    creators: creators.map((row) => row.login),
    models: [...TASK_MODELS],
    campaigns,
    templates,
  };
}

export type TaskDetail = NonNullable<Awaited<ReturnType<typeof getTaskDetail>>>;

/**
 * One task with everything the detail page shows (once per request: the page and its metadata both
 * ask). null when it does not exist or is in a repository the viewer cannot see on GitHub: the page
 * answers 404 either way, so an id reveals nothing. Linked attempts in other repositories the
 * viewer cannot see are left out too. Nothing here carries a token.
 */
export function getTaskDetail({ id, viewer }: { id: string; viewer: Viewer }) {
  return loadTaskDetail(id, viewer.id, viewer.role);
}

// Keyed by strings: React's request cache compares arguments by identity.
const loadTaskDetail = cache(async (id: string, viewerId: string, role: Viewer["role"]) => {
  const viewer: Viewer = { id: viewerId, role };
  const visible = visibleTaskWhere(viewer);
  const task = await db.task.findFirst({
    where: { id, ...visible },
    include: {
      repository: { select: { owner: true, name: true, defaultBranch: true } },
      sessions: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      stateChanges: { orderBy: { id: "asc" } },
      launch: { include: { user: { select: { login: true, name: true } } } },
      pullRequests: { include: { pullRequest: true }, orderBy: { linkedAt: "desc" }, take: 1 },
      pullLookup: { select: { taskId: true } },
    },
  });
  if (!task) return null;
  const pr = task.pullRequests[0]?.pullRequest ?? null;
  const [creator, attempts, nextLaunches, previousLaunch, campaign, templateVersion, onGitHub] =
    await Promise.all([
      task.creatorGithubId === null
        ? null
        : db.user.findFirst({
            where: { githubId: Number(task.creatorGithubId) },
            select: { login: true, name: true },
          }),
      // Attempts at the same work: other tasks on the same branch of the same repository.
      task.headRef
        ? db.task.findMany({
            where: { repositoryId: task.repositoryId, headRef: task.headRef, id: { not: task.id } },
            select: { id: true, name: true, state: true, createdAt: true },
            orderBy: { createdAt: "asc" },
            take: 20,
          })
        : [],
      // Retries and follow-ups started from Switchyard, linked to this task as their previous attempt.
      db.launch.findMany({
        where: { previousTaskId: task.id, taskId: { not: null }, task: visible },
        select: {
          kind: true,
          githubLogin: true,
          prompt: true,
          model: true,
          task: { select: { id: true, name: true, state: true } },
        },
        orderBy: { createdAt: "asc" },
      }),
      task.launch?.previousTaskId
        ? db.task.findFirst({
            where: { id: task.launch.previousTaskId, ...visible },
            select: {
              id: true,
              name: true,
              state: true,
              prompt: true,
              launch: { select: { prompt: true, model: true } },
            },
          })
        : null,
      task.campaignId
        ? db.campaign.findUnique({ where: { id: task.campaignId }, select: { id: true, name: true } })
        : null,
      task.templateVersionId
        ? db.templateVersion.findUnique({
            where: { id: task.templateVersionId },
            select: { version: true, template: { select: { id: true, name: true } } },
          })
        : null,
      // Only an admin can get here without it: the page marks that view.
      seesEverything(viewer) ? listedOnGitHub(db, viewer.id, task.repositoryId) : true,
    ]);
  const previousPrompt = previousLaunch?.launch?.prompt ?? previousLaunch?.prompt ?? null;
  const thisPrompt = task.launch?.prompt ?? task.prompt;
  const changes: string[] = [];
  if (previousLaunch) {
    if (previousPrompt !== thisPrompt) changes.push("The prompt changed");
    if ((previousLaunch.launch?.model ?? null) !== (task.launch?.model ?? null))
      changes.push(
        `Model: ${previousLaunch.launch?.model ?? "automatic"} → ${task.launch?.model ?? "automatic"}`,
      );
    if (changes.length === 0) changes.push("Same inputs");
  }
  return {
    id: task.id,
    name: task.name,
    state: task.state as TaskState,
    stateSince: task.stateSince.toISOString(),
    repository: `${task.repository.owner}/${task.repository.name}`,
    defaultBranch: task.repository.defaultBranch,
    /** False when an admin looks at a task in a repository GitHub does not show them. */
    visibleOnGitHub: onGitHub,
    htmlUrl: task.htmlUrl,
    headRef: task.headRef,
    baseRef: task.baseRef,
    hasPullRequest: task.pullRequestId !== null,
    /** The task's pull request as last read from GitHub (lib/outcomes), without its ETags. */
    pull: pr && {
      number: pr.number,
      title: pr.title,
      htmlUrl: pr.htmlUrl,
      state: pr.state,
      mergedAt: pr.mergedAt?.toISOString() ?? null,
      reviewDecision: pr.reviewDecision,
      requestedReviewers: pr.requestedReviewers,
      checksState: pr.checksState,
      checksTotal: pr.checksTotal,
      checksFailing: pr.checksFailing,
      workflowsAwaitingApproval: pr.workflowsAwaitingApproval,
      refreshedAt: pr.refreshedAt.toISOString(),
    },
    flags: taskFlags(
      {
        state: task.state,
        stateSince: task.stateSince,
        headRef: task.headRef,
        pullRequestId: task.pullRequestId,
        pull: pr,
        lookedUp: task.pullLookup !== null,
      },
      new Date(),
    ),
    customAgent: task.customAgent,
    prompt: task.prompt,
    model: task.model,
    errorMessage: task.errorMessage,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.githubUpdatedAt.toISOString(),
    archivedAt: task.archivedAt?.toISOString() ?? null,
    lastConfirmedAt: task.lastConfirmedAt.toISOString(),
    detailStale: task.detailUpdatedAt?.getTime() !== task.githubUpdatedAt.getTime(),
    credits: formatCredits(task.creditsNano),
    premiumRequests: task.premiumRequests.toString(),
    campaignId: task.campaignId,
    templateId: task.templateId,
    campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
    template: templateVersion
      ? {
          id: templateVersion.template.id,
          name: templateVersion.template.name,
          version: templateVersion.version,
        }
      : null,
    creator: creator?.login ?? (task.creatorGithubId ? `GitHub user #${task.creatorGithubId}` : null),
    launch: task.launch
      ? {
          id: task.launch.id,
          by: task.launch.user.login ?? task.launch.githubLogin,
          identity: task.launch.githubLogin,
          at: task.launch.createdAt.toISOString(),
          baseRef: task.launch.baseRef,
          headRef: task.launch.headRef,
          model: task.launch.model,
          customAgent: task.launch.customAgent,
          createPullRequest: task.launch.createPullRequest,
          prompt: task.launch.prompt,
          policyNotes: task.launch.policyNotes,
          campaignId: task.launch.campaignId,
          repositorySetupId: task.launch.repositorySetupId,
        }
      : null,
    sessions: task.sessions.map((session) => ({
      id: session.id,
      state: session.state as TaskState,
      name: session.name,
      prompt: session.prompt,
      model: session.model,
      headRef: session.headRef,
      baseRef: session.baseRef,
      usage:
        session.usageType === "ai_credits"
          ? `${formatCredits(session.creditsNano ?? 0n)} credits`
          : session.usageType === "premium_requests"
            ? `${session.premiumRequests?.toString()} premium requests`
            : null,
      errorMessage: session.errorMessage,
      createdAt: session.createdAt.toISOString(),
      completedAt: session.completedAt?.toISOString() ?? null,
    })),
    timeline: task.stateChanges.map((change) => ({
      id: change.id.toString(),
      from: change.fromState as TaskState | null,
      to: change.toState as TaskState,
      at: change.githubUpdatedAt.toISOString(),
      observedAt: change.observedAt.toISOString(),
      via: change.observedVia,
    })),
    previousAttempt: previousLaunch
      ? {
          id: previousLaunch.id,
          name: previousLaunch.name,
          state: previousLaunch.state as TaskState,
          kind: task.launch?.kind ?? "retry",
          prompt: previousPrompt,
          changes,
        }
      : null,
    nextAttempts: nextLaunches.flatMap((next) =>
      next.task
        ? [
            {
              id: next.task.id,
              name: next.task.name,
              state: next.task.state as TaskState,
              kind: next.kind,
              by: next.githubLogin,
            },
          ]
        : [],
    ),
    attempts: attempts.map((attempt) => ({
      id: attempt.id,
      name: attempt.name,
      state: attempt.state as TaskState,
      createdAt: attempt.createdAt.toISOString(),
    })),
  };
});

/** An earlier task's launch inputs as form values (Edit and retry); null when the viewer cannot see it. */
export async function getLaunchInputs({ taskId, viewer }: { taskId: string; viewer: Viewer }) {
  const task = await db.task.findFirst({
    where: { id: taskId, ...visibleTaskWhere(viewer) },
    select: retrySourceSelect,
  });
  if (!task) return null;
  return { taskId: task.id, name: task.name ?? task.id, values: retryFormValues(task) };
}
