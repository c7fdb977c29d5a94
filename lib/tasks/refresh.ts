import "server-only";
import { failureFromError } from "@/lib/errors";
import { fail, ok, type ActionResult } from "@/lib/result";
import type { AuditRecorder } from "@/lib/audit";
import type { SignedInUser } from "@/lib/auth/session";
import { asGitHubUser } from "@/lib/auth/user-github";
import { db } from "@/lib/db";
import { getRepoTask } from "@/lib/github";
import { storeDetails } from "@/lib/sync/common";
import { TASK_WRITE_TRANSACTION } from "@/lib/sync/store";
import { visibleTaskWhere } from "@/lib/visibility/scope";

/**
 * Re-reads one task (and its sessions) from GitHub now, with the person's own token, and stores it
 * with the audit record in one transaction. GitHub decides what the person may see: a task in a
 * repository they cannot read is "not found" (and one Switchyard holds in a repository they cannot
 * see is answered as if it did not exist, so the answer says nothing about it).
 */
export async function refreshTask(
  user: Pick<SignedInUser, "id" | "role">,
  taskId: string,
  record: AuditRecorder,
): Promise<ActionResult<{ state: string }>> {
  const task = await db.task.findFirst({
    where: { id: taskId, ...visibleTaskWhere(user) },
    select: { id: true, repository: { select: { owner: true, name: true } } },
  });
  if (!task) return fail("not_found", "Switchyard does not know this task.");
  try {
    const fresh = await asGitHubUser(user.id, (client) =>
      getRepoTask(client, { owner: task.repository.owner, repo: task.repository.name, task_id: task.id }),
    );
    await db.$transaction(async (tx) => {
      await storeDetails(tx, [fresh], "refresh");
      await record(tx, { details: { state: fresh.state } });
    }, TASK_WRITE_TRANSACTION);
    return ok({ state: fresh.state });
  } catch (error) {
    const result = failureFromError(error);
    if (result.code === "not_found")
      result.message = "GitHub did not show you this task: your account cannot see its repository.";
    return result;
  }
}
