/**
 * Starting a task as a person, with their own GitHub identity: the one start path (./start-core.ts)
 * with its outcome as an ActionResult. Used by the launch form, triage retries, campaign bulk retries
 * and new-repository setup; the campaign runner uses the core directly. Worker-safe: the person
 * comes in as an ActingUser (lib/auth/acting.ts).
 */
import { failureFromError } from "@/lib/errors";
import { fail, ok, type ActionResult } from "@/lib/result";
import { writeAudit, type AuditRecorder } from "@/lib/audit";
import type { ActingUser } from "@/lib/auth/acting";
import type { StartTaskParams } from "@/lib/github";
import { watchUser } from "@/lib/sync/schedule";
import { startRecordedTask, type StartOptions, type StartOutcome } from "./start-core";

export type StartedTaskSummary = {
  id: string;
  state: string;
  htmlUrl: string | null;
  repo: string;
  /** What a repository policy changed (e.g. the pull request turned off on a branch-only repository). */
  policyNotes: string[];
};

/** A start's outcome as the result a person sees. */
export function startResultOf(
  outcome: StartOutcome,
  input: Pick<StartTaskParams, "owner" | "repo">,
): ActionResult<StartedTaskSummary> {
  if (outcome.status === "started")
    return ok({
      id: outcome.task.id,
      state: outcome.task.state,
      htmlUrl: outcome.task.html_url ?? null,
      repo: `${input.owner}/${input.repo}`,
      policyNotes: outcome.notes,
    });
  if (outcome.status === "unknown")
    return fail(
      "outcome_unknown",
      "GitHub did not confirm the start, so the task may or may not exist. Switchyard has recorded " +
        "this launch and checks GitHub before starting it again. Look for it on the tasks page first.",
    );
  if (outcome.policyMessage) return fail("policy", outcome.policyMessage);
  return failureFromError(outcome.error);
}

/** The audit record a start writes when its caller has no record of its own: `task.<kind>`. */
export function startRecorder(actor: ActingUser["user"], kind: string): AuditRecorder {
  return (tx, fields = {}) =>
    writeAudit(tx, {
      action: kind === "launch" ? "task.start" : `task.${kind}`,
      actorId: actor.id,
      actorLogin: actor.login,
      githubIdentity: actor.login,
      ...fields,
    });
}

/**
 * Starts a task under this person's own GitHub identity: policy applied, the launch recorded before
 * the POST and completed after it, and audited either way (by `options.record`, else `task.<kind>`).
 */
export async function startTask(
  acting: ActingUser,
  input: StartTaskParams,
  options: StartOptions = {},
): Promise<ActionResult<StartedTaskSummary>> {
  const { db, user } = acting;
  const outcome = await startRecordedTask(
    db,
    { userId: user.id, login: user.login },
    input,
    acting.withClient,
    { ...options, record: options.record ?? startRecorder(user, options.kind ?? "launch") },
  );
  // Poll this person closely for the task's first minute.
  if (outcome.status === "started") await watchUser(db, user.id).catch(() => {});
  return startResultOf(outcome, input);
}
