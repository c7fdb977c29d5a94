/**
 * Sends stored webhook deliveries: one event per POST, or a target's pending events as one digest.
 * Failures back off exponentially (30 s, 1 min, 2 min … at most 1 h, with jitter) and give up after
 * MAX_ATTEMPTS. The caller (the job handler) requeues itself at the returned `retryAt`.
 * Used by the worker: no "server-only" here. The target's URL and secret are decrypted only to send
 * (egress.ts decides where a request may go); a delivery row keeps the host, never the URL, and what
 * went wrong as a status code or a fixed phrase — never the receiver's answer or socket error text,
 * which would let a member read internal services through their webhook.
 */
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { keyringFromEnv, SecretDecryptionError, type Keyring } from "@/lib/secrets/token-cipher";
import { getEnv } from "@/lib/env";
import {
  checkWebhookUrl,
  EgressRefusedError,
  egressPolicyFromEnv,
  postWebhook,
  type EgressPolicy,
  type Resolver,
} from "./egress";
import { BUDGET_EVENT_PREFIX, type TriageEvent } from "./events";
import { signBody, webhookBody, SIGNATURE_HEADER } from "./webhook";
import { SIGNATURE_256_HEADER, signTimestamped } from "@/lib/events/signature";
import { ENVELOPE_VERSION } from "@/lib/events/types";
import { openWebhookField } from "@/lib/secrets/webhook-secrets";

export type TargetType = "team" | "user";
/** Where a delivery goes: a team's or person's webhook, or an event subscription (lib/events). */
type DeliveryTargetType = TargetType | "subscription";

export type DeliverOptions = {
  now?: () => Date;
  timeoutMs?: number;
  /** Decrypts webhook URLs and secrets; default: TOKEN_ENCRYPTION_KEY(S_PREVIOUS). */
  keyring?: Keyring | null;
  /** Where requests may go; default: SWITCHYARD_WEBHOOK_ALLOWED_HOSTS / _ALLOW_LOOPBACK. */
  egress?: EgressPolicy;
  /** DNS resolution (tests stand in for DNS). */
  resolve?: Resolver;
};

function settingsOf(options: DeliverOptions): { keyring: Keyring | null; egress: EgressPolicy } {
  return {
    keyring: options.keyring !== undefined ? options.keyring : keyringFromEnv(getEnv()),
    egress: options.egress ?? egressPolicyFromEnv(getEnv()),
  };
}

export type DeliveryOutcome = {
  /** delivered: sent now; pending: failed, will retry at `retryAt`; failed: gave up; skipped: nothing to send. */
  status: "delivered" | "pending" | "failed" | "skipped";
  retryAt?: Date;
};

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 3_600_000;
const DEFAULT_TIMEOUT_MS = 10_000;
/** A digest sends at most this many events at once; the rest go in the next message right after. */
const DIGEST_BATCH = 200;

type Db = Pick<PrismaClient, "webhookDelivery" | "team" | "user" | "eventSubscription">;

const triageEventSchema = z.object({
  kind: z.enum(["opened", "escalated", "resolved"]),
  eventKey: z.string(),
  itemId: z.string(),
  taskId: z.string(),
  title: z.string(),
  state: z.string(),
  repository: z.string(),
  ownerLabel: z.string(),
  reason: z.string(),
  url: z.string(),
}) satisfies z.ZodType<TriageEvent>;

const storedBodySchema = z.object({ events: z.array(triageEventSchema).min(1) });
/** A subscription's delivery: the envelope (json), or a Slack message carrying it as `event`. */
const storedEnvelopeSchema = z.object({
  type: z.string().optional(),
  event: z.object({ type: z.string() }).optional(),
});

/** min(30 s · 2^(attempts−1), 1 h), minus up to 25 % jitter so failing hooks do not retry in lockstep. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

type Target = { url: string; host: string | null; secret: string | null };

/** The target's current URL and secret, decrypted; a string when they cannot be read (why). */
async function loadTarget(
  db: Db,
  keyring: Keyring | null,
  targetType: string,
  targetId: string,
): Promise<Target | string | null> {
  const select = { id: true, webhookUrl: true, webhookSecret: true } as const;
  const row =
    targetType === "team"
      ? await db.team.findUnique({ where: { id: targetId }, select })
      : targetType === "user"
        ? await db.user.findUnique({ where: { id: targetId }, select })
        : targetType === "subscription"
          ? await db.eventSubscription.findUnique({ where: { id: targetId }, select })
          : null;
  if (!row?.webhookUrl) return null;
  if (!keyring) return "The webhook cannot be read: TOKEN_ENCRYPTION_KEY is not set.";
  const table = ({ team: "Team", user: "User", subscription: "EventSubscription" } as const)[
    targetType as DeliveryTargetType
  ];
  const owner = { table, id: row.id };
  try {
    const url = openWebhookField(keyring, owner, "webhookUrl", row.webhookUrl);
    const secret = row.webhookSecret
      ? openWebhookField(keyring, owner, "webhookSecret", row.webhookSecret)
      : null;
    return { url, host: hostOf(url), secret };
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    return "The stored webhook cannot be decrypted (its key is gone, or it was altered). Save the webhook again.";
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

type SendResult =
  | { ok: true; status: number }
  | { ok: false; status?: number; error: string; retryAfterMs?: number; final?: boolean };

async function send(
  target: Target,
  body: string,
  headers: Record<string, string>,
  options: DeliverOptions,
  egress: EgressPolicy,
): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Checked again at send: the policy may have changed since the webhook was saved.
  const checked = checkWebhookUrl(target.url, egress);
  if (!checked.ok) return { ok: false, error: `Refused: ${checked.problem}`, final: true };
  const allHeaders: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Switchyard-Webhooks/1",
    ...headers,
  };
  if (target.secret) {
    allHeaders[SIGNATURE_HEADER] = signBody(body, target.secret);
    // The timestamped signature: receivers refuse old ones, so a captured delivery cannot be replayed.
    allHeaders[SIGNATURE_256_HEADER] = signTimestamped(body, target.secret, options.now?.() ?? new Date());
  }
  try {
    const response = await postWebhook(checked.target, body, allHeaders, {
      policy: egress,
      timeoutMs,
      resolve: options.resolve,
    });
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return {
      ok: false,
      status: response.status,
      error: `HTTP ${response.status}`,
      retryAfterMs: response.retryAfterMs,
    };
  } catch (error) {
    return { ok: false, error: describeError(error, timeoutMs, target.host) };
  }
}

/**
 * A fixed phrase per kind of failure. A refused address and a name that does not resolve read the
 * same, so a webhook cannot tell whether an internal name exists; socket error text is never kept.
 */
function describeError(error: unknown, timeoutMs: number, host: string | null): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") return `timed out after ${timeoutMs} ms`;
  const lookupFailed = (error as { syscall?: string } | null)?.syscall === "getaddrinfo";
  if (error instanceof EgressRefusedError || lookupFailed) {
    // For operators: why, and where (the host only: the rest of the URL may be a credential).
    if (error instanceof EgressRefusedError)
      console.warn(`webhook: refused ${host ?? "?"}: ${error.message}`);
    return "could not reach a public internet address for the receiver's host";
  }
  return "could not connect to the receiver";
}

/** Records a failed attempt on `ids` (one delivery, or a digest's batch) and says when to retry. */
async function recordFailure(
  db: Db,
  ids: string[],
  attempts: number,
  result: Extract<SendResult, { ok: false }>,
  now: Date,
  host: string | null,
): Promise<DeliveryOutcome> {
  const final = attempts >= MAX_ATTEMPTS || Boolean(result.final);
  const delay = Math.min(Math.max(retryDelayMs(attempts), result.retryAfterMs ?? 0), MAX_DELAY_MS);
  const retryAt = final ? undefined : new Date(now.getTime() + delay);
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, status: "pending" },
    data: {
      attempts,
      host,
      status: final ? "failed" : "pending",
      lastStatus: result.status ?? null,
      lastError: result.error,
      nextAttemptAt: retryAt ?? now,
    },
  });
  return final ? { status: "failed" } : { status: "pending", retryAt };
}

/** Marks deliveries sent; only pending ones, so a delivery given up on meanwhile stays failed. */
async function recordDelivered(
  db: Db,
  ids: string[],
  attempts: number,
  status: number,
  now: Date,
  host: string | null,
): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, status: "pending" },
    data: { status: "delivered", deliveredAt: now, attempts, host, lastStatus: status, lastError: null },
  });
}

async function giveUp(db: Db, ids: string[], now: Date, error: string): Promise<DeliveryOutcome> {
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, status: "pending" },
    data: { status: "failed", lastError: error, nextAttemptAt: now },
  });
  return { status: "failed" };
}

const NO_TARGET = "The webhook was removed before this could be delivered.";

/** Sends one delivery. Already delivered (or given up) is a no-op, so a re-run job sends nothing. */
export async function deliverWebhook(
  db: Db,
  deliveryId: string,
  options: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const now = options.now ?? (() => new Date());
  const { keyring, egress } = settingsOf(options);
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.status !== "pending") return { status: "skipped" };
  // The target's current URL and secret: fixing a broken URL makes pending retries go to the new one.
  const target = await loadTarget(db, keyring, delivery.targetType, delivery.targetId);
  if (!target) return giveUp(db, [delivery.id], now(), NO_TARGET);
  if (typeof target === "string") return giveUp(db, [delivery.id], now(), target);

  const parsed = storedBodySchema.safeParse(delivery.body);
  const stored = storedEnvelopeSchema.safeParse(delivery.body);
  const eventType = stored.success ? (stored.data.event?.type ?? stored.data.type) : undefined;
  const kind = parsed.success
    ? parsed.data.events[0]!.kind
    : (eventType ?? (delivery.eventKey.startsWith(BUDGET_EVENT_PREFIX) ? "budget" : "triage"));
  const result = await send(
    target,
    JSON.stringify(delivery.body),
    {
      "x-switchyard-event": kind,
      "x-switchyard-delivery": delivery.id,
      // Stable across retries and redeliveries: receivers deduplicate on it.
      "x-switchyard-event-id": delivery.eventKey,
      ...(eventType ? { "x-switchyard-event-version": String(ENVELOPE_VERSION) } : {}),
    },
    options,
    egress,
  );

  const attempts = delivery.attempts + 1;
  if (result.ok) {
    await recordDelivered(db, [delivery.id], attempts, result.status, now(), target.host);
    return { status: "delivered" };
  }
  return recordFailure(db, [delivery.id], attempts, result, now(), target.host);
}

/**
 * Sends a target's pending deliveries as one message. They succeed or fail together; attempts count
 * from the oldest, so a digest that keeps failing gives up on schedule even as new events join it.
 */
export async function deliverDigest(
  db: Db,
  targetType: TargetType,
  targetId: string,
  options: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const now = options.now ?? (() => new Date());
  const { keyring, egress } = settingsOf(options);
  const pending = await db.webhookDelivery.findMany({
    // Budget notices are sent on their own, at once (./budget.ts), never folded into a digest.
    where: {
      targetType,
      targetId,
      status: "pending",
      NOT: { eventKey: { startsWith: BUDGET_EVENT_PREFIX } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: DIGEST_BATCH + 1,
  });
  const batch = pending.slice(0, DIGEST_BATCH);
  if (batch.length === 0) return { status: "skipped" };
  const ids = batch.map((d) => d.id);
  const target = await loadTarget(db, keyring, targetType, targetId);
  if (!target) return giveUp(db, ids, now(), NO_TARGET);
  if (typeof target === "string") return giveUp(db, ids, now(), target);

  const events = batch.flatMap((d) => {
    const parsed = storedBodySchema.safeParse(d.body);
    return parsed.success ? parsed.data.events : [];
  });
  const body = JSON.stringify(webhookBody(events));
  const result = await send(
    target,
    body,
    {
      "x-switchyard-event": "digest",
      "x-switchyard-delivery": batch[0]!.id,
    },
    options,
    egress,
  );

  const attempts = Math.max(...batch.map((d) => d.attempts)) + 1;
  if (!result.ok) return recordFailure(db, ids, attempts, result, now(), target.host);
  await recordDelivered(db, ids, attempts, result.status, now(), target.host);
  // More than one batch waiting (a long outage): send the next one right away.
  return pending.length > DIGEST_BATCH ? { status: "delivered", retryAt: now() } : { status: "delivered" };
}
