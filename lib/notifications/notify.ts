/**
 * Turns a triage event into in-app notifications and webhook deliveries, once per event.
 * Everything (rows and jobs) is written in one transaction and keyed on the event, so calling this
 * again for the same event (a job re-run after a worker restart) creates nothing new.
 * Used by the worker: no "server-only" here.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { TriageEvent } from "./events";
import { queueWebhookDelivery, queueWebhookDigest } from "./jobs";
import { publishEvent } from "./publish";
import { kindLabel, stateLabel, webhookBody } from "./webhook";

export type Recipients = { userIds: string[]; teamIds: string[] };

type Tx = Prisma.TransactionClient;

/**
 * In-app notifications go to each recipient person and every member of each recipient team;
 * webhooks go to each recipient team and recipient person that has one (team members get the
 * team's message, not their personal one too). Accepts a transaction client, so a caller can
 * notify in the same transaction as its own change.
 */
export async function notifyTriageEvent(
  db: PrismaClient | Tx,
  event: TriageEvent,
  recipients: Recipients,
): Promise<{ notifications: number; deliveries: number }> {
  const run = (tx: Tx) => notifyInTransaction(tx, event, recipients);
  return "$transaction" in db ? db.$transaction(run) : run(db);
}

/**
 * Of `userIds`, those who may see the task: admins, and people whose RepositoryAccess lists its
 * repository. Team webhooks are not filtered: an admin chose where a team's channel posts.
 */
async function peopleWhoSeeTask(tx: Tx, taskId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "User" u
    WHERE u.id = ANY(${userIds}) AND (u.role = 'admin' OR EXISTS (
      SELECT 1 FROM "Task" t JOIN "RepositoryAccess" a ON a."repositoryId" = t."repositoryId"
      WHERE t.id = ${taskId} AND a."userId" = u.id))`;
  return new Set(rows.map((row) => row.id));
}

async function notifyInTransaction(
  tx: Tx,
  event: TriageEvent,
  recipients: Recipients,
): Promise<{ notifications: number; deliveries: number }> {
  // To subscriptions too (their own visibility rules); the bell and team/personal webhooks follow.
  await publishEvent(tx, {
    type: `triage.${event.kind}`,
    key: event.eventKey,
    subject: `tasks/${event.taskId}`,
    title: `${kindLabel(event.kind, event.itemKind)}: ${event.title || `Task ${event.taskId}`}`,
    body: `${stateLabel(event.state)} · ${event.repository} · ${event.reason}`,
    url: event.url,
    data: { ...event },
    taskId: event.taskId,
    repository: event.repository,
    state: event.state,
  });
  const teamIds = [...new Set(recipients.teamIds)];
  const members = teamIds.length
    ? await tx.teamMember.findMany({ where: { teamId: { in: teamIds } }, select: { userId: true } })
    : [];
  // Only people who can see the task's repository on GitHub hear about it (admins see everything):
  // the rest could neither open the task here nor act on it, and a title would name it to them.
  const seeing = await peopleWhoSeeTask(tx, event.taskId, [
    ...new Set([...recipients.userIds, ...members.map((m) => m.userId)]),
  ]);
  const directUserIds = [...new Set(recipients.userIds)].filter((id) => seeing.has(id));
  const userIds = [...new Set([...directUserIds, ...members.map((m) => m.userId)])].filter((id) =>
    seeing.has(id),
  );

  const notifications = userIds.length
    ? await tx.notification.createMany({
        data: userIds.map((userId) => ({
          userId,
          kind: event.kind,
          itemId: event.itemId,
          taskId: event.taskId,
          title: `${kindLabel(event.kind, event.itemKind)}: ${event.title || `Task ${event.taskId}`}`,
          body: `${stateLabel(event.state)} · ${event.repository} · ${event.reason}`,
          eventKey: event.eventKey,
        })),
        skipDuplicates: true,
      })
    : { count: 0 };

  const [teams, users] = await Promise.all([
    teamIds.length
      ? tx.team.findMany({
          where: { id: { in: teamIds }, webhookUrl: { not: null } },
          select: { id: true, digestMinutes: true },
        })
      : [],
    directUserIds.length
      ? tx.user.findMany({
          where: { id: { in: directUserIds }, webhookUrl: { not: null } },
          select: { id: true, digestMinutes: true },
        })
      : [],
  ]);
  const targets = [
    ...teams.map((t) => ({ ...t, targetType: "team" as const })),
    ...users.map((u) => ({ ...u, targetType: "user" as const })),
  ];
  if (targets.length === 0) return { notifications: notifications.count, deliveries: 0 };

  const body = webhookBody([event]) as unknown as Prisma.InputJsonValue;
  // Only rows actually inserted come back: a repeated event queues nothing.
  const created = await tx.webhookDelivery.createManyAndReturn({
    data: targets.map((t) => ({
      targetType: t.targetType,
      targetId: t.id,
      eventKey: event.eventKey,
      // The host is filled in at send; the URL itself is never copied (it can be a credential).
      body,
    })),
    skipDuplicates: true,
    select: { id: true, targetType: true, targetId: true },
  });

  for (const delivery of created) {
    const target = targets.find((t) => t.targetType === delivery.targetType && t.id === delivery.targetId);
    if (target?.digestMinutes) {
      const runAt = new Date(Date.now() + target.digestMinutes * 60_000);
      await queueWebhookDigest(tx, target.targetType, target.id, runAt, "preserve_run_at");
    } else {
      await queueWebhookDelivery(tx, delivery.id);
    }
  }
  return { notifications: notifications.count, deliveries: created.length };
}
