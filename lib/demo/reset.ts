/**
 * Demo mode's reset: back to a fresh demo without signing anyone out.
 *
 * Resets: the GitHub emulator's tasks, pull requests and repositories to its seed (issued tokens
 * stay valid); in Switchyard every task copy and what hangs off tasks — sessions, state changes,
 * triage items and notes, launches, campaigns (with their dry runs and targets, and the routing
 * rules that name a campaign), new-repository setups, notifications and webhook deliveries, the
 * dashboard's daily changes — and each person's and repository's sync cursors, so the next sync
 * copies the emulator's seed tasks afresh.
 * Keeps: people, their sign-ins and tokens, teams, templates, repository policies, the other
 * routing rules, SLA targets, webhook settings, saved views and the audit log (the reset is in it).
 */
import type { Prisma } from "@/generated/prisma/client";
import { FailureError } from "@/lib/errors";
import { queueUserSync } from "@/lib/jobs/sync";

type Tx = Prisma.TransactionClient;

export type DemoResetCounts = {
  tasks: number;
  launches: number;
  campaigns: number;
  routingRules: number;
  repositorySetups: number;
  notifications: number;
  webhookDeliveries: number;
};

const EMULATOR_TIMEOUT_MS = 10_000;

/** Asks the emulator (at the GitHub API URL demo mode uses) to go back to its seed, keeping tokens. */
export async function resetEmulator(apiUrl: string): Promise<{ tasks: number }> {
  let response: Response;
  try {
    response = await fetch(new URL("/_emulator/reset", apiUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ keep: ["tokens"] }),
      signal: AbortSignal.timeout(EMULATOR_TIMEOUT_MS),
    });
  } catch {
    throw new FailureError("unavailable", "The GitHub emulator did not answer; nothing was reset.");
  }
  if (!response.ok)
    throw new FailureError(
      "unavailable",
      `The GitHub emulator refused the reset (${response.status}); nothing was reset.`,
    );
  const body = (await response.json()) as { tasks?: unknown };
  return { tasks: typeof body.tasks === "number" ? body.tasks : 0 };
}

/** Deletes the demo's activity (see the file comment) in the caller's transaction and queues syncs. */
export async function clearDemoActivity(tx: Tx, now = new Date()): Promise<DemoResetCounts> {
  // Rules that send a campaign's items somewhere would be left pointing at nothing (the relation is Restrict).
  const routingRules = await tx.routingRule.deleteMany({ where: { campaignId: { not: null } } });
  const campaigns = await tx.campaign.deleteMany({});
  const repositorySetups = await tx.repositorySetup.deleteMany({});
  const launches = await tx.launch.deleteMany({});
  const webhookDeliveries = await tx.webhookDelivery.deleteMany({});
  const notifications = await tx.notification.deleteMany({});
  // Row by row, so the counter triggers take each task off the dashboard's counts.
  const tasks = await tx.task.deleteMany({});
  await tx.taskDailyChange.deleteMany({});
  const fresh = {
    watermark: null,
    listEtag: null,
    etagSince: null,
    nextRunAt: now,
    consecutiveErrors: 0,
    status: "ok" as const,
    lastError: null,
  };
  await tx.userSyncState.updateMany({
    data: {
      ...fresh,
      archivedWatermark: null,
      archivedEtag: null,
      archivedEtagSince: null,
      confirmedAt: null,
      watchUntil: null,
    },
  });
  await tx.repositorySyncState.updateMany({ data: fresh });
  const synced = await tx.userSyncState.findMany({ select: { userId: true } });
  for (const { userId } of synced) await queueUserSync(tx, userId, now);
  return {
    tasks: tasks.count,
    launches: launches.count,
    campaigns: campaigns.count,
    routingRules: routingRules.count,
    repositorySetups: repositorySetups.count,
    notifications: notifications.count,
    webhookDeliveries: webhookDeliveries.count,
  };
}
