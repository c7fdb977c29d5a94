/**
 * Budget notices (80 % and 100 % of a monthly budget) are `budget.threshold` events, published
 * through `publishEvent` (./publish.ts) like every other event: the Event row, the bell of the
 * budget's owners (a person, a team's members, a campaign's owners) and every matching event
 * subscription, once per budget, month and level (the event id comes from `budgetEventKey`). Team
 * and personal webhooks (Settings, Notifications) get the notice too, sent at once and never folded
 * into a triage digest (./deliver.ts leaves `budget:` deliveries out of digests). The notice names
 * only the budget and its totals, no task or repository.
 * Used by the worker: no "server-only" here.
 */
import type { Prisma } from "@/generated/prisma/client";
import { BUDGET_EVENT_PREFIX } from "./events";
import { queueWebhookDelivery } from "./jobs";
import { publishEvent } from "./publish";

type Tx = Prisma.TransactionClient;

export type BudgetNotice = {
  budgetId: string;
  /** YYYY-MM (UTC). */
  month: string;
  /** 80 or 100. */
  level: number;
  title: string;
  body: string;
  /** Absolute link to the Costs page. */
  url: string;
  /** For a campaign's budget: subscriptions filtered on that campaign hear it. */
  campaignId: string | null;
  /** The envelope's data: scope, name, spent and limit… */
  data: Record<string, unknown>;
};

export function budgetEventKey(budgetId: string, month: string, level: number): string {
  return `${BUDGET_EVENT_PREFIX}${budgetId}:${month}:${level}`;
}

export async function notifyBudget(
  tx: Tx,
  notice: BudgetNotice,
  recipients: { userIds: string[]; teamIds: string[] },
): Promise<{ notifications: number; deliveries: number }> {
  const eventKey = budgetEventKey(notice.budgetId, notice.month, notice.level);
  const teamIds = [...new Set(recipients.teamIds)];
  const members = teamIds.length
    ? await tx.teamMember.findMany({ where: { teamId: { in: teamIds } }, select: { userId: true } })
    : [];
  const published = await publishEvent(tx, {
    type: "budget.threshold",
    key: eventKey,
    subject: `budgets/${notice.budgetId}`,
    title: notice.title,
    body: notice.body,
    url: notice.url,
    data: { ...notice.data, budgetId: notice.budgetId, month: notice.month, level: notice.level },
    campaignId: notice.campaignId,
    audience: [...recipients.userIds, ...members.map((m) => m.userId)],
  });
  // Published before (a re-run of the sweep): its webhooks were queued then.
  if (!published.created) return { notifications: 0, deliveries: 0 };

  const directUserIds = [...new Set(recipients.userIds)];
  const [teams, users] = await Promise.all([
    teamIds.length
      ? tx.team.findMany({ where: { id: { in: teamIds }, webhookUrl: { not: null } }, select: { id: true } })
      : [],
    directUserIds.length
      ? tx.user.findMany({
          where: { id: { in: directUserIds }, webhookUrl: { not: null } },
          select: { id: true },
        })
      : [],
  ]);
  const targets = [
    ...teams.map((t) => ({ targetType: "team" as const, targetId: t.id })),
    ...users.map((u) => ({ targetType: "user" as const, targetId: u.id })),
  ];
  if (targets.length === 0)
    return { notifications: published.notifications, deliveries: published.deliveries };
  const body = {
    kind: "budget",
    text: `Switchyard — ${notice.title}: ${notice.body} ${notice.url}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: notice.title.slice(0, 150) } },
      {
        type: "section",
        text: { type: "mrkdwn", text: notice.body },
        accessory: { type: "button", text: { type: "plain_text", text: "Open Costs" }, url: notice.url },
      },
    ],
  } satisfies Prisma.InputJsonObject;
  const created = await tx.webhookDelivery.createManyAndReturn({
    data: targets.map((target) => ({ ...target, eventKey, body })),
    skipDuplicates: true,
    select: { id: true },
  });
  for (const delivery of created) await queueWebhookDelivery(tx, delivery.id);
  return { notifications: published.notifications, deliveries: published.deliveries + created.length };
}
