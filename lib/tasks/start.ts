import "server-only";
import type { SignedInUser } from "@/lib/auth/session";
import { asGitHubUser, TokenUnavailableError } from "@/lib/auth/user-github";
import { db } from "@/lib/db";
import { GitHubError, startTask as createTask, type StartedTask, type StartTaskParams } from "@/lib/github";
import { recordLaunchFailed, recordLaunchIntent, recordLaunchStarted } from "@/lib/sync/launch";
import { watchUser } from "@/lib/sync/schedule";
import { failure, type ActionResult } from "./action-result";

export type StartedTaskSummary = { id: string; state: string; htmlUrl: string | null; repo: string };

/** The POST may have reached GitHub: a timeout, a reset or a 5xx, as opposed to a refusal (4xx). */
function outcomeMayBeStarted(error: unknown): boolean {
  if (error instanceof TokenUnavailableError) return false;
  if (error instanceof GitHubError)
    return error.kind === "unavailable" || error.status === undefined || error.status >= 500;
  return true;
}

/**
 * Starts a task under this person's own GitHub identity: the launch is recorded before the POST,
 * completed after it, and audited either way. Used by the launch form and by triage retries.
 */
export async function startTaskAs(
  user: SignedInUser,
  input: StartTaskParams,
  options: {
    values?: Record<string, string>;
    /** launch | retry | edit_retry | follow_up | narrower_retry */
    kind?: string;
    previousTaskId?: string;
  } = {},
): Promise<ActionResult<StartedTaskSummary>> {
  const kind = options.kind ?? "launch";
  const audit = {
    actorId: user.id,
    actorLogin: user.login,
    githubIdentity: user.login,
    action: kind === "launch" ? "task.start" : `task.${kind}`,
  };
  // The intent is on record before the POST: a crash between the two leaves a visible launch.
  const launch = await recordLaunchIntent(db, {
    userId: user.id,
    githubLogin: user.login,
    params: input,
    kind,
    previousTaskId: options.previousTaskId,
  });
  const details = { input, launchId: launch.id, previousTaskId: options.previousTaskId ?? null };
  let task: StartedTask;
  try {
    task = await asGitHubUser(user.id, (client) => createTask(client, input));
  } catch (error) {
    const result = { ...failure(error), ...(options.values ? { values: options.values } : {}) };
    const outcomeUnknown = outcomeMayBeStarted(error);
    if (outcomeUnknown) {
      result.kind = "outcome_unknown";
      result.message =
        "GitHub did not confirm the start, so the task may or may not exist. Switchyard has recorded " +
        "this launch and checks GitHub before starting it again. Look for it on the tasks page first.";
    }
    await recordLaunchFailed(db, launch.id, outcomeUnknown ? "unknown" : "failed", result);
    await db.auditEvent.create({
      data: { ...audit, outcome: result.kind, details: { ...details, error: result.message } },
    });
    return result;
  }

  // The task exists. Storing it here only saves waiting for the next sync, which would find it anyway.
  await recordLaunchStarted(db, launch.id, task, input).catch((error: unknown) =>
    console.error("could not store a started task:", error instanceof Error ? error.message : error),
  );
  await db.auditEvent.create({ data: { ...audit, targetType: "agent_task", targetId: task.id, details } });
  // Poll this person closely for the task's first minute.
  await watchUser(db, user.id).catch(() => {});
  return {
    ok: true,
    data: {
      id: task.id,
      state: task.state,
      htmlUrl: task.html_url ?? null,
      repo: `${input.owner}/${input.repo}`,
    },
  };
}
