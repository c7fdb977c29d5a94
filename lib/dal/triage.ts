import "server-only";
import type { TaskState } from "@/lib/task-states";
import type { ChecksState, PullRequestState, ReviewDecision } from "@/generated/prisma/enums";
import { taskFlags, type Flag } from "@/lib/outcomes/flags";
import { db } from "@/lib/db";
import { FailureError } from "@/lib/errors";
import { decodeKeyset, encodeKeyset, keysetAfter } from "@/lib/format/keyset";
import { canActOn, teamIdsOf, TRIAGE_VIEWS, triageWhere, type TriageView } from "@/lib/triage/access";
import { visibleTaskWhere, type Viewer } from "@/lib/visibility/scope";

export { TRIAGE_VIEWS, type TriageView };

/** A review item's pull request as last read from GitHub (lib/outcomes). */
export type TriagePullDto = {
  number: number;
  title: string;
  htmlUrl: string;
  /** GitHub's checks tab of the PR, where workflows waiting for approval are approved. */
  checksUrl: string;
  state: PullRequestState;
  reviewDecision: ReviewDecision;
  requestedReviewers: string[];
  checksState: ChecksState;
  checksTotal: number;
  checksFailing: number;
  workflowsAwaitingApproval: number;
  refreshedAt: string;
};

export type TriageItemDto = {
  id: string;
  kind: "failure" | "review";
  state: TaskState;
  taskId: string;
  taskName: string | null;
  repository: string;
  htmlUrl: string | null;
  errorMessage: string | null;
  headRef: string | null;
  baseRef: string | null;
  prompt: string | null;
  campaignId: string | null;
  owner: string | null;
  ownerKind: "user" | "team" | null;
  ownerReason: string;
  openedAt: string;
  slaDueAt: string;
  overdue: boolean;
  escalationLevel: number;
  acknowledgedBy: string | null;
  nextTaskId: string | null;
  /** The review item's PR, else the task's latest PR (if any). */
  pull: TriagePullDto | null;
  /** Where GitHub's state and reality disagree (lib/outcomes/flags.ts), as in the queue. */
  flags: Flag[];
  notes: { author: string; body: string; at: string }[];
  canAct: boolean;
};

/** How many items one page of the inbox shows. */
export const TRIAGE_PAGE_SIZE = 50;
const ORDER_FIELDS = ["slaDueAt", "openedAt"] as const;

export type TriagePage = { items: TriageItemDto[]; nextCursor: string | null };

/**
 * One page of a view, keyset-paged on (due, opened, id): breached first (oldest due date first),
 * then the rest by how soon they are due. A cursor that is not one of ours is refused.
 */
export async function listTriageItems(options: {
  view: TriageView;
  viewer: Viewer;
  cursor?: string | null;
  limit?: number;
}): Promise<TriagePage> {
  const now = new Date();
  const limit = Math.min(Math.max(options.limit ?? TRIAGE_PAGE_SIZE, 1), 200);
  const cursor = options.cursor ? decodeKeyset(options.cursor, ORDER_FIELDS.length) : null;
  if (options.cursor && !cursor)
    throw new FailureError("invalid_input", "That page link is not valid: start again from the first page.");
  const [where, viewerTeams] = await Promise.all([
    triageWhere(db, options.view, options.viewer),
    teamIdsOf(db, options.viewer.id),
  ]);
  const rows = await db.triageItem.findMany({
    where: cursor ? { AND: [where, keysetAfter(ORDER_FIELDS, cursor, "asc")] } : where,
    orderBy: [{ slaDueAt: "asc" }, { openedAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    include: {
      task: {
        select: {
          name: true,
          htmlUrl: true,
          errorMessage: true,
          headRef: true,
          baseRef: true,
          prompt: true,
          campaignId: true,
          state: true,
          stateSince: true,
          pullRequestId: true,
          repository: { select: { owner: true, name: true } },
          launch: { select: { prompt: true } },
          pullRequests: { include: { pullRequest: true }, orderBy: { linkedAt: "desc" }, take: 1 },
          pullLookup: { select: { taskId: true } },
        },
      },
      pullRequest: true,
      ownerUser: { select: { login: true } },
      ownerTeam: { select: { name: true } },
      notes: { orderBy: { createdAt: "asc" }, include: { author: { select: { login: true } } } },
    },
  });
  const items = rows.slice(0, limit);
  const acknowledgers = await db.user.findMany({
    where: { id: { in: items.flatMap((item) => (item.acknowledgedById ? [item.acknowledgedById] : [])) } },
    select: { id: true, login: true },
  });
  const loginOf = new Map(acknowledgers.map((user) => [user.id, user.login]));
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeKeyset([last.slaDueAt, last.openedAt], last.id) : null;
  return {
    nextCursor,
    items: items.map((item) => {
      const pull = item.pullRequest ?? item.task.pullRequests[0]?.pullRequest ?? null;
      return {
        id: item.id,
        kind: item.kind,
        state: item.state as TaskState,
        taskId: item.taskId,
        taskName: item.task.name,
        repository: `${item.task.repository.owner}/${item.task.repository.name}`,
        htmlUrl: item.task.htmlUrl,
        errorMessage: item.task.errorMessage ?? item.errorMessage,
        headRef: item.task.headRef,
        baseRef: item.task.baseRef,
        prompt: item.task.launch?.prompt ?? item.task.prompt,
        campaignId: item.task.campaignId,
        owner: item.ownerUser?.login ?? item.ownerTeam?.name ?? null,
        ownerKind: item.ownerUser ? "user" : item.ownerTeam ? "team" : null,
        ownerReason: item.ownerReason,
        openedAt: item.openedAt.toISOString(),
        slaDueAt: item.slaDueAt.toISOString(),
        overdue: item.slaDueAt < now,
        escalationLevel: item.escalationLevel,
        acknowledgedBy: item.acknowledgedById ? (loginOf.get(item.acknowledgedById) ?? null) : null,
        nextTaskId: item.nextTaskId,
        pull: pull && {
          number: pull.number,
          title: pull.title,
          htmlUrl: pull.htmlUrl,
          checksUrl: `${pull.htmlUrl}/checks`,
          state: pull.state,
          reviewDecision: pull.reviewDecision,
          requestedReviewers: pull.requestedReviewers,
          checksState: pull.checksState,
          checksTotal: pull.checksTotal,
          checksFailing: pull.checksFailing,
          workflowsAwaitingApproval: pull.workflowsAwaitingApproval,
          refreshedAt: pull.refreshedAt.toISOString(),
        },
        flags: taskFlags(
          {
            state: item.task.state,
            stateSince: item.task.stateSince,
            headRef: item.task.headRef,
            pullRequestId: item.task.pullRequestId,
            pull,
            lookedUp: item.task.pullLookup !== null,
          },
          now,
        ),
        notes: item.notes.map((note) => ({
          author: note.author.login ?? "someone",
          body: note.body,
          at: note.createdAt.toISOString(),
        })),
        canAct: canActOn(item, options.viewer, viewerTeams),
      };
    }),
  };
}

export async function countTriageViews(viewer: Viewer) {
  const entries = await Promise.all(
    TRIAGE_VIEWS.map(
      async (view) =>
        [view, await db.triageItem.count({ where: await triageWhere(db, view, viewer) })] as const,
    ),
  );
  const snoozed = await db.triageItem.count({ where: { status: "snoozed", task: visibleTaskWhere(viewer) } });
  return { ...(Object.fromEntries(entries) as Record<TriageView, number>), snoozed };
}

export type FailureCluster = { key: string; count: number; sample: string; itemIds: string[] };

/** Open failed items with the same normalised error, largest first (two or more). */
export async function listFailureClusters(view: TriageView, viewer: Viewer): Promise<FailureCluster[]> {
  const where = {
    ...(await triageWhere(db, view, viewer)),
    state: "failed" as const,
    clusterKey: { not: null },
  };
  const items = await db.triageItem.findMany({
    where,
    select: { id: true, clusterKey: true, errorMessage: true },
    take: 2000,
  });
  const clusters = new Map<string, FailureCluster>();
  for (const item of items) {
    const cluster = clusters.get(item.clusterKey!) ?? {
      key: item.clusterKey!,
      count: 0,
      sample: item.errorMessage ?? item.clusterKey!,
      itemIds: [],
    };
    cluster.count++;
    cluster.itemIds.push(item.id);
    clusters.set(item.clusterKey!, cluster);
  }
  return [...clusters.values()].filter((cluster) => cluster.count >= 2).sort((a, b) => b.count - a.count);
}

/** People and teams an item can be reassigned to. */
export async function listAssignees() {
  const [users, teams] = await Promise.all([
    db.user.findMany({
      where: { accounts: { some: {} }, login: { not: null } },
      select: { id: true, login: true },
      orderBy: { login: "asc" },
    }),
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { users: users.map((user) => ({ id: user.id, login: user.login! })), teams };
}
