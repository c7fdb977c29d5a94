/**
 * Budget notices (80 % and 100 % of a monthly budget): in-app to the budget's owners (a person, a
 * team's members) and to their webhooks, once per event key. Sent at once, never folded into a
 * triage digest (lib/notifications/deliver.ts leaves `budget:` deliveries out of digests). The
 * notice names only the budget and its totals, no task or repository.
 * Used by the worker: no "server-only" here.
 */
import type { Prisma } from "@/generated/prisma/client";
import { BUDGET_EVENT_PREFIX } from "./events";
import { queueWebhookDelivery } from "./jobs";

type Tx = Prisma.TransactionClient;

export type BudgetNotice = {
  /** Unique per budget, month and level: `budgetEventKey`. */
  eventKey: string;
  title: string;
  body: string;
  /** Absolute link to the Costs page. */
  url: string;
};

export function budgetEventKey(budgetId: string, month: string, level: number): string {
  return `${BUDGET_EVENT_PREFIX}${budgetId}:${month}:${level}`;
}

export async function notifyBudget(
  tx: Tx,
  notice: BudgetNotice,
  recipients: { userIds: string[]; teamIds: string[] },
): Promise<{ notifications: number; deliveries: number }> {
  const teamIds = [...new Set(recipients.teamIds)];
  const members = teamIds.length
    ? await tx.teamMember.findMany({ where: { teamId: { in: teamIds } }, select: { userId: true } })
    : [];
  const userIds = [...new Set([...recipients.userIds, ...members.map((m) => m.userId)])];
  const notifications = userIds.length
    ? await tx.notification.createMany({
        data: userIds.map((userId) => ({
          userId,
          kind: "budget" as const,
          title: notice.title,
          body: notice.body,
          eventKey: notice.eventKey,
        })),
        skipDuplicates: true,
      })
    : { count: 0 };

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
  if (targets.length === 0) return { notifications: notifications.count, deliveries: 0 };
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
    data: targets.map((target) => ({ ...target, eventKey: notice.eventKey, body })),
    skipDuplicates: true,
    select: { id: true },
  });
  for (const delivery of created) await queueWebhookDelivery(tx, delivery.id);
  return { notifications: notifications.count, deliveries: created.length };
}
