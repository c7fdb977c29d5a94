import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { SecretDecryptionError } from "@/lib/secrets/token-cipher";
import { db } from "@/lib/db";
import { FailureError } from "@/lib/errors";
import { decodeKeyset, encodeKeyset } from "@/lib/format/keyset";
import { seesEverything, visibleRepositorySql, type Viewer } from "@/lib/visibility/scope";
import { openWebhookField, requireKeyring, webhookHost } from "@/lib/secrets/webhook-secrets";

export type NotificationItem = {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  taskId: string | null;
  createdAt: Date;
  readAt: Date | null;
};

export type NotificationList = { unread: number; items: NotificationItem[]; nextCursor: string | null };

/**
 * SQL: notification `n` names nothing the viewer cannot see (no task, or a task in a repository they
 * can see). People are not notified about such tasks (lib/notifications/notify.ts); this also hides
 * the ones from before they lost access.
 */
function visibleNotificationSql(viewer: Viewer): Prisma.Sql {
  if (seesEverything(viewer)) return Prisma.sql`TRUE`;
  return Prisma.sql`(n."taskId" IS NULL OR EXISTS (SELECT 1 FROM "Task" t WHERE t.id = n."taskId"
    AND ${visibleRepositorySql(viewer, Prisma.sql`t."repositoryId"`)}))`;
}

/**
 * The bell and the notifications page: how many are unread, and the latest, of those the viewer may
 * see, newest first; `cursor` (keyset on time and id) continues after an earlier page.
 * A cursor that is not one of ours is refused (invalid_input).
 */
export async function listNotifications(
  viewer: Viewer,
  { limit = 20, cursor = null }: { limit?: number; cursor?: string | null } = {},
): Promise<NotificationList> {
  const after = cursor ? decodeKeyset(cursor, 1) : null;
  if (cursor && !after)
    throw new FailureError("invalid_input", "That page link is not valid: start again from the first page.");
  const take = Math.min(Math.max(limit, 1), 100);
  const visible = visibleNotificationSql(viewer);
  const page = after
    ? Prisma.sql`AND (n."createdAt", n.id) < (${after.times[0]!}, ${after.id})`
    : Prisma.empty;
  const [unread, rows] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Notification" n WHERE n."userId" = ${viewer.id} AND n."readAt" IS NULL AND ${visible}`,
    db.$queryRaw<NotificationItem[]>`
      SELECT n.id, n.kind, n.title, n.body, n."taskId", n."createdAt", n."readAt" FROM "Notification" n
      WHERE n."userId" = ${viewer.id} AND ${visible} ${page}
      ORDER BY n."createdAt" DESC, n.id DESC
      LIMIT ${take + 1}`,
  ]);
  const items = rows.slice(0, take);
  const last = items.at(-1);
  return {
    unread: Number(unread[0]?.n ?? 0),
    items,
    nextCursor: rows.length > take && last ? encodeKeyset([last.createdAt], last.id) : null,
  };
}

export type WebhookDeliveryRow = {
  id: string;
  targetType: string;
  targetId: string;
  /** The team's name or the person's login; null when the target no longer exists. */
  targetName: string | null;
  eventKey: string;
  /** opened | escalated | resolved, from the stored events. */
  kind: string | null;
  title: string | null;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
};

function firstEvent(body: unknown): { kind: string | null; title: string | null; taskId: string | null } {
  const events = (body as { events?: unknown } | null)?.events;
  const first = Array.isArray(events)
    ? (events[0] as { kind?: unknown; title?: unknown; taskId?: unknown })
    : undefined;
  return {
    kind: typeof first?.kind === "string" ? first.kind : null,
    title: typeof first?.title === "string" ? first.title : null,
    taskId: typeof first?.taskId === "string" ? first.taskId : null,
  };
}

/**
 * Recent webhook deliveries for Settings: failed and pending first, then delivered, newest first.
 * Never the URL (a Slack webhook URL is itself a credential). With a non-admin `viewer`, only their
 * own webhook's and their teams' deliveries.
 */
export async function listWebhookDeliveries({
  limit = 50,
  viewer,
}: {
  limit?: number;
  viewer?: { id: string; role: "admin" | "member" };
} = {}): Promise<WebhookDeliveryRow[]> {
  const take = Math.min(Math.max(limit, 1), 200);
  let scope: Prisma.WebhookDeliveryWhereInput = {};
  if (viewer && viewer.role !== "admin") {
    const teams = await db.teamMember.findMany({ where: { userId: viewer.id }, select: { teamId: true } });
    scope = {
      OR: [
        { targetType: "user", targetId: viewer.id },
        { targetType: "team", targetId: { in: teams.map((t) => t.teamId) } },
      ],
    };
  }
  const select = {
    id: true,
    targetType: true,
    targetId: true,
    eventKey: true,
    body: true,
    status: true,
    attempts: true,
    lastStatus: true,
    lastError: true,
    nextAttemptAt: true,
    deliveredAt: true,
    createdAt: true,
  } as const;
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const open = await db.webhookDelivery.findMany({
    where: { AND: [scope, { status: { in: ["failed", "pending"] } }] },
    orderBy,
    take,
    select,
  });
  const done =
    open.length < take
      ? await db.webhookDelivery.findMany({
          where: { AND: [scope, { status: "delivered" }] },
          orderBy,
          take: take - open.length,
          select,
        })
      : [];
  const rows = [...open, ...done];

  const teamIds = rows.filter((r) => r.targetType === "team").map((r) => r.targetId);
  const userIds = rows.filter((r) => r.targetType === "user").map((r) => r.targetId);
  const [teams, users] = await Promise.all([
    teamIds.length
      ? db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } })
      : [],
    userIds.length
      ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, login: true, name: true } })
      : [],
  ]);
  const names = new Map<string, string>([
    ...teams.map((t) => [`team:${t.id}`, t.name] as [string, string]),
    ...users.map((u) => [`user:${u.id}`, u.login ?? u.name ?? u.id] as [string, string]),
  ]);
  // A team's delivery can name a task a member of the team cannot see on GitHub: not its title.
  const events = rows.map((row) => firstEvent(row.body));
  const taskIds = [...new Set(events.flatMap((event) => (event.taskId ? [event.taskId] : [])))];
  const seen =
    viewer && !seesEverything(viewer) && taskIds.length
      ? new Set(
          (
            await db.$queryRaw<{ id: string }[]>`
              SELECT t.id FROM "Task" t WHERE t.id = ANY(${taskIds})
                AND ${visibleRepositorySql(viewer, Prisma.sql`t."repositoryId"`)}`
          ).map((task) => task.id),
        )
      : null;
  return rows.map(({ body: _body, ...row }, index) => {
    const { taskId, ...event } = events[index]!;
    const hidden = seen !== null && taskId !== null && !seen.has(taskId);
    return {
      ...row,
      ...event,
      title: hidden ? null : event.title,
      targetName: names.get(`${row.targetType}:${row.targetId}`) ?? null,
    };
  });
}

export type PersonalWebhook = { webhookUrl: string | null; digestMinutes: number | null; hasSecret: boolean };

/**
 * The Settings form's current values, for the person whose webhook it is; the secret itself is never
 * read back. A URL that cannot be decrypted shows as empty (saving again replaces it).
 */
export async function getPersonalWebhook(userId: string): Promise<PersonalWebhook> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { webhookUrl: true, digestMinutes: true, webhookSecret: true },
  });
  let webhookUrl: string | null = null;
  if (user?.webhookUrl) {
    try {
      webhookUrl = openWebhookField(
        requireKeyring(),
        { table: "User", id: userId },
        "webhookUrl",
        user.webhookUrl,
      );
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
    }
  }
  return {
    webhookUrl,
    digestMinutes: user?.digestMinutes ?? null,
    hasSecret: Boolean(user?.webhookSecret),
  };
}

export type SubscriptionRow = {
  id: string;
  name: string;
  scope: "user" | "team" | "all";
  owner: string | null;
  format: "json" | "slack";
  host: string | null;
  types: string[];
  states: string[];
  repositoryPattern: string | null;
  campaignId: string | null;
  templateId: string | null;
};

/** Event subscriptions the viewer manages: their own; an admin's view has everyone's. Never the URL, only its host. */
export async function listSubscriptions(viewer: Viewer): Promise<SubscriptionRow[]> {
  const rows = await db.eventSubscription.findMany({
    where: viewer.role === "admin" ? {} : { userId: viewer.id },
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { user: { select: { login: true } }, team: { select: { name: true } } },
  });
  const keyring = (() => {
    try {
      return requireKeyring();
    } catch {
      return null;
    }
  })();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scope: row.scope,
    owner:
      row.scope === "user"
        ? (row.user?.login ?? null)
        : row.scope === "team"
          ? (row.team?.name ?? null)
          : null,
    format: row.format,
    host: webhookHost(keyring, { table: "EventSubscription", id: row.id }, row.webhookUrl),
    types: row.types,
    states: row.states,
    repositoryPattern: row.repositoryPattern,
    campaignId: row.campaignId,
    templateId: row.templateId,
  }));
}

export type EventDeliveryRow = {
  id: string;
  subscription: string;
  eventId: string;
  type: string | null;
  title: string | null;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
};

/** The delivery log of the subscriptions the viewer manages, newest first. */
export async function listSubscriptionDeliveries(viewer: Viewer, limit = 50): Promise<EventDeliveryRow[]> {
  const subscriptions = await db.eventSubscription.findMany({
    where: viewer.role === "admin" ? {} : { userId: viewer.id },
    select: { id: true, name: true },
  });
  if (subscriptions.length === 0) return [];
  const names = new Map(subscriptions.map((s) => [s.id, s.name]));
  const rows = await db.webhookDelivery.findMany({
    where: { targetType: "subscription", targetId: { in: [...names.keys()] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(limit, 1), 200),
  });
  return rows.map((row) => {
    const body = row.body as {
      type?: unknown;
      data?: { title?: unknown };
      event?: { type?: unknown; data?: { title?: unknown } };
    };
    const envelope = body.event ?? body;
    return {
      id: row.id,
      subscription: names.get(row.targetId) ?? row.targetId,
      eventId: row.eventKey,
      type: typeof envelope.type === "string" ? envelope.type : null,
      title: typeof envelope.data?.title === "string" ? envelope.data.title : null,
      status: row.status,
      attempts: row.attempts,
      lastStatus: row.lastStatus,
      lastError: row.lastError,
      nextAttemptAt: row.nextAttemptAt,
      deliveredAt: row.deliveredAt,
      createdAt: row.createdAt,
    };
  });
}
