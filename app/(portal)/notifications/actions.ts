"use server";

import { userAction } from "@/lib/actions/kit";
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
