/**
 * Campaigns and budgets: a campaign whose starts a used-up hard budget refuses (its own, its
 * launcher's or the launcher's team's: lib/costs/budgets.ts) is paused, with the budget named, and
 * resumed by itself once the budget no longer blocks — a new month, a raised limit, or an admin's
 * override — unless someone changed its status in between. The runner pauses on a refused start;
 * the `budget_sweep` job (every minute) pauses campaigns as soon as a budget runs out and resumes
 * them. Worker-safe.
 */
import type { Campaign, PrismaClient } from "@/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { checkStartBudgets, sweepBudgets } from "@/lib/costs/budgets";
import { monthStart } from "@/lib/costs/periods";
import { publishCampaignEvent } from "./events";
import { queueCampaignTick } from "./schedule";

const PAUSABLE = ["running", "canary_wait"] as const;

function record(
  campaign: Pick<Campaign, "id" | "launchedById" | "launchedByLogin">,
  action: string,
  details: object,
) {
  return {
    action,
    actorId: campaign.launchedById,
    actorLogin: "switchyard",
    githubIdentity: campaign.launchedByLogin,
    targetType: "campaign",
    targetId: campaign.id,
    details: { campaignId: campaign.id, ...details },
  };
}

/** Pauses a running campaign for a budget (only from the status read: a person's change wins). */
export async function pauseForBudget(
  db: PrismaClient,
  campaign: Pick<Campaign, "id" | "status" | "launchedById" | "launchedByLogin">,
  budget: { budgetId: string; message: string },
  now = new Date(),
): Promise<boolean> {
  if (!(PAUSABLE as readonly string[]).includes(campaign.status)) return false;
  return db.$transaction(async (tx) => {
    const { count } = await tx.campaign.updateMany({
      where: { id: campaign.id, status: campaign.status },
      data: { status: "paused", pausedReason: `Paused by a budget: ${budget.message}` },
    });
    if (count === 0) return false;
    await tx.campaignBudgetPause.upsert({
      where: { campaignId: campaign.id },
      create: { campaignId: campaign.id, budgetId: budget.budgetId, month: monthStart(now), pausedAt: now },
      update: { budgetId: budget.budgetId, month: monthStart(now), pausedAt: now },
    });
    // The campaign event (`campaign.paused`, the budget named): its owners' bell and subscriptions.
    const paused = await tx.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    await publishCampaignEvent(tx, paused, "paused", paused.pausedReason, [], { budgetId: budget.budgetId });
    await writeAudit(
      tx,
      record(campaign, "campaign.budget_pause", {
        from: campaign.status,
        budgetId: budget.budgetId,
        reason: budget.message,
      }),
    );
    return true;
  });
}

/**
 * One pass: notices at 80 % and 100 %, running campaigns a budget now blocks paused, campaigns it
 * paused resumed when nothing blocks them any more.
 */
export async function applyBudgets(
  db: PrismaClient,
  options: { appUrl: string; now?: Date },
): Promise<{ notified: number; paused: number; resumed: number }> {
  const now = options.now ?? new Date();
  const { statuses, notified } = await sweepBudgets(db, { appUrl: options.appUrl, now });
  let paused = 0;
  let resumed = 0;
  if (statuses.some((status) => status.blocking)) {
    const running = await db.campaign.findMany({
      where: { status: { in: [...PAUSABLE] }, launchedById: { not: null } },
      select: { id: true, status: true, launchedById: true, launchedByLogin: true },
    });
    for (const campaign of running) {
      const { refusal } = await checkStartBudgets(
        db,
        { userId: campaign.launchedById!, campaignId: campaign.id },
        now,
      );
      if (
        refusal &&
        (await pauseForBudget(db, campaign, { budgetId: refusal.budgetId, message: refusal.message }, now))
      )
        paused++;
    }
  }
  const pauses = await db.campaignBudgetPause.findMany({
    include: { campaign: { select: { id: true, status: true, launchedById: true, launchedByLogin: true } } },
  });
  for (const pause of pauses) {
    const campaign = pause.campaign;
    // Someone resumed, stopped or paused it by hand since: the budget's pause is over.
    if (campaign.status !== "paused" || !campaign.launchedById) {
      await db.campaignBudgetPause.deleteMany({
        where: { campaignId: campaign.id, pausedAt: pause.pausedAt },
      });
      continue;
    }
    const { refusal } = await checkStartBudgets(
      db,
      { userId: campaign.launchedById, campaignId: campaign.id },
      now,
    );
    if (refusal) continue;
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({
        where: { id: campaign.id, status: "paused", budgetPause: { pausedAt: pause.pausedAt } },
        data: { status: "running", pausedReason: null },
      });
      if (count === 0) return false;
      await tx.campaignBudgetPause.delete({ where: { campaignId: campaign.id } });
      await writeAudit(
        tx,
        record(campaign, "campaign.budget_resume", {
          budgetId: pause.budgetId,
          pausedMonth: pause.month.toISOString().slice(0, 7),
        }),
      );
      await queueCampaignTick(tx, campaign.id);
      return true;
    });
    if (done) resumed++;
  }
  return { notified, paused, resumed };
}
