/**
 * Event subscriptions (where lib/notifications/publish.ts sends events) and their delivery log's
 * redeliver. A person manages their own; team and admin-wide ones are an admin's (like team
 * webhooks: an admin chose where a team's channel posts). The URL and secret are stored encrypted
 * and the secret is shown once. Works in the caller's transaction, which holds the audit record.
 * No "server-only": takes its transaction.
 */
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { FailureError } from "@/lib/errors";
import { EVENT_TYPES } from "@/lib/events/types";
import { patternProblem } from "@/lib/patterns/glob";
import { requireKeyring, sealWebhookField } from "@/lib/secrets/webhook-secrets";
import { TASK_STATES } from "@/lib/task-states";
import { blankOr, idSchema, manyOf } from "@/lib/validations/common";
import { optionalField } from "@/lib/validations/optional";
import { queueWebhookDelivery } from "./jobs";
import { newWebhookSecret } from "./webhook";
import { webhookUrlSchema } from "./webhook-url";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; role: "admin" | "member" };

export const subscriptionSchema = z.object({
  name: z.string().trim().min(1, "Give it a name.").max(100, "Keep the name under 100 characters."),
  scope: z.enum(["user", "team", "all"], { error: "Choose who it is for." }),
  // Only rendered for an admin choosing "A team": absent otherwise.
  teamId: optionalField(idSchema),
  format: z.enum(["json", "slack"], { error: "Choose a format." }),
  url: z.string().trim().pipe(webhookUrlSchema),
  types: manyOf(z.enum(EVENT_TYPES, { error: "Choose events from the list." })),
  states: manyOf(z.enum(TASK_STATES, { error: "Choose states from the list." })),
  repositoryPattern: blankOr(
    z
      .string()
      .trim()
      .superRefine((value, ctx) => {
        const problem = patternProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  ),
  campaignId: blankOr(idSchema),
  templateId: blankOr(idSchema),
});

export type SubscriptionInput = z.output<typeof subscriptionSchema>;

/** Creates a subscription; its signing secret is returned once and never shown again. */
export async function createSubscription(
  tx: Tx,
  actor: Actor,
  input: SubscriptionInput,
): Promise<{ id: string; secret: string }> {
  if (input.scope !== "user" && actor.role !== "admin")
    throw new FailureError("forbidden", "Only admins add team and Switchyard-wide subscriptions.");
  if (input.scope === "team") {
    if (!input.teamId || !(await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true } })))
      throw new FailureError("invalid_input", "Choose a team.", {
        fieldErrors: { teamId: ["Choose a team."] },
      });
  }
  const secret = newWebhookSecret();
  const created = await tx.eventSubscription.create({
    data: {
      name: input.name,
      scope: input.scope,
      userId: input.scope === "user" ? actor.id : null,
      teamId: input.scope === "team" ? input.teamId : null,
      createdById: actor.id,
      format: input.format,
      // Sealed below, once the id it is bound to exists.
      webhookUrl: "",
      webhookSecret: "",
      types: input.types,
      states: input.states,
      repositoryPattern: input.repositoryPattern,
      campaignId: input.campaignId,
      templateId: input.templateId,
    },
    select: { id: true },
  });
  const keyring = requireKeyring();
  const owner = { table: "EventSubscription" as const, id: created.id };
  await tx.eventSubscription.update({
    where: { id: created.id },
    data: {
      webhookUrl: sealWebhookField(keyring, owner, "webhookUrl", input.url),
      webhookSecret: sealWebhookField(keyring, owner, "webhookSecret", secret),
    },
  });
  return { id: created.id, secret };
}

/** The subscription, if this person may manage it (theirs, or any for an admin). */
async function managed(tx: Tx, actor: Actor, id: string) {
  const subscription = await tx.eventSubscription.findUnique({ where: { id } });
  if (!subscription || (actor.role !== "admin" && subscription.userId !== actor.id))
    throw new FailureError("not_found", "That subscription does not exist, or it is not yours.");
  return subscription;
}

export async function deleteSubscription(tx: Tx, actor: Actor, id: string) {
  const subscription = await managed(tx, actor, id);
  await tx.eventSubscription.delete({ where: { id } });
  // Its pending deliveries have nowhere to go.
  await tx.webhookDelivery.deleteMany({
    where: { targetType: "subscription", targetId: id, status: "pending" },
  });
  return subscription;
}

/**
 * Sends a delivery again, as it was (same body, same event id: receivers deduplicate), with a fresh
 * round of retries. Only deliveries of a subscription the person manages.
 */
export async function redeliver(tx: Tx, actor: Actor, deliveryId: string) {
  const delivery = await tx.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.targetType !== "subscription")
    throw new FailureError("not_found", "That delivery does not exist.");
  await managed(tx, actor, delivery.targetId);
  await tx.webhookDelivery.update({
    where: { id: delivery.id },
    data: { status: "pending", attempts: 0, lastError: null, lastStatus: null, nextAttemptAt: new Date() },
  });
  await queueWebhookDelivery(tx, delivery.id);
  return delivery;
}
