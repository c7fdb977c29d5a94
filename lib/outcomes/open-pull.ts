import "server-only";
import type { AuditRecorder } from "@/lib/audit";
import type { SignedInUser } from "@/lib/auth/session";
import { asGitHubUser } from "@/lib/auth/user-github";
import { db } from "@/lib/db";
import { failureFromError } from "@/lib/errors";
import { createPull } from "@/lib/github";
import { policyFor } from "@/lib/policies/policy";
import { fail, ok, type ActionResult } from "@/lib/result";
import { visibleTaskWhere } from "@/lib/visibility/scope";
import { linkPull } from "./refresh";

/**
 * Opens the pull request a completed task's branch lacks, as the person who asks (their own token).
 * A branch-only policy keeps the agent from opening pull requests; a person opening one is what it
 * leaves to people, so the policy is named in the record rather than refused.
 */
export async function openPullRequestForTask(
  user: Pick<SignedInUser, "id" | "role">,
  taskId: string,
  record: AuditRecorder,
): Promise<ActionResult<{ number: number; htmlUrl: string }>> {
  const task = await db.task.findFirst({
    where: { id: taskId, ...visibleTaskWhere(user) },
    select: {
      id: true,
      name: true,
      state: true,
      headRef: true,
      baseRef: true,
      repositoryId: true,
      repository: { select: { owner: true, name: true, defaultBranch: true } },
      pullRequests: { select: { pullRequestId: true }, take: 1 },
    },
  });
  if (!task) return fail("not_found", "Switchyard does not know this task.");
  if (task.state !== "completed" || !task.headRef)
    return fail("invalid_state", "Only a completed task that pushed a branch can get a pull request.");
  if (task.pullRequests.length > 0) return fail("conflict", "This task already has a pull request.");
  const base = task.baseRef ?? task.repository.defaultBranch;
  if (!base)
    return fail("invalid_state", "The repository's default branch is not known yet. Refresh the task first.");
  const where = { owner: task.repository.owner, repo: task.repository.name };
  const policy = await policyFor(db, where.owner, where.repo);
  try {
    const pull = await asGitHubUser(user.id, (client) =>
      createPull(client, where, {
        title: task.name ?? `Copilot: ${task.headRef}`,
        head: task.headRef!,
        base,
        body: `Opened from Switchyard for Copilot task ${task.id}.`,
      }),
    );
    await db.$transaction(async (tx) => {
      await linkPull(tx, task.id, pull, task.repositoryId, new Date());
      await record(tx, {
        details: {
          pullRequest: pull.number,
          head: task.headRef,
          base,
          ...(policy.pullRequestsAllowed ? {} : { branchOnlyPolicy: policy.matched }),
        },
      });
    });
    return ok({ number: pull.number, htmlUrl: pull.html_url });
  } catch (error) {
    return failureFromError(error);
  }
}
