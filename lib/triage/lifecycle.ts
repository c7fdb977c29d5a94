/**
 * Triage items follow the sync's state-change events: one item per entry into a needs-human state
 * (waiting_for_user, failed, timed_out), closed when the task moves on or its retry completes.
 * Runs in the worker (no "server-only"); every step is idempotent, so a job that runs again after a
 * crash opens, closes and notifies nothing twice.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { GitHubClient } from "@/lib/github";
import type { TriageEvent } from "@/lib/notifications/events";
import { notifyTriageEvent } from "@/lib/notifications/notify";
import { isHistory, type StateChangeEvent } from "@/lib/sync/events";
import type { TaskStateValue } from "@/lib/sync/mapping";
import { clusterKeyFor } from "./cluster";
import { resolveOwner } from "./ownership";
import { needsHuman } from "@/lib/task-states";
import { slaMinutes } from "./sla";

export type TriageDeps = {
  db: PrismaClient;
  /** A signed-in person's client that can read the repository (CODEOWNERS), or null. */
  clientForRepository?: (repository: {
    id: bigint;
    owner: string;
    name: string;
  }) => Promise<GitHubClient | null>;
  /** Switchyard's own URL, for links in notifications. */
  appUrl: string;
  now?: () => Date;
};

type ItemForEvent = {
  id: string;
  kind?: "failure" | "review";
  taskId: string;
  state: TaskStateValue;
  ownerUserId: string | null;
  ownerTeamId: string | null;
  ownerReason: string;
};

/** A triage event about an item, and who hears of it (its owner). */
export async function eventFor(
  deps: Pick<TriageDeps, "db" | "appUrl">,
  kind: TriageEvent["kind"],
  item: ItemForEvent,
  suffix = "",
): Promise<{ event: TriageEvent; recipients: { userIds: string[]; teamIds: string[] } }> {
  const task = await deps.db.task.findUnique({
    where: { id: item.taskId },
    select: { name: true, repository: { select: { owner: true, name: true } } },
  });
  const [user, team] = await Promise.all([
    item.ownerUserId
      ? deps.db.user.findUnique({ where: { id: item.ownerUserId }, select: { login: true } })
      : null,
    item.ownerTeamId
      ? deps.db.team.findUnique({ where: { id: item.ownerTeamId }, select: { name: true } })
      : null,
  ]);
  return {
    event: {
      kind,
      itemKind: item.kind ?? "failure",
      eventKey: `${kind}:${item.id}${suffix}`,
      itemId: item.id,
      taskId: item.taskId,
      title: task?.name ?? item.taskId,
      state: item.state,
      repository: task ? `${task.repository.owner}/${task.repository.name}` : "",
      ownerLabel: user?.login ?? team?.name ?? "Unowned",
      reason: item.ownerReason,
      url: `${deps.appUrl.replace(/\/$/, "")}/tasks/${item.taskId}`,
    },
    recipients: {
      userIds: item.ownerUserId ? [item.ownerUserId] : [],
      teamIds: item.ownerTeamId ? [item.ownerTeamId] : [],
    },
  };
}

async function notify(deps: TriageDeps, kind: TriageEvent["kind"], item: ItemForEvent, suffix = "") {
  const { event, recipients } = await eventFor(deps, kind, item, suffix);
  await notifyTriageEvent(deps.db, event, recipients);
}

/**
 * Closes every open failure item of a task (the task moved on), or the items a completed retry redoes.
 * Review items are left alone: they close when their pull request is merged or closed (./reviews.ts),
 * and a follow-up that completes brings the same PR back to its reviewer.
 * Notifies first, then closes: a run that stops in between notifies again on the next run, and the
 * event key turns that into a no-op.
 */
async function resolveOpenItems(
  deps: TriageDeps,
  where: { taskId: string; openedByChangeId: { lt: bigint } } | { nextTaskId: string },
  resolution: "moved_on" | "retried",
) {
  const items = await deps.db.triageItem.findMany({
    where: { ...where, kind: "failure", status: { not: "resolved" } },
  });
  for (const item of items) {
    await notify(deps, "resolved", item);
    await deps.db.triageItem.updateMany({
      where: { id: item.id, status: { not: "resolved" } },
      data: { status: "resolved", resolution, resolvedAt: deps.now?.() ?? new Date() },
    });
  }
}

/** The `task_state_changed` consumer. */
export async function applyStateChangeToTriage(deps: TriageDeps, change: StateChangeEvent): Promise<void> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();

  // Items opened by earlier changes of this task (a repeated run of this change keeps its own item).
  const earlier = { taskId: change.taskId, openedByChangeId: { lt: change.changeId } };
  if (!needsHuman(change.toState)) {
    await resolveOpenItems(deps, earlier, "moved_on");
    if (change.toState === "completed")
      await resolveOpenItems(deps, { nextTaskId: change.taskId }, "retried");
    return;
  }

  // From one needs-human state to another (failed → waiting_for_user): the old item is done.
  await resolveOpenItems(deps, earlier, "moved_on");
  if (isHistory(change, now)) return;

  const task = await db.task.findUnique({ where: { id: change.taskId }, select: { errorMessage: true } });
  if (!task) return;
  const existing = await db.triageItem.findUnique({ where: { openedByChangeId: change.changeId } });
  let item = existing;
  if (!item) {
    const owner = await resolveOwner(
      db,
      { taskId: change.taskId, state: change.toState },
      { clientForRepository: deps.clientForRepository, now },
    );
    const minutes = await slaMinutes(db, change.toState);
    await db.triageItem.createMany({
      data: [
        {
          taskId: change.taskId,
          openedByChangeId: change.changeId,
          state: change.toState,
          ownerUserId: owner.ownerUserId,
          ownerTeamId: owner.ownerTeamId,
          ownerReason: owner.reason,
          slaDueAt: new Date(change.githubUpdatedAt.getTime() + minutes * 60_000),
          openedAt: change.githubUpdatedAt,
          errorMessage: task.errorMessage,
          clusterKey: change.toState === "failed" ? clusterKeyFor(task.errorMessage) : null,
        },
      ],
      skipDuplicates: true, // exactly once per change, even when two runs race
    });
    item = await db.triageItem.findUniqueOrThrow({ where: { openedByChangeId: change.changeId } });
  }
  if (item.status !== "resolved") await notify(deps, "opened", item);
}

/**
 * Every minute: snoozes that ran out reopen; items past their SLA escalate to the owner's team
 * (level 1), and a full SLA period later to whoever launched the task (level 2; the campaign owner
 * once campaigns exist).
 */
export async function escalateOverdue(deps: TriageDeps): Promise<{ reopened: number; escalated: number }> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const reopened = await db.triageItem.updateMany({
    where: { status: "snoozed", snoozedUntil: { lte: now } },
    data: { status: "open", snoozedUntil: null },
  });
  let escalated = 0;
  const overdue = await db.triageItem.findMany({
    where: { status: "open", slaDueAt: { lt: now }, escalationLevel: { lt: 2 } },
    include: { task: { select: { launch: { select: { userId: true } } } } },
    take: 500,
  });
  for (const item of overdue) {
    const slaMs = (await slaMinutes(db, item.state)) * 60_000;
    const level = now.getTime() > item.slaDueAt.getTime() + slaMs ? 2 : 1;
    if (level <= item.escalationLevel) continue;
    let teamId = item.ownerTeamId;
    if (!teamId && item.ownerUserId) {
      const membership = await db.teamMember.findFirst({
        where: { userId: item.ownerUserId },
        orderBy: { team: { name: "asc" } },
        select: { teamId: true },
      });
      teamId = membership?.teamId ?? null;
    }
    // Notify, then record: a run that stops in between re-sends nothing (same event key).
    const { event, recipients } = await eventFor(
      deps,
      "escalated",
      { ...item, ownerTeamId: teamId },
      `:level-${level}`,
    );
    if (level === 2 && item.task.launch?.userId) recipients.userIds.push(item.task.launch.userId);
    await notifyTriageEvent(db, event, recipients);
    const { count } = await db.triageItem.updateMany({
      where: { id: item.id, escalationLevel: item.escalationLevel },
      data: { escalationLevel: level, escalatedAt: now, ownerTeamId: teamId },
    });
    if (count === 1) escalated++;
  }
  return { reopened: reopened.count, escalated };
}
