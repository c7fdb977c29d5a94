/**
 * Launches whose outcome is unknown (a timeout, reset or 5xx after the POST, or a crash before the
 * launch was completed) are settled against GitHub before anything is started again: list the
 * repository's tasks by this person since the intent and match the prompt of the first session.
 * A match completes the launch; no match means GitHub never started it, so starting again is safe.
 * Campaign launches are settled by their campaign's runner (lib/campaigns/runner.ts), which holds
 * the campaign's lock; this pass handles every other launch.
 */
import type { Launch } from "@/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { getRepoTask, listRepoTasks } from "@/lib/github";
import { withUserClient, type SyncDeps } from "@/lib/sync/common";
import { recordLaunchStarted } from "./launches";

/** A pending launch younger than this may still be in flight in the app. */
const PENDING_GRACE_SECONDS = 120;
/** GitHub's created_at and ours differ by clock skew and request time. */
const SKEW_MS = 60_000;

export type ReconcileReport = { checked: number; started: number; notStarted: number; errors: number };
export type ReconcileOutcome = "started" | "not_started";

/**
 * Settles one launch: finds its task on GitHub (and records it) or marks it never started.
 * Throws when GitHub cannot be asked (the launch stays as it was, to be tried again).
 */
export async function reconcileLaunch(
  deps: SyncDeps,
  launch: Pick<Launch, "id" | "userId" | "githubLogin" | "owner" | "repo" | "prompt" | "createdAt">,
  creatorGithubId: number,
  now = new Date(),
): Promise<ReconcileOutcome> {
  const { db } = deps;
  const match = await withUserClient(deps, launch.userId, async (client) => {
    const since = new Date(launch.createdAt.getTime() - SKEW_MS);
    const listed = await listRepoTasks(client, {
      owner: launch.owner,
      repo: launch.repo,
      creator_id: [creatorGithubId],
      sort: "created_at",
      direction: "asc",
      since: since.toISOString(),
      per_page: 100,
    });
    if (listed.notModified) return null;
    for (const candidate of listed.data.tasks) {
      if (Date.parse(candidate.created_at) < since.getTime()) continue;
      const claimed = await db.launch.findUnique({ where: { taskId: candidate.id }, select: { id: true } });
      if (claimed) continue;
      const task = await getRepoTask(client, {
        owner: launch.owner,
        repo: launch.repo,
        task_id: candidate.id,
      });
      if (task.sessions?.[0]?.prompt === launch.prompt) return task;
    }
    return null;
  });
  // The settled launch and its record commit together.
  await db.$transaction(async (tx) => {
    if (match) await recordLaunchStarted(tx, launch.id, match, { owner: launch.owner, repo: launch.repo });
    else
      await tx.launch.update({
        where: { id: launch.id },
        data: {
          status: "failed",
          errorKind: "not_started",
          errorMessage: "GitHub has no task for this launch, so it never started. Starting it again is safe.",
          completedAt: now,
        },
      });
    await writeAudit(tx, {
      actorLogin: "switchyard",
      githubIdentity: launch.githubLogin,
      action: "launch.reconcile",
      targetType: "launch",
      targetId: launch.id,
      details: { taskId: match?.id ?? null },
      outcome: match ? "started" : "not_started",
    });
  });
  return match ? "started" : "not_started";
}

export async function reconcileLaunches(
  deps: SyncDeps,
  options: { now?: Date } = {},
): Promise<ReconcileReport> {
  const { db } = deps;
  const now = options.now ?? new Date();
  const launches = await db.launch.findMany({
    where: {
      campaignTargetId: null,
      OR: [
        { status: "unknown" },
        { status: "pending", createdAt: { lt: new Date(now.getTime() - PENDING_GRACE_SECONDS * 1000) } },
      ],
    },
    include: { user: { select: { githubId: true } } },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  const report: ReconcileReport = { checked: 0, started: 0, notStarted: 0, errors: 0 };
  for (const launch of launches) {
    if (launch.user.githubId === null) continue;
    report.checked++;
    try {
      const outcome = await reconcileLaunch(deps, launch, launch.user.githubId, now);
      if (outcome === "started") report.started++;
      else report.notStarted++;
    } catch (error) {
      // GitHub unreachable or the person's token unusable: leave it unknown and try again later.
      report.errors++;
      console.warn(`launch reconcile ${launch.id}: ${error instanceof Error ? error.message : "failed"}`);
    }
  }
  return report;
}
