/**
 * Sends stored webhook deliveries: one event per POST, or a target's pending events as one digest.
 * Failures back off exponentially (30 s, 1 min, 2 min … at most 1 h, with jitter) and give up after
 * MAX_ATTEMPTS. The caller (the job handler) requeues itself at the returned `retryAt`.
 * Used by the worker: no "server-only" here. Secrets are only ever used to sign, never stored in errors.
 */
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { TriageEvent } from "./events";
import { signBody, webhookBody, SIGNATURE_HEADER } from "./webhook";

export type TargetType = "team" | "user";

export type DeliverOptions = {
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
};

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

type Db = Pick<PrismaClient, "webhookDelivery" | "team" | "user">;

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

/** min(30 s · 2^(attempts−1), 1 h), minus up to 25 % jitter so failing hooks do not retry in lockstep. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

type Target = { url: string; secret: string | null };

async function loadTarget(db: Db, targetType: string, targetId: string): Promise<Target | null> {
  const select = { webhookUrl: true, webhookSecret: true } as const;
  const row =
    targetType === "team"
      ? await db.team.findUnique({ where: { id: targetId }, select })
      : targetType === "user"
        ? await db.user.findUnique({ where: { id: targetId }, select })
        : null;
  return row?.webhookUrl ? { url: row.webhookUrl, secret: row.webhookSecret } : null;
}

type SendResult =
  { ok: true; status: number } | { ok: false; status?: number; error: string; retryAfterMs?: number };

async function send(
  target: Target,
  body: string,
  headers: Record<string, string>,
  options: DeliverOptions,
): Promise<SendResult> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const allHeaders: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Switchyard-Webhooks/1",
    ...headers,
  };
  if (target.secret) allHeaders[SIGNATURE_HEADER] = signBody(body, target.secret);
  const scrub = (text: string) => (target.secret ? text.split(target.secret).join("[secret]") : text);
  try {
    const response = await doFetch(target.url, {
      method: "POST",
      headers: allHeaders,
      body,
      // A redirect could point anywhere; receivers must answer at the configured URL.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text().catch(() => "");
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      ok: false,
      status: response.status,
      error: scrub(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`),
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    };
  } catch (error) {
    return { ok: false, error: scrub(describeError(error, timeoutMs)) };
  }
}

/** "connect ECONNREFUSED 127.0.0.1:4000", "timed out after 10000 ms": never the URL (it may hold a token). */
function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `timed out after ${timeoutMs} ms`;
  const cause =
    error instanceof Error ? (error.cause as { message?: string; code?: string } | undefined) : undefined;
  const message =
    cause?.message ?? cause?.code ?? (error instanceof Error ? error.message : "request failed");
  return message.slice(0, 300);
}

/** Records a failed attempt on `ids` (one delivery, or a digest's batch) and says when to retry. */
async function recordFailure(
  db: Db,
  ids: string[],
  attempts: number,
  result: Extract<SendResult, { ok: false }>,
  now: Date,
  url: string,
): Promise<DeliveryOutcome> {
  const final = attempts >= MAX_ATTEMPTS;
  const delay = Math.min(Math.max(retryDelayMs(attempts), result.retryAfterMs ?? 0), MAX_DELAY_MS);
  const retryAt = final ? undefined : new Date(now.getTime() + delay);
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, status: "pending" },
    data: {
      attempts,
      url,
      status: final ? "failed" : "pending",
      lastStatus: result.status ?? null,
      lastError: result.error,
      nextAttemptAt: retryAt ?? now,
    },
  });
  return final ? { status: "failed" } : { status: "pending", retryAt };
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
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.status !== "pending") return { status: "skipped" };
  // The target's current URL and secret: fixing a broken URL makes pending retries go to the new one.
  const target = await loadTarget(db, delivery.targetType, delivery.targetId);
  if (!target) return giveUp(db, [delivery.id], now(), NO_TARGET);

  const parsed = storedBodySchema.safeParse(delivery.body);
  const kind = parsed.success ? parsed.data.events[0]!.kind : "triage";
  const result = await send(
    target,
    JSON.stringify(delivery.body),
    {
      "x-switchyard-event": kind,
      "x-switchyard-delivery": delivery.id,
    },
    options,
  );

  const attempts = delivery.attempts + 1;
  if (result.ok) {
    await db.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "pending" },
      data: {
        status: "delivered",
        deliveredAt: now(),
        attempts,
        url: target.url,
        lastStatus: result.status,
        lastError: null,
      },
    });
    return { status: "delivered" };
  }
  return recordFailure(db, [delivery.id], attempts, result, now(), target.url);
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
  const pending = await db.webhookDelivery.findMany({
    where: { targetType, targetId, status: "pending" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: DIGEST_BATCH + 1,
  });
  const batch = pending.slice(0, DIGEST_BATCH);
  if (batch.length === 0) return { status: "skipped" };
  const ids = batch.map((d) => d.id);
  const target = await loadTarget(db, targetType, targetId);
  if (!target) return giveUp(db, ids, now(), NO_TARGET);

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
  );

  const attempts = Math.max(...batch.map((d) => d.attempts)) + 1;
  if (!result.ok) return recordFailure(db, ids, attempts, result, now(), target.url);
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, status: "pending" },
    data: {
      status: "delivered",
      deliveredAt: now(),
      attempts,
      url: target.url,
      lastStatus: result.status,
      lastError: null,
    },
  });
  // More than one batch waiting (a long outage): send the next one right away.
  return pending.length > DIGEST_BATCH ? { status: "delivered", retryAt: now() } : { status: "delivered" };
}
