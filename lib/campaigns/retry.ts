/**
 * Bulk retry of a campaign's tasks: each selected task that ended without success is started again
 * from its launch (lib/tasks/retry.ts), under the identity of the person who asks (never the
 * launcher's), as the next attempt of the old task. Each start is recorded with that identity.
 */
import { fail, ok, type ActionResult } from "@/lib/result";
import type { ActingUser } from "@/lib/auth/acting";
import type { AuditRecorder } from "@/lib/audit";
import { retryInputFor, retrySourceSelect } from "@/lib/tasks/retry";
import { startTask } from "@/lib/tasks/start";
import { isRetryable } from "@/lib/task-states";
import { canManageCampaign } from "./lifecycle";

/** At most this many at once: each is a task-creating request under the person's own limits. */
export const MAX_BULK_RETRY = 50;

export type BulkRetryResult = {
  started: { taskId: string; newTaskId: string; repository: string }[];
  problems: { taskId: string; repository: string; message: string }[];
};

export async function retryCampaignTasks(
  acting: ActingUser,
  campaignId: string,
  taskIds: string[],
  record: AuditRecorder,
): Promise<ActionResult<BulkRetryResult>> {
  const { db, user } = acting;
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) return fail("not_found", "That campaign does not exist.");
  if (!(await canManageCampaign(db, user, campaign)))
    return fail(
      "forbidden",
      "Only the campaign's creator, its owner (or owning team) or an admin can change it.",
    );
  if (campaign.status === "draft" || campaign.status === "awaiting_approval")
    return fail("invalid_state", "This campaign has no tasks yet.");

  const [tasks, targets] = await Promise.all([
    db.task.findMany({
      where: { id: { in: taskIds }, campaignId },
      select: { ...retrySourceSelect, state: true },
    }),
    db.campaignTarget.findMany({
      where: { campaignId, taskId: { in: taskIds } },
      select: { id: true, taskId: true, owner: true, name: true },
    }),
  ]);
  const result: BulkRetryResult = { started: [], problems: [] };
  for (const taskId of taskIds) {
    const task = tasks.find((t) => t.id === taskId);
    const target = targets.find((t) => t.taskId === taskId);
    const repository = target ? `${target.owner}/${target.name}` : "";
    if (!task || !target) {
      result.problems.push({ taskId, repository, message: "Not a task of this campaign." });
      continue;
    }
    if (!isRetryable(task.state)) {
      result.problems.push({
        taskId,
        repository,
        message: `It is ${task.state.replace(/_/g, " ")}; only failed, timed-out or cancelled tasks are retried.`,
      });
      continue;
    }
    const built = retryInputFor(task, "retry");
    if (!built.ok) {
      result.problems.push({ taskId, repository, message: built.message });
      continue;
    }
    const started = await startTask(acting, built.input, {
      kind: "retry",
      previousTaskId: taskId,
      campaignId,
      campaignTargetId: target.id,
      templateVersionId: campaign.templateVersionId,
      record: (tx, fields = {}) =>
        record(tx, { ...fields, action: "task.retry", details: { ...fields.details, campaignId } }),
    });
    if (started.ok) result.started.push({ taskId, newTaskId: started.data.id, repository });
    else {
      result.problems.push({ taskId, repository, message: started.message });
      // A start GitHub may have received is never repeated blindly: stop here and let it reconcile.
      if (started.code === "outcome_unknown" || started.code === "rate_limited") break;
    }
  }
  // What was asked and what came of it, as one record beside each start's own.
  await record(db, {
    action: "campaign.retry_tasks",
    targetType: "campaign",
    targetId: campaignId,
    outcome: result.started.length ? "ok" : "failed",
    details: { requested: taskIds, started: result.started, problems: result.problems },
  });
  return ok(result);
}
