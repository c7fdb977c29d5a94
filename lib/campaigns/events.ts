/**
 * A campaign's status changes as events (lib/notifications/publish.ts): canary waiting, approval
 * needed, paused (failure rate, budget, or GitHub refusing), completed. Published in the transaction
 * of the change. Worker-safe.
 */
import type { Campaign, Prisma } from "@/generated/prisma/client";
import { appLink, publishEvent } from "@/lib/notifications/publish";

type Tx = Prisma.TransactionClient;

const CAMPAIGN_EVENTS = {
  canary_wait: { type: "campaign.canary_waiting", says: "canary wave is waiting for approval" },
  paused: { type: "campaign.paused", says: "paused" },
  completed: { type: "campaign.completed", says: "completed" },
  awaiting_approval: { type: "campaign.approval_needed", says: "needs an admin's approval" },
} as const;

/** A campaign's status change as an event: its owner, team and launcher hear it in the bell. */
export async function publishCampaignEvent(
  tx: Tx,
  campaign: Pick<
    Campaign,
    "id" | "name" | "ownerUserId" | "ownerTeamId" | "launchedById" | "templateVersionId" | "updatedAt"
  >,
  status: Campaign["status"],
  reason: string | null,
  extraAudience: string[] = [],
  /** More for the envelope's data (the budget that paused it). */
  extraData: Record<string, unknown> = {},
) {
  const event = CAMPAIGN_EVENTS[status as keyof typeof CAMPAIGN_EVENTS];
  if (!event) return;
  const team = campaign.ownerTeamId
    ? await tx.teamMember.findMany({ where: { teamId: campaign.ownerTeamId }, select: { userId: true } })
    : [];
  const version = await tx.templateVersion.findUnique({
    where: { id: campaign.templateVersionId },
    select: { templateId: true },
  });
  await publishEvent(tx, {
    type: event.type,
    // A campaign may pause (or wait) more than once: each change, from the row as it was read, is one event.
    key: `campaign:${campaign.id}:${status}:${campaign.updatedAt.toISOString()}`,
    subject: `campaigns/${campaign.id}`,
    title: `Campaign “${campaign.name}” ${event.says}`,
    body: reason ?? undefined,
    url: appLink(`/campaigns/${campaign.id}`),
    data: { campaignId: campaign.id, name: campaign.name, status, reason, ...extraData },
    campaignId: campaign.id,
    templateId: version?.templateId ?? null,
    audience: [
      ...[campaign.ownerUserId, campaign.launchedById].filter((id): id is string => Boolean(id)),
      ...team.map((member) => member.userId),
      ...extraAudience,
    ],
  });
}
