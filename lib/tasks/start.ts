import "server-only";
import type { SignedInUser } from "@/lib/auth/session";
import { asGitHubUser } from "@/lib/auth/user-github";
import { db } from "@/lib/db";
import type { StartTaskParams } from "@/lib/github";
import { watchUser } from "@/lib/sync/schedule";
import { failure, type ActionResult } from "./action-result";
import { startRecordedTask, type StartOptions } from "./start-core";

export type StartedTaskSummary = {
  id: string;
  state: string;
  htmlUrl: string | null;
  repo: string;
  /** What a repository policy changed (e.g. the pull request turned off on a branch-only repository). */
  policyNotes: string[];
};

/**
 * Starts a task under this person's own GitHub identity: policy applied, the launch recorded before
 * the POST and completed after it, and audited either way. Used by the launch form, triage retries
 * and new-repository setup (campaigns start from the worker through the same core).
 */
export async function startTaskAs(
  user: SignedInUser,
  input: StartTaskParams,
  options: StartOptions & { values?: Record<string, string> } = {},
): Promise<ActionResult<StartedTaskSummary>> {
  const kind = options.kind ?? "launch";
  const audit = {
    actorId: user.id,
    actorLogin: user.login,
    githubIdentity: user.login,
    action: kind === "launch" ? "task.start" : `task.${kind}`,
  };
  const outcome = await startRecordedTask(
    db,
    { userId: user.id, login: user.login },
    input,
    (work) => asGitHubUser(user.id, work),
    options,
  );
  const details = {
    input,
    launchId: outcome.launchId,
    previousTaskId: options.previousTaskId ?? null,
    templateVersionId: options.templateVersionId ?? null,
    campaignId: options.campaignId ?? null,
    repositorySetupId: options.repositorySetupId ?? null,
    policyNotes: outcome.notes,
  };
  if (outcome.status !== "started") {
    const result = {
      ...(outcome.status === "refused" && outcome.policyMessage
        ? { ok: false as const, kind: "policy", message: outcome.policyMessage }
        : failure(outcome.error)),
      ...(options.values ? { values: options.values } : {}),
    };
    if (outcome.status === "unknown") {
      result.kind = "outcome_unknown";
      result.message =
        "GitHub did not confirm the start, so the task may or may not exist. Switchyard has recorded " +
        "this launch and checks GitHub before starting it again. Look for it on the tasks page first.";
    }
    await db.auditEvent.create({
      data: { ...audit, outcome: result.kind, details: { ...details, error: result.message } },
    });
    return result;
  }
  const task = outcome.task;
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
      policyNotes: outcome.notes,
    },
  };
}
