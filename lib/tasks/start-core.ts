/**
 * The one path by which Switchyard starts an agent task, in the app and in the worker: apply the
 * repository's policy, write the launch intent, POST once, then record the task (or why not).
 * A create is never retried here: an outcome GitHub did not confirm is left "unknown" for
 * reconciliation (lib/sync/reconcile.ts), which looks for the task before anything starts again.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { TokenUnavailableError } from "@/lib/auth/token-provider";
import {
  GitHubError,
  startTask as createTask,
  type GitHubClient,
  type StartedTask,
  type StartTaskParams,
} from "@/lib/github";
import { applyPolicy, policyFor } from "@/lib/policies/policy";
import {
  recordLaunchFailed,
  recordLaunchIntent,
  recordLaunchStarted,
  type LaunchProvenance,
} from "@/lib/sync/launch";

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
  /** launch | retry | edit_retry | follow_up | narrower_retry | campaign | repository_setup */
  kind?: string;
  previousTaskId?: string;
};

export async function startRecordedTask(
  db: PrismaClient,
  actor: { userId: string; login: string },
  input: StartTaskParams,
  withClient: <T>(work: (client: GitHubClient) => Promise<T>) => Promise<T>,
  options: StartOptions = {},
): Promise<StartOutcome> {
  const decision = applyPolicy(await policyFor(db, input.owner, input.repo), input);
  if (!decision.ok)
    return {
      status: "refused",
      error: null,
      launchId: null,
      notes: decision.notes,
      policyMessage: decision.message,
    };
  const params = decision.input;
  // The intent is on record before the POST: a crash between the two leaves a visible launch.
  const launch = await recordLaunchIntent(db, {
    userId: actor.userId,
    githubLogin: actor.login,
    params,
    kind: options.kind,
    previousTaskId: options.previousTaskId,
    provenance: options,
    policyNotes: decision.notes,
  });
  let task: StartedTask;
  try {
    task = await withClient((client) => createTask(client, params));
  } catch (error) {
    const unknown = outcomeMayBeStarted(error);
    const message =
      error instanceof Error ? error.message : typeof error === "string" ? error : "unknown error";
    const kind = error instanceof GitHubError ? error.kind : unknown ? "unavailable" : "unknown";
    await recordLaunchFailed(db, launch.id, unknown ? "unknown" : "failed", { kind, message });
    return unknown
      ? { status: "unknown", error, launchId: launch.id, notes: decision.notes }
      : { status: "refused", error, launchId: launch.id, notes: decision.notes };
  }
  // The task exists. Storing it here only saves waiting for the next sync, which would find it anyway.
  await recordLaunchStarted(db, launch.id, task, params).catch((error: unknown) =>
    console.error("could not store a started task:", error instanceof Error ? error.message : error),
  );
  return { status: "started", task, launchId: launch.id, input: params, notes: decision.notes };
}
