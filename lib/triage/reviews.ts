/**
 * Review is a triage stage: a completed task whose pull request is open — draft or not: a draft the
 * agent left behind needs a human just as much, and the item says it is a draft — becomes a review
 * item, routed by the same ownership rules, with the review SLA (`completed` in SlaTarget, ./sla.ts).
 * It resolves itself when the PR is merged or closed. Runs in the worker after each `outcomes_refresh`
 * cycle, from the database alone (no GitHub call but CODEOWNERS): whichever order the task's
 * completion and the PR's link arrive in, and whatever crashed in between, the next run catches up.
 * Exactly once: an item per PR (`TriageItem.pullRequestId` is unique), and opening or resolving
 * writes its audit record and its notification in the transaction that wins.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { notifyTriageEvent } from "@/lib/notifications/notify";
import { eventFor, type TriageDeps } from "./lifecycle";
import { resolveOwner } from "./ownership";
import { REVIEW_STATE, slaMinutes } from "./sla";

/** How many PRs one run opens items for (the rest wait for the next cycle, seconds later). */
const OPEN_PER_RUN = 200;

export type ReviewSyncReport = { opened: number; resolved: number };

/** Live PRs of completed tasks without a review item: the first task that produced each PR owns it. */
async function pullsAwaitingItems(db: PrismaClient) {
  return db.$queryRaw<{ pullRequestId: bigint; taskId: string; number: number; draft: boolean }[]>`
    SELECT DISTINCT ON (p.id) p.id AS "pullRequestId", t.id AS "taskId", p.number,
           p.state = 'draft' AS draft
    FROM "PullRequest" p
    JOIN "TaskPullRequest" tp ON tp."pullRequestId" = p.id
    JOIN "Task" t ON t.id = tp."taskId"
    WHERE p.state IN ('open', 'draft') AND t.state = 'completed' AND t."archivedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "TriageItem" i WHERE i."pullRequestId" = p.id)
    ORDER BY p.id, t."createdAt" ASC
    LIMIT ${OPEN_PER_RUN}`;
}

async function openReviewItems(deps: TriageDeps, now: Date): Promise<number> {
  const { db } = deps;
  let opened = 0;
  for (const pull of await pullsAwaitingItems(db)) {
    const owner = await resolveOwner(
      db,
      { taskId: pull.taskId, state: REVIEW_STATE },
      { clientForRepository: deps.clientForRepository, now },
    );
    const minutes = await slaMinutes(db, REVIEW_STATE);
    const created = await db.$transaction(async (tx) => {
      const { count } = await tx.triageItem.createMany({
        data: [
          {
            kind: "review",
            taskId: pull.taskId,
            pullRequestId: pull.pullRequestId,
            state: REVIEW_STATE,
            ownerUserId: owner.ownerUserId,
            ownerTeamId: owner.ownerTeamId,
            ownerReason: owner.reason,
            openedAt: now,
            slaDueAt: new Date(now.getTime() + minutes * 60_000),
          },
        ],
        skipDuplicates: true, // another worker opened it first: theirs is the one
      });
      if (count === 0) return false;
      const item = await tx.triageItem.findUniqueOrThrow({ where: { pullRequestId: pull.pullRequestId } });
      await writeAudit(tx, {
        action: "triage.review_opened",
        targetType: "triage_item",
        targetId: item.id,
        details: {
          taskId: pull.taskId,
          pullRequest: pull.number,
          draft: pull.draft,
          owner: owner.reason,
        },
      });
      const { event, recipients } = await eventFor(deps, "opened", item);
      await notifyTriageEvent(tx, event, recipients);
      return true;
    });
    if (created) opened++;
  }
  return opened;
}

/** Open review items whose PR is merged or closed: resolved with that, each exactly once. */
async function resolveFinishedReviews(deps: TriageDeps, now: Date): Promise<number> {
  const { db } = deps;
  const finished = await db.triageItem.findMany({
    where: {
      kind: "review",
      status: { not: "resolved" },
      pullRequest: { state: { in: ["merged", "closed"] } },
    },
    include: { pullRequest: { select: { number: true, state: true, mergedAt: true, closedAt: true } } },
    take: 500,
  });
  let resolved = 0;
  for (const item of finished) {
    const pull = item.pullRequest!;
    const resolution = pull.state === "merged" ? "merged" : "closed";
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.triageItem.updateMany({
        where: { id: item.id, status: { not: "resolved" } },
        data: { status: "resolved", resolution, resolvedAt: now, snoozedUntil: null },
      });
      if (count === 0) return false; // another run resolved it
      await writeAudit(tx, {
        action: `triage.review_${resolution}`,
        targetType: "triage_item",
        targetId: item.id,
        details: {
          taskId: item.taskId,
          pullRequest: pull.number,
          at: (pull.mergedAt ?? pull.closedAt ?? now).toISOString(),
        },
      });
      const { event, recipients } = await eventFor(deps, "resolved", {
        ...item,
        ownerReason: `Pull request #${pull.number} was ${resolution === "merged" ? "merged" : "closed without merging"}`,
      });
      await notifyTriageEvent(tx, event, recipients);
      return true;
    });
    if (done) resolved++;
  }
  return resolved;
}

/** One pass: open items for PRs awaiting review, resolve those whose PR finished. */
export async function syncReviewItems(deps: TriageDeps): Promise<ReviewSyncReport> {
  const now = deps.now?.() ?? new Date();
  const opened = await openReviewItems(deps, now);
  const resolved = await resolveFinishedReviews(deps, now);
  return { opened, resolved };
}
