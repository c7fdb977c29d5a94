/**
 * What people do in the triage inbox: claim, acknowledge, reassign, snooze, note and resolve one item,
 * a selection or everything a view shows; start the playbook's next attempt (retry, retry with a
 * narrower prompt, follow up); and link an edited retry from the launch form. A selection changes each
 * item in its own transaction, locked, re-checked and recorded there (one audit record per item); a
 * whole view changes in one transaction with one record of the view and its counts. An item the
 * person may not act on is left alone and that is recorded. No "server-only": takes its db.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { fail, ok, type ActionResult } from "@/lib/result";
import type { AuditRecorder } from "@/lib/audit";
import { notifyTriageEvent } from "@/lib/notifications/notify";
import {
  retryInputFor,
  retrySourceSelect,
  type RetryInput,
  type RetryMode,
  type RetrySource,
} from "@/lib/tasks/retry";
import type { ActingUser } from "@/lib/auth/acting";
import { startTask } from "@/lib/tasks/start";
import { canActOn, teamIdsOf, triageWhere } from "./access";
import { MAX_TRIAGE_VIEW, type TriageOperation, type TriageTarget } from "./inputs";
import { visibleTaskWhere } from "@/lib/visibility/scope";

type Tx = Prisma.TransactionClient;

export type TriageActor = { id: string; login: string; role: "admin" | "member" };

/** An item collects at most this many notes: the inbox shows them all on its card. */
export const MAX_NOTES_PER_ITEM = 100;

const NOT_YOURS =
  "Only an item's owner, its team, or an admin can change it (anyone can take an unowned one).";

/** Locks one item for the rest of the transaction and reads it. */
async function lockedItem(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "TriageItem" WHERE id = ${id} FOR UPDATE`;
  return tx.triageItem.findUnique({ where: { id } });
}

type Assignee = { kind: "user" | "team"; id: string; label: string };

/** The person or team an item is reassigned to, checked before any item changes. */
async function findAssignee(db: PrismaClient, value: string): Promise<Assignee | null> {
  const [kind, id] = value.split(":") as ["user" | "team", string];
  if (kind === "user") {
    const user = await db.user.findUnique({ where: { id }, select: { login: true } });
    return user?.login ? { kind, id, label: user.login } : null;
  }
  const team = await db.team.findUnique({ where: { id }, select: { name: true } });
  return team ? { kind, id, label: team.name } : null;
}

/** The items of a selection the person can see: items of tasks they cannot see are not theirs to touch (nor to learn exist). */
async function visibleSelection(db: PrismaClient, actor: TriageActor, itemIds: string[]) {
  const visible = await db.triageItem.findMany({
    where: { id: { in: itemIds }, task: visibleTaskWhere(actor) },
    select: { id: true },
  });
  const seen = new Set(visible.map((item) => item.id));
  return itemIds.filter((id) => seen.has(id));
}

type Item = NonNullable<Awaited<ReturnType<typeof lockedItem>>>;

/** Applies the operation to one locked item; returns why not when a cap stops it. */
async function apply(
  tx: Tx,
  item: Item,
  actor: TriageActor,
  operation: TriageOperation,
  assignee: Assignee | null,
): Promise<string | null> {
  const now = new Date();
  switch (operation.op) {
    case "claim":
      await tx.triageItem.update({
        where: { id: item.id },
        data: { ownerUserId: actor.id, ownerReason: `Claimed by ${actor.login}` },
      });
      return null;
    case "acknowledge":
      await tx.triageItem.update({
        where: { id: item.id },
        data: { acknowledgedAt: now, acknowledgedById: actor.id },
      });
      return null;
    case "reassign": {
      const to = assignee!;
      const reason = `Reassigned to ${to.label} by ${actor.login}`;
      await tx.triageItem.update({
        where: { id: item.id },
        data:
          to.kind === "user"
            ? { ownerUserId: to.id, ownerTeamId: null, ownerReason: reason }
            : { ownerTeamId: to.id, ownerUserId: null, ownerReason: reason },
      });
      return null;
    }
    case "snooze":
      await tx.triageItem.update({
        where: { id: item.id },
        data: { status: "snoozed", snoozedUntil: operation.until },
      });
      return null;
    case "note": {
      const notes = await tx.triageNote.count({ where: { itemId: item.id } });
      if (notes >= MAX_NOTES_PER_ITEM)
        return `This item already has ${MAX_NOTES_PER_ITEM} notes. Resolve it, or say it on GitHub.`;
      await tx.triageNote.create({ data: { itemId: item.id, authorId: actor.id, body: operation.body } });
      return null;
    }
    case "resolve": {
      const task = await tx.task.findUnique({
        where: { id: item.taskId },
        select: { name: true, repository: { select: { owner: true, name: true } } },
      });
      await notifyTriageEvent(
        tx,
        {
          kind: "resolved",
          eventKey: `resolved:${item.id}`,
          itemId: item.id,
          taskId: item.taskId,
          title: task?.name ?? item.taskId,
          state: item.state,
          repository: task ? `${task.repository.owner}/${task.repository.name}` : "",
          ownerLabel: actor.login,
          reason: `Resolved by ${actor.login}: ${operation.resolution.replace(/_/g, " ")}`,
          url: `/tasks/${item.taskId}`,
        },
        {
          userIds: item.ownerUserId ? [item.ownerUserId] : [],
          teamIds: item.ownerTeamId ? [item.ownerTeamId] : [],
        },
      );
      await tx.triageItem.update({
        where: { id: item.id },
        data: {
          status: "resolved",
          resolution: operation.resolution,
          resolvedAt: now,
          resolvedById: actor.id,
        },
      });
      return null;
    }
  }
}

function detailsOfOperation(operation: TriageOperation): Prisma.InputJsonObject {
  return {
    ...(operation.op === "reassign" ? { assignee: operation.assignee } : {}),
    ...(operation.op === "snooze" ? { until: operation.until.toISOString() } : {}),
    ...(operation.op === "resolve" ? { resolution: operation.resolution } : {}),
    ...(operation.op === "note" ? { note: operation.body.slice(0, 200) } : {}),
  };
}

function detailsOf(operation: TriageOperation, item: Item): Prisma.InputJsonObject {
  return { taskId: item.taskId, ...detailsOfOperation(operation) };
}

export type TriageChange = {
  changed: number;
  skipped: number;
  /** Why items were left alone, in words ("2 are not yours to change"), for a whole view. */
  reasons?: string[];
};

/** Claim, acknowledge, reassign, snooze, note or resolve one item, a selection, or a whole view. */
export async function applyTriageOperation(
  db: PrismaClient,
  actor: TriageActor,
  operation: TriageOperation,
  target: TriageTarget,
  record: AuditRecorder,
): Promise<ActionResult<TriageChange>> {
  // Checked before anything changes, so a batch never stops half way for a missing assignee.
  const assignee = operation.op === "reassign" ? await findAssignee(db, operation.assignee) : null;
  if (operation.op === "reassign" && !assignee)
    return fail("not_found", "That person or team no longer exists.");
  if ("view" in target) return applyToView(db, actor, operation, target, assignee, record);
  const ids = await visibleSelection(db, actor, target.itemIds);
  const teams = await teamIdsOf(db, actor.id);
  const action = `triage.${operation.op}`;
  let changed = 0;
  let denied = 0;
  let resolved = 0;
  const problems: string[] = [];
  for (const id of ids) {
    const outcome = await db.$transaction(async (tx) => {
      const item = await lockedItem(tx, id);
      if (!item || item.status === "resolved") return "resolved" as const;
      const audit = {
        action,
        targetType: "triage_item",
        targetId: item.id,
        details: detailsOf(operation, item),
      };
      if (!canActOn(item, actor, teams)) {
        await record(tx, { ...audit, outcome: "forbidden" });
        return "denied" as const;
      }
      const problem = await apply(tx, item, actor, operation, assignee);
      if (problem) return problem;
      await record(tx, audit);
      return "changed" as const;
    });
    if (outcome === "changed") changed++;
    else if (outcome === "denied") denied++;
    else if (outcome === "resolved") resolved++;
    else problems.push(outcome);
  }
  if (changed === 0 && denied > 0) return fail("forbidden", NOT_YOURS);
  if (changed === 0 && problems.length > 0) return fail("invalid_state", problems[0]!);
  if (changed === 0 && resolved > 0) return fail("invalid_state", "That is already resolved.");
  return ok({ changed, skipped: denied + resolved + problems.length });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A whole view, as the server sees it now: the view's filter (which already holds the visibility
 * scope) is re-applied in one transaction that locks the matching items, the count the person
 * confirmed must still be the count, each item is checked for the person's right to act, and one
 * audit record states the view, the counts and what was left alone and why.
 */
async function applyToView(
  db: PrismaClient,
  actor: TriageActor,
  operation: TriageOperation,
  target: Extract<TriageTarget, { view: string }>,
  assignee: Assignee | null,
  record: AuditRecorder,
): Promise<ActionResult<TriageChange>> {
  const where = await triageWhere(db, target.view, actor);
  const teams = await teamIdsOf(db, actor.id);
  const action = `triage.${operation.op}`;
  const outcome = await db.$transaction(
    async (tx) => {
      // Locked in id order (no deadlock with another bulk action), then re-read under the lock: an
      // item that left the view between the two reads is not touched.
      const candidates = await tx.triageItem.findMany({
        where,
        select: { id: true },
        orderBy: { id: "asc" },
        take: MAX_TRIAGE_VIEW + 1,
      });
      const ids = candidates.map((item) => item.id);
      if (ids.length > 0)
        await tx.$queryRaw`SELECT id FROM "TriageItem" WHERE id = ANY(${ids}) ORDER BY id FOR UPDATE`;
      const items = await tx.triageItem.findMany({
        where: { ...where, id: { in: ids } },
        orderBy: { id: "asc" },
      });
      const audit = {
        action,
        targetType: "triage_view",
        targetId: target.view,
        details: {
          view: target.view,
          confirmedCount: target.confirmCount,
          matchedCount: items.length,
          ...detailsOfOperation(operation),
        },
      };
      if (items.length !== target.confirmCount) {
        await record(tx, { ...audit, outcome: "conflict" });
        return fail(
          "conflict",
          items.length > MAX_TRIAGE_VIEW
            ? `The view now has more than ${MAX_TRIAGE_VIEW} items, not ${target.confirmCount}. Narrow it first.`
            : `The view now has ${items.length} items, not ${target.confirmCount}: items changed meanwhile. Review it and confirm again.`,
        );
      }
      let changed = 0;
      const notYours: string[] = [];
      const problems = new Map<string, number>();
      for (const item of items) {
        if (!canActOn(item, actor, teams)) {
          notYours.push(item.id);
          continue;
        }
        const problem = await apply(tx, item, actor, operation, assignee);
        if (problem) problems.set(problem, (problems.get(problem) ?? 0) + 1);
        else changed++;
      }
      const reasons = [
        ...(notYours.length ? [`${plural(notYours.length, "is", "are")} not yours to change`] : []),
        ...[...problems].map(([problem, count]) => `${plural(count, "item", "items")}: ${problem}`),
      ];
      const skipped = items.length - changed;
      await record(tx, {
        ...audit,
        details: { ...audit.details, changedCount: changed, skippedCount: skipped, notYours, reasons },
        ...(changed === 0 && notYours.length > 0 ? { outcome: "forbidden" } : {}),
      });
      if (changed === 0 && notYours.length > 0) return fail("forbidden", NOT_YOURS);
      if (changed === 0 && problems.size > 0) return fail("invalid_state", [...problems.keys()][0]!);
      return ok({ changed, skipped, reasons });
    },
    // Thousands of items in one transaction: more time than Prisma's 5 s default.
    { timeout: 60_000, maxWait: 10_000 },
  );
  return outcome;
}

export type TriageRetries = { started: { itemId: string; taskId: string }[]; failed: string[] };

/** The playbook's starts: a failure item's retries (lib/tasks/retry.ts), a review item's changes. */
export type PlaybookMode = RetryMode | "request_changes";

type PlaybookItem = {
  kind: "failure" | "review";
  task: RetrySource;
  pullRequest: { number: number; headRef: string; baseRef: string } | null;
};

/**
 * What a playbook start sends. Request changes is a follow-up on the review item's pull request
 * branch (`head_ref`, with its base as `base_ref`), carrying the reviewer's words; each kind of item
 * has only its own starts.
 */
function playbookInput(item: PlaybookItem, mode: PlaybookMode, prompt?: string): RetryInput {
  if (item.kind === "review") {
    if (mode !== "request_changes" || !item.pullRequest)
      return { ok: false, message: "it is a review: request changes through the agent instead" };
    const pull = item.pullRequest;
    return retryInputFor(
      { ...item.task, headRef: pull.headRef, baseRef: pull.baseRef },
      "follow_up",
      prompt && `Changes requested in the review of pull request #${pull.number}:\n\n${prompt}`,
    );
  }
  if (mode === "request_changes")
    return { ok: false, message: "only a review item's pull request can have changes requested" };
  return retryInputFor(item.task, mode, prompt);
}

/**
 * Playbook starts: Retry (the same inputs), Retry with a narrower prompt, Follow up (a new task on the
 * same branch with the owner's answer), and a review item's Request changes. Each starts under the acting person's own token and, in the
 * transaction that records the start, becomes the item's next attempt (a failure item resolves when
 * that attempt completes; a review item when its PR is merged or closed) with the item's audit record.
 */
export async function retryTriageItems(
  acting: ActingUser,
  request: { itemIds: string[]; mode: PlaybookMode; prompt?: string },
  record: AuditRecorder,
): Promise<ActionResult<TriageRetries>> {
  const { db, user } = acting;
  const teams = await teamIdsOf(db, user.id);
  const items = await db.triageItem.findMany({
    where: { id: { in: request.itemIds }, status: { not: "resolved" }, task: visibleTaskWhere(user) },
    include: {
      task: { select: retrySourceSelect },
      pullRequest: { select: { number: true, headRef: true, baseRef: true } },
    },
  });
  const action = `triage.${request.mode}`;
  const result: TriageRetries = { started: [], failed: [] };
  for (const item of items) {
    const name = item.task.name ?? item.taskId;
    if (!canActOn(item, user, teams)) {
      result.failed.push(`${name}: not yours to retry`);
      await record(db, {
        action,
        targetType: "triage_item",
        targetId: item.id,
        outcome: "forbidden",
        details: { taskId: item.taskId },
      });
      continue;
    }
    const built = playbookInput(item, request.mode, request.prompt);
    if (!built.ok) {
      result.failed.push(`${name}: ${built.message}`);
      continue;
    }
    const started = await startTask(acting, built.input, {
      // A request for changes is a follow-up on the PR's branch, as GitHub sees it.
      kind: request.mode === "request_changes" ? "follow_up" : request.mode,
      previousTaskId: item.taskId,
      record: (tx, fields = {}) =>
        record(tx, {
          ...fields,
          action,
          targetType: "triage_item",
          targetId: item.id,
          details: { ...fields.details, taskId: item.taskId, nextTaskId: fields.targetId ?? null },
        }),
      settle: async (tx, outcome) => {
        if (outcome.status !== "started") return;
        // Re-checked under the item's lock: it may have been reassigned while GitHub answered.
        const current = await lockedItem(tx, item.id);
        if (current && current.status !== "resolved" && canActOn(current, user, teams))
          await tx.triageItem.update({ where: { id: item.id }, data: { nextTaskId: outcome.task.id } });
      },
    });
    if (started.ok) result.started.push({ itemId: item.id, taskId: started.data.id });
    else result.failed.push(`${name}: ${started.message}`);
  }
  if (result.started.length === 0)
    return fail("failed", result.failed.join(" · ") || "Nothing to retry: those items are resolved.");
  return ok(result);
}

/**
 * Edit and retry from the launch form: the new task becomes the next attempt of the earlier task's
 * open items, but only those the person may act on (anyone else's item is left as it was, and the
 * attempt is recorded as refused). Runs in the transaction that records the start.
 */
export async function linkEditedRetry(
  tx: Tx,
  actor: TriageActor,
  previousTaskId: string,
  nextTaskId: string,
  record: AuditRecorder,
): Promise<number> {
  const items = await tx.triageItem.findMany({
    where: { taskId: previousTaskId, status: { not: "resolved" }, task: visibleTaskWhere(actor) },
    select: { id: true },
  });
  const teams = await teamIdsOf(tx, actor.id);
  let linked = 0;
  for (const { id } of items) {
    const item = await lockedItem(tx, id);
    if (!item || item.status === "resolved") continue;
    const audit = {
      action: "triage.edit_retry",
      targetType: "triage_item",
      targetId: item.id,
      details: { taskId: previousTaskId, nextTaskId },
    };
    if (!canActOn(item, actor, teams)) {
      await record(tx, { ...audit, outcome: "forbidden" });
      continue;
    }
    await tx.triageItem.update({ where: { id: item.id }, data: { nextTaskId } });
    await record(tx, audit);
    linked++;
  }
  return linked;
}
