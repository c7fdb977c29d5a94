/**
 * Webhook delivery jobs. Queued through SQL (graphile-worker's add_job) so notifyTriageEvent can
 * queue them in its own transaction. One job per delivery (job key `webhook:<id>`) or per digest
 * target (`webhook-digest:<type>:<id>`); a failed send requeues the same key at its retry time.
 * Used by the worker: no "server-only" here.
 */
import type { Task as Handler, TaskList } from "graphile-worker";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { deliverDigest, deliverWebhook, type DeliverOptions, type TargetType } from "./deliver";

type Db = Pick<PrismaClient, "$executeRaw">;
type Mode = "replace" | "preserve_run_at";

export const webhookJobKey = (deliveryId: string) => `webhook:${deliveryId}`;
export const webhookDigestJobKey = (targetType: TargetType, targetId: string) =>
  `webhook-digest:${targetType}:${targetId}`;

// Our own retries live in WebhookDelivery; graphile's attempts only cover crashes and database errors.
const JOB_MAX_ATTEMPTS = 5;

export async function queueWebhookDelivery(db: Db, deliveryId: string, runAt = new Date()) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('deliver_webhook', json_build_object('deliveryId', ${deliveryId}::text),
      run_at := ${runAt}, job_key := ${webhookJobKey(deliveryId)}, job_key_mode := 'replace',
      max_attempts := ${JOB_MAX_ATTEMPTS}::int)`;
}

/** `preserve_run_at` collects events into the pending digest; `replace` moves it (a retry). */
export async function queueWebhookDigest(
  db: Db,
  targetType: TargetType,
  targetId: string,
  runAt: Date,
  mode: Mode,
) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('deliver_webhook_digest',
      json_build_object('targetType', ${targetType}::text, 'targetId', ${targetId}::text),
      run_at := ${runAt}, job_key := ${webhookDigestJobKey(targetType, targetId)}, job_key_mode := ${mode},
      max_attempts := ${JOB_MAX_ATTEMPTS}::int)`;
}

const deliveryPayload = z.object({ deliveryId: z.string().min(1).max(64) });
const digestPayload = z.object({ targetType: z.enum(["team", "user"]), targetId: z.string().min(1).max(64) });

/** Handlers to merge into the worker's task list. */
export function notificationTaskList(db: PrismaClient, options: DeliverOptions = {}): TaskList {
  const deliver: Handler = async (payload) => {
    const { deliveryId } = deliveryPayload.parse(payload);
    const outcome = await deliverWebhook(db, deliveryId, options);
    if (outcome.retryAt) await queueWebhookDelivery(db, deliveryId, outcome.retryAt);
    else if (outcome.status === "failed") console.warn(`webhook: delivery ${deliveryId} gave up`);
  };
  const deliverDigestJob: Handler = async (payload) => {
    const { targetType, targetId } = digestPayload.parse(payload);
    const outcome = await deliverDigest(db, targetType, targetId, options);
    if (outcome.retryAt) await queueWebhookDigest(db, targetType, targetId, outcome.retryAt, "replace");
    else if (outcome.status === "failed")
      console.warn(`webhook: digest for ${targetType} ${targetId} gave up`);
  };
  return { deliver_webhook: deliver, deliver_webhook_digest: deliverDigestJob };
}
