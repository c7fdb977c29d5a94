"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/kit";
import {
  createSubscription,
  deleteSubscription,
  redeliver,
  subscriptionSchema,
} from "@/lib/notifications/subscriptions";
import { idSchema } from "@/lib/validations/common";
import { ok } from "@/lib/result";
import { personalWebhookSchema, savePersonalWebhook } from "@/lib/notifications/personal";

/** Saves the caller's personal webhook; generates a new signing secret when asked (shown once). */
export const savePersonalWebhookAction = userAction(
  {
    name: "webhook.personal.save",
    input: personalWebhookSchema,
    revalidate: ["/settings", "/notifications"],
  },
  async (input, ctx) => {
    const saved = await savePersonalWebhook(ctx.db, ctx.user.id, input);
    ctx.audit({
      ...(saved.url ? {} : { action: "webhook.personal.remove" }),
      targetType: "user",
      targetId: ctx.user.id,
      // Only the host: the rest of a Slack webhook URL is a credential. Never the secret.
      details: {
        host: saved.url ? new URL(saved.url).host : null,
        digestMinutes: saved.digestMinutes,
        secretRotated: Boolean(saved.secret),
      },
    });
    return ok(saved);
  },
);

/** Adds an event subscription; its signing secret is returned once. Team and Switchyard-wide: admins. */
export const createSubscriptionAction = userAction(
  { name: "event_subscription.create", input: subscriptionSchema, revalidate: ["/notifications/events"] },
  async (input, ctx) => {
    const created = await createSubscription(ctx.db, ctx.user, input);
    ctx.audit({
      targetType: "event_subscription",
      targetId: created.id,
      // The host only (a Slack URL is a credential), never the secret.
      details: {
        name: input.name,
        scope: input.scope,
        teamId: input.teamId,
        format: input.format,
        host: new URL(input.url).host,
        types: input.types,
        states: input.states,
        repositoryPattern: input.repositoryPattern,
        campaignId: input.campaignId,
        templateId: input.templateId,
      },
    });
    return ok(created);
  },
);

const subscriptionRef = z.object({ subscriptionId: idSchema });

export const deleteSubscriptionAction = userAction(
  { name: "event_subscription.delete", input: subscriptionRef, revalidate: ["/notifications/events"] },
  async ({ subscriptionId }, ctx) => {
    ctx.audit({ targetType: "event_subscription", targetId: subscriptionId });
    const deleted = await deleteSubscription(ctx.db, ctx.user, subscriptionId);
    ctx.audit({ details: { name: deleted.name } });
    return ok({ id: subscriptionId });
  },
);

/** Sends a delivery again: same body, same event id, fresh retries. */
export const redeliverAction = userAction(
  {
    name: "event_delivery.redeliver",
    input: z.object({ deliveryId: idSchema }),
    revalidate: ["/notifications/events"],
  },
  async ({ deliveryId }, ctx) => {
    ctx.audit({ targetType: "webhook_delivery", targetId: deliveryId });
    const delivery = await redeliver(ctx.db, ctx.user, deliveryId);
    ctx.audit({ details: { subscriptionId: delivery.targetId, eventId: delivery.eventKey } });
    return ok({ id: deliveryId });
  },
);
