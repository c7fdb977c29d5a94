/**
 * The one path by which Switchyard starts an agent task, in the app and in the worker: apply the
 * repository's policy and the monthly budgets, write the launch intent, POST once, then record the
 * task (or why not).
 * A create is never retried here: an outcome GitHub did not confirm is left "unknown" for
 * reconciliation (lib/tasks/reconcile.ts), which looks for the task before anything starts again.
 *
 * The outcome is recorded in one transaction with the start's audit record (`record`) and the
 * caller's own writes for it (`settle`: a campaign target, a triage item's next attempt).
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { failureFromError } from "@/lib/errors";
import type { AuditFields, AuditRecorder } from "@/lib/audit";
import { TokenUnavailableError } from "@/lib/secrets/token-provider";
import {
  GitHubError,
  startTask as createTask,
  type GitHubClient,
  type StartedTask,
  type StartTaskParams,
} from "@/lib/github";
import { applyPolicy, policyFor } from "@/lib/policies/policy";
import { checkStartBudgets } from "@/lib/costs/budgets";
import {
  recordLaunchFailed,
  recordLaunchIntent,
  recordLaunchStarted,
  type LaunchKind,
  type LaunchProvenance,
} from "./launches";

type Tx = Prisma.TransactionClient;

export type StartOutcome =
  | { status: "started"; task: StartedTask; launchId: string; input: StartTaskParams; notes: string[] }
  /** GitHub refused (4xx), or a policy did: nothing was created. */
  | { status: "refused"; error: unknown; launchId: string | null; notes: string[]; policyMessage?: string }
  /** The POST may have reached GitHub: reconcile before starting again. */
  | { status: "unknown"; error: unknown; launchId: string; notes: string[] };

/** The POST may have reached GitHub: a timeout, a reset or a 5xx, as opposed to a refusal (4xx). */
export function outcomeMayBeStarted(error: unknown): boolean {
  if (error instanceof TokenUnavailableError) return false;
  if (error instanceof GitHubError)
    return error.kind === "unavailable" || error.status === undefined || error.status >= 500;
  return true;
}

export type StartOptions = LaunchProvenance & {
  kind?: LaunchKind;
  previousTaskId?: string;
  /** Writes the start's audit record in the transaction that records its outcome. */
  record?: AuditRecorder;
  /** The caller's own writes for this outcome, in that same transaction. */
  settle?: (tx: Tx, outcome: StartOutcome) => Promise<void>;
};

/** The audit record of a start: what was asked, what the policy changed, and how it ended. */
export function startAuditFields(
  outcome: StartOutcome,
  input: StartTaskParams,
  options: StartOptions,
): AuditFields {
  const details: Prisma.InputJsonObject = {
    input: { ...input },
    launchId: outcome.launchId,
    kind: options.kind ?? "launch",
    previousTaskId: options.previousTaskId ?? null,
    templateVersionId: options.templateVersionId ?? null,
    campaignId: options.campaignId ?? null,
    campaignTargetId: options.campaignTargetId ?? null,
    repositorySetupId: options.repositorySetupId ?? null,
    policyNotes: outcome.notes,
  };
  if (outcome.status === "started")
    return { targetType: "agent_task", targetId: outcome.task.id, outcome: "ok", details };
  const code =
    outcome.status === "unknown"
      ? "outcome_unknown"
      : outcome.policyMessage
        ? "policy"
        : failureFromError(outcome.error).code;
  const error =
    outcome.status === "refused" && outcome.policyMessage
      ? outcome.policyMessage
      : outcome.error instanceof Error
        ? outcome.error.message
        : "unknown error";
  return { targetType: "agent_task", outcome: code, details: { ...details, error } };
}

export async function startRecordedTask(
  db: PrismaClient,
  actor: { userId: string; login: string },
  input: StartTaskParams,
  withClient: <T>(work: (client: GitHubClient) => Promise<T>) => Promise<T>,
  options: StartOptions = {},
): Promise<StartOutcome> {
  const settle = async (outcome: StartOutcome, write?: (tx: Tx) => Promise<void>) => {
    if (!write && !options.record && !options.settle) return outcome;
    await db.$transaction(async (tx) => {
      await write?.(tx);
      await options.settle?.(tx, outcome);
      await options.record?.(tx, startAuditFields(outcome, input, options));
    });
    return outcome;
  };

  const decision = applyPolicy(await policyFor(db, input.owner, input.repo), input);
  if (!decision.ok)
    return settle({
      status: "refused",
      error: null,
      launchId: null,
      notes: decision.notes,
      policyMessage: decision.message,
    });
  // Budgets: a used-up hard budget refuses the start before anything is written or sent; budgets
  // nearly or softly used up travel with the start as notes.
  const budgets = await checkStartBudgets(db, { userId: actor.userId, campaignId: options.campaignId });
  if (budgets.refusal)
    return settle({ status: "refused", error: budgets.refusal, launchId: null, notes: decision.notes });
  const notes = [...decision.notes, ...budgets.warnings];
  const params = decision.input;
  // The intent is on record before the POST: a crash between the two leaves a visible launch.
  const launch = await recordLaunchIntent(db, {
    userId: actor.userId,
    githubLogin: actor.login,
    params,
    kind: options.kind,
    previousTaskId: options.previousTaskId,
    provenance: options,
    policyNotes: notes,
  });
  let task: StartedTask;
  try {
    task = await withClient((client) => createTask(client, params));
  } catch (error) {
    const unknown = outcomeMayBeStarted(error);
    const message =
      error instanceof Error ? error.message : typeof error === "string" ? error : "unknown error";
    const kind = error instanceof GitHubError ? error.kind : unknown ? "unavailable" : "unknown";
    return settle(
      unknown
        ? { status: "unknown", error, launchId: launch.id, notes }
        : { status: "refused", error, launchId: launch.id, notes },
      (tx) => recordLaunchFailed(tx, launch.id, unknown ? "unknown" : "failed", { kind, message }),
    );
  }
  const started: StartOutcome = {
    status: "started",
    task,
    launchId: launch.id,
    input: params,
    notes,
  };
  try {
    await settle(started, (tx) => recordLaunchStarted(tx, launch.id, task, params));
  } catch (error) {
    // The task exists whatever happens here. The launch stays pending, and the reconciler links it
    // (the sync would find the task anyway); the start itself is still put on record.
    console.error("could not store a started task:", error instanceof Error ? error.message : error);
    const fields = startAuditFields(started, input, options);
    await options
      .record?.(db, { ...fields, details: { ...fields.details, stored: false } })
      .catch((recordError: unknown) =>
        console.error(
          "could not record a started task:",
          recordError instanceof Error ? recordError.message : recordError,
        ),
      );
  }
  return started;
}
