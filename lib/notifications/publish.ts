/**
 * `publishEvent`: the one way anything in Switchyard announces an event (a task's state, a campaign
 * waiting for approval, a setup finished, a budget threshold, a schedule that could not start). In one
 * transaction, keyed on the event's stable id, so publishing the same event again (a job re-run after
 * a crash) creates nothing new:
 * - the Event row (the envelope receivers get),
 * - the bell's notifications for `audience` (those who may see the task, if it names one),
 * - one WebhookDelivery per matching subscription, queued for the delivery job (./jobs.ts), which
 *   retries with backoff and signs with a timestamp (./deliver.ts).
 * Who hears about a task: a person's subscription only if they may see the task; a team's only if
 * every member may (its channel is read by all of them); an admin-wide one always (admins see all).
 * Used by the worker: no "server-only" here.
 */
import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { matchesSubscription, type EventFacets } from "@/lib/events/match";
import type { StateChangeEvent } from "@/lib/sync/events";
import { stateLabel } from "./webhook";
import { ENVELOPE_VERSION, type EventEnvelope, type EventType } from "@/lib/events/types";
import { queueWebhookDelivery } from "./jobs";
import { eventSlackMessage } from "./webhook";

type Tx = Prisma.TransactionClient;

/** Bell notification kinds for the events that have one of their own (triage has its own path). */
const BELL_KIND = {
  campaign: "campaign",
  repository_setup: "setup",
  budget: "budget",
  schedule: "schedule",
} as const;

export type PublishEvent = {
  type: EventType;
  /** What makes this event itself, e.g. `campaign:<id>:completed` or `task-change:<changeId>`: the
   *  event id is derived from it, so the same cause publishes the same event once. */
  key: string;
  /** A path naming what it is about: `tasks/<id>`, `campaigns/<id>`, `schedules/<id>`. */
  subject: string;
  /** One line, as people read it (the bell's title, the Slack header). */
  title: string;
  /** A second line for the bell and Slack. */
  body?: string;
  /** Absolute link to it in Switchyard. */
  url?: string;
  data: Record<string, unknown>;
  time?: Date;
  /** For visibility and filters. */
  taskId?: string | null;
  repositoryId?: bigint | null;
  repository?: string | null;
  campaignId?: string | null;
  templateId?: string | null;
  state?: string | null;
  /** People whose bell gets it (filtered by visibility when the event names a task or repository). */
  audience?: string[];
};

/** An absolute link to a page of Switchyard, for envelopes and Slack (AUTH_URL is the public URL). */
export function appLink(path: string): string {
  return `${(getEnv().AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "")}${path}`;
}

/** `evt_` + 24 hex of SHA-256(key): stable for the same cause, unguessable from nothing. */
export function eventIdOf(key: string): string {
  return `evt_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

export function envelopeOf(event: PublishEvent, id: string, time: Date): EventEnvelope {
  return {
    version: ENVELOPE_VERSION,
    id,
    type: event.type,
    time: time.toISOString(),
    subject: event.subject,
    data: {
      ...event.data,
      title: event.title,
      ...(event.url ? { url: event.url } : {}),
    },
  };
}

export type Published = { id: string; created: boolean; notifications: number; deliveries: number };

export async function publishEvent(db: PrismaClient | Tx, event: PublishEvent): Promise<Published> {
  const run = (tx: Tx) => publishInTransaction(tx, event);
  return "$transaction" in db ? db.$transaction(run) : run(db);
}

/** Of `userIds`, those who may see `repositoryId` (admins, and people GitHub shows it to). */
async function seeingRepository(tx: Tx, repositoryId: bigint, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "User" u WHERE u.id = ANY(${userIds}) AND (u.role = 'admin' OR EXISTS (
      SELECT 1 FROM "RepositoryAccess" a WHERE a."repositoryId" = ${repositoryId} AND a."userId" = u.id))`;
  return new Set(rows.map((row) => row.id));
}

async function publishInTransaction(tx: Tx, event: PublishEvent): Promise<Published> {
  const id = eventIdOf(event.key);
  const time = event.time ?? new Date();
  let repositoryId = event.repositoryId ?? null;
  if (!repositoryId && event.taskId) {
    const task = await tx.task.findUnique({ where: { id: event.taskId }, select: { repositoryId: true } });
    repositoryId = task?.repositoryId ?? null;
  }
  const envelope = envelopeOf(event, id, time);
  const inserted = await tx.event.createMany({
    data: [
      {
        id,
        type: event.type,
        time,
        subject: event.subject,
        data: envelope.data as Prisma.InputJsonObject,
        taskId: event.taskId ?? null,
        repositoryId,
        campaignId: event.campaignId ?? null,
        templateId: event.templateId ?? null,
      },
    ],
    skipDuplicates: true,
  });
  // Published before: everything below was done then (same transaction).
  if (inserted.count === 0) return { id, created: false, notifications: 0, deliveries: 0 };

  const sees = (userIds: string[]) =>
    repositoryId ? seeingRepository(tx, repositoryId, userIds) : Promise.resolve(new Set(userIds));

  let notifications = 0;
  const kind = BELL_KIND[event.type.split(".")[0] as keyof typeof BELL_KIND];
  const audience = [...new Set(event.audience ?? [])];
  if (kind && audience.length > 0) {
    const seeing = await sees(audience);
    const { count } = await tx.notification.createMany({
      data: audience
        .filter((userId) => seeing.has(userId))
        .map((userId) => ({
          userId,
          kind,
          taskId: event.taskId ?? null,
          title: event.title,
          body: event.body ?? null,
          eventKey: id,
        })),
      skipDuplicates: true,
    });
    notifications = count;
  }

  const facets: EventFacets = {
    type: event.type,
    repository: event.repository ?? null,
    campaignId: event.campaignId ?? null,
    templateId: event.templateId ?? null,
    state: event.state ?? null,
  };
  const candidates = (
    await tx.eventSubscription.findMany({
      where: { enabled: true },
      select: {
        id: true,
        scope: true,
        userId: true,
        teamId: true,
        format: true,
        types: true,
        repositoryPattern: true,
        campaignId: true,
        templateId: true,
        states: true,
        team: { select: { members: { select: { userId: true } } } },
      },
    })
  ).filter((subscription) => matchesSubscription(subscription, facets));
  if (candidates.length === 0) return { id, created: true, notifications, deliveries: 0 };

  const people = candidates.flatMap((s) =>
    s.scope === "user" && s.userId ? [s.userId] : (s.team?.members.map((m) => m.userId) ?? []),
  );
  const seeing = await sees([...new Set(people)]);
  const allowed = candidates.filter((s) => {
    if (s.scope === "all") return true;
    if (s.scope === "user") return Boolean(s.userId && seeing.has(s.userId));
    const members = s.team?.members ?? [];
    return members.length > 0 && members.every((m) => seeing.has(m.userId));
  });

  const slack = eventSlackMessage(envelope);
  const created = await tx.webhookDelivery.createManyAndReturn({
    data: allowed.map((subscription) => ({
      targetType: "subscription" as const,
      targetId: subscription.id,
      eventKey: id,
      body: (subscription.format === "slack"
        ? { ...slack, event: envelope }
        : envelope) as unknown as Prisma.InputJsonObject,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  for (const delivery of created) await queueWebhookDelivery(tx, delivery.id);
  return { id, created: true, notifications, deliveries: created.length };
}

/** A recorded task state change (the worker's `task_state_changed` job) as `task.state_changed`. */
export async function publishStateChange(
  db: PrismaClient,
  change: StateChangeEvent,
): Promise<Published | null> {
  const task = await db.task.findUnique({
    where: { id: change.taskId },
    select: {
      id: true,
      name: true,
      repositoryId: true,
      campaignId: true,
      templateId: true,
      repository: { select: { owner: true, name: true } },
    },
  });
  if (!task) return null;
  const repository = `${task.repository.owner}/${task.repository.name}`;
  return publishEvent(db, {
    type: "task.state_changed",
    key: `task-change:${change.changeId}`,
    subject: `tasks/${task.id}`,
    title: `${task.name || `Task ${task.id}`}: ${stateLabel(change.toState)}`,
    body: repository,
    url: appLink(`/tasks/${encodeURIComponent(task.id)}`),
    time: change.observedAt,
    data: {
      taskId: task.id,
      repository,
      fromState: change.fromState,
      toState: change.toState,
      campaignId: task.campaignId,
      templateId: task.templateId,
    },
    taskId: task.id,
    repositoryId: task.repositoryId,
    repository,
    campaignId: task.campaignId,
    templateId: task.templateId,
    state: change.toState,
  });
}
