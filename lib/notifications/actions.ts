"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { failure, type ActionResult } from "@/lib/tasks/action-result";
import { webhookUrlSchema } from "@/lib/validations/webhook";
import { newWebhookSecret } from "./webhook";
import { requireKeyring, sealWebhookField } from "./webhook-secrets";

const markReadSchema = z.object({ id: z.string().min(1).max(64).optional() });

/** Marks one of the caller's notifications read (`id`), or all of them. */
export async function markNotificationsReadAction(
  formData: FormData,
): Promise<ActionResult<{ marked: number }>> {
  const user = await requireUser();
  const parsed = markReadSchema.safeParse({ id: formData.get("id") || undefined });
  if (!parsed.success) return { ok: false, kind: "invalid_input", message: "That is not a notification." };
  const { id } = parsed.data;
  try {
    const { count } = await db.notification.updateMany({
      where: { userId: user.id, readAt: null, ...(id ? { id } : {}) },
      data: { readAt: new Date() },
    });
    await db.auditEvent.create({
      data: {
        actorId: user.id,
        actorLogin: user.login,
        action: "notification.mark_read",
        targetType: "notification",
        targetId: id ?? null,
        details: { scope: id ? "one" : "all", marked: count },
      },
    });
    // The bell reads through /api/notifications and refetches itself; no server-rendered page shows them.
    return { ok: true, data: { marked: count } };
  } catch (error) {
    return failure(error);
  }
}

const trimmedWebhookUrlSchema = z.string().trim().pipe(webhookUrlSchema);

const webhookSchema = z.object({
  // Empty: remove the webhook.
  url: z.union([z.literal(""), trimmedWebhookUrlSchema]),
  digestMinutes: z.union([
    z.literal("").transform(() => null),
    z.coerce
      .number()
      .int("Use whole minutes.")
      .min(5, "At least 5 minutes.")
      .max(1440, "At most 1,440 minutes (a day)."),
  ]),
  newSecret: z.boolean(),
});

export type SavedWebhook = {
  url: string | null;
  digestMinutes: number | null;
  /** Only right after it was generated: it is never shown again. */
  secret?: string;
};

/** Saves the caller's personal webhook; generates a new signing secret when asked (shown once). */
export async function savePersonalWebhookAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<SavedWebhook>> {
  const user = await requireUser();
  const values = {
    url: String(formData.get("url") ?? ""),
    digestMinutes: String(formData.get("digestMinutes") ?? "").trim(),
  };
  const parsed = webhookSchema.safeParse({ ...values, newSecret: formData.get("newSecret") === "on" });
  if (!parsed.success)
    return {
      ok: false,
      kind: "invalid_input",
      message: "Check the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      values,
    };
  const url = parsed.data.url || null;
  const secret = url && parsed.data.newSecret ? newWebhookSecret() : undefined;
  try {
    // Stored encrypted, bound to this person's row (lib/notifications/webhook-secrets.ts).
    const keyring = requireKeyring();
    const owner = { table: "User" as const, id: user.id };
    await db.user.update({
      where: { id: user.id },
      data: {
        webhookUrl: url ? sealWebhookField(keyring, owner, "webhookUrl", url) : null,
        digestMinutes: url ? parsed.data.digestMinutes : null,
        // Removing the webhook drops its secret too; otherwise keep it unless a new one was asked for.
        ...(url
          ? secret
            ? { webhookSecret: sealWebhookField(keyring, owner, "webhookSecret", secret) }
            : {}
          : { webhookSecret: null }),
      },
    });
    await db.auditEvent.create({
      data: {
        actorId: user.id,
        actorLogin: user.login,
        action: url ? "webhook.personal.save" : "webhook.personal.remove",
        targetType: "user",
        targetId: user.id,
        // Only the host: the rest of a Slack webhook URL is a credential. Never the secret.
        details: {
          host: url ? new URL(url).host : null,
          digestMinutes: url ? parsed.data.digestMinutes : null,
          secretRotated: Boolean(secret),
        },
      },
    });
  } catch (error) {
    return { ...failure(error), values };
  }
  revalidatePath("/settings");
  return { ok: true, data: { url, digestMinutes: url ? parsed.data.digestMinutes : null, secret } };
}
