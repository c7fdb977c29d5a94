/**
 * Records a start Switchyard makes on someone's behalf: an intent written before the POST, then the
 * task GitHub returned (stored with its first state change and linked to the launch), or why not.
 * The outcome writes take the caller's transaction, so the start's audit record (and whatever the
 * caller links to the task) commits with them. Worker-safe: no "server-only".
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { LaunchKind } from "@/generated/prisma/enums";
import type { StartedTask, StartTaskParams } from "@/lib/github";
import { toTaskRow } from "@/lib/sync/mapping";
import { ensureRepositories, upsertTasks } from "@/lib/sync/store";

type Tx = Prisma.TransactionClient;

/** What a start was (the database's enum): a launch, another attempt at a task, a campaign's, a setup's. */
export type { LaunchKind };

/** Where a start came from; copied to the task so queues can filter by campaign and template. */
export type LaunchProvenance = {
  templateVersionId?: string;
  campaignId?: string;
  campaignTargetId?: string;
  repositorySetupId?: string;
};

export async function recordLaunchIntent(
  db: Pick<PrismaClient, "launch">,
  input: {
    userId: string;
    githubLogin: string;
    params: StartTaskParams;
    kind?: LaunchKind;
    previousTaskId?: string;
    provenance?: LaunchProvenance;
    policyNotes?: string[];
  },
) {
  const { params } = input;
  const provenance = input.provenance ?? {};
  return db.launch.create({
    data: {
      userId: input.userId,
      githubLogin: input.githubLogin,
      owner: params.owner,
      repo: params.repo,
      prompt: params.prompt,
      baseRef: params.base_ref ?? null,
      headRef: params.head_ref ?? null,
      model: params.model || null,
      customAgent: params.custom_agent ?? null,
      createPullRequest: params.create_pull_request ?? null,
      kind: input.kind ?? "launch",
      previousTaskId: input.previousTaskId ?? null,
      templateVersionId: provenance.templateVersionId ?? null,
      campaignId: provenance.campaignId ?? null,
      campaignTargetId: provenance.campaignTargetId ?? null,
      repositorySetupId: provenance.repositorySetupId ?? null,
      policyNotes: input.policyNotes ?? [],
    },
  });
}

/** The task exists on GitHub: store it now (the dashboard shows it before the next sync). */
export async function recordLaunchStarted(
  tx: Tx,
  launchId: string,
  task: StartedTask,
  repository: { owner: string; repo: string },
) {
  const row = toTaskRow(task);
  if (row) {
    await ensureRepositories(tx, [{ id: row.repositoryId, owner: repository.owner, name: repository.repo }]);
    await upsertTasks(tx, [row], "launch");
  }
  const launch = await tx.launch.update({
    where: { id: launchId },
    data: { status: "started", taskId: row ? task.id : null, completedAt: new Date() },
    include: { templateVersion: { select: { templateId: true } } },
  });
  if (row && (launch.campaignId || launch.templateVersionId)) {
    // The sync may have stored the task first; provenance is only ever known from the launch.
    await tx.task.update({
      where: { id: task.id },
      data: {
        campaignId: launch.campaignId,
        templateVersionId: launch.templateVersionId,
        templateId: launch.templateVersion?.templateId ?? null,
      },
    });
  }
  if (row && launch.campaignTargetId) {
    await tx.campaignTarget.update({
      where: { id: launch.campaignTargetId },
      data: { status: "started", taskId: task.id, startedAt: new Date(task.created_at) },
    });
  }
}

/**
 * GitHub refused (`failed`), or the request may have reached GitHub without an answer (`unknown`:
 * a timeout, reset or 5xx). An unknown launch is reconciled against GitHub before any new start.
 */
export async function recordLaunchFailed(
  tx: Tx,
  launchId: string,
  outcome: "failed" | "unknown",
  error: { kind: string; message: string },
) {
  await tx.launch.update({
    where: { id: launchId },
    data: { status: outcome, errorKind: error.kind, errorMessage: error.message, completedAt: new Date() },
  });
}
