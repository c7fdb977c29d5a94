/**
 * What a person changes about their own notifications: marking them read, and their personal webhook
 * (URL, digest interval, signing secret). Works in the caller's transaction, which also holds the
 * audit record. No "server-only": takes its transaction.
 */
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { webhookUrlSchema } from "@/lib/notifications/webhook-url";
import { newWebhookSecret } from "./webhook";
import { requireKeyring, sealWebhookField } from "@/lib/secrets/webhook-secrets";

type Tx = Prisma.TransactionClient;

export const markReadSchema = z.object({
  id: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).max(64).optional()),
});

/** Marks one of the person's notifications read (`id`), or all of them; returns how many. */
export async function markNotificationsRead(tx: Tx, userId: string, id?: string): Promise<number> {
  const { count } = await tx.notification.updateMany({
    where: { userId, readAt: null, ...(id ? { id } : {}) },
    data: { readAt: new Date() },
  });
  return count;
}

export const personalWebhookSchema = z.object({
  // Empty: remove the webhook.
  url: z.union([z.literal(""), z.string().trim().pipe(webhookUrlSchema)]).default(""),
  digestMinutes: z
    .preprocess(
      (value) => (typeof value === "string" ? value.trim() : value),
      z.union([
        z.literal("").transform(() => null),
        z.coerce
          .number()
          .int("Use whole minutes.")
          .min(5, "At least 5 minutes.")
          .max(1440, "At most 1,440 minutes (a day)."),
      ]),
    )
    .default(null),
  newSecret: z.preprocess((value) => value === "on", z.boolean()),
});

export type PersonalWebhook = z.output<typeof personalWebhookSchema>;

export type SavedWebhook = {
  url: string | null;
  digestMinutes: number | null;
  /** Only right after it was generated: it is never shown again. */
  secret?: string;
};

/** Saves the person's webhook; generates a new signing secret when asked (returned once, never stored in records). */
export async function savePersonalWebhook(
  tx: Tx,
  userId: string,
  input: PersonalWebhook,
): Promise<SavedWebhook> {
  const url = input.url || null;
  const secret = url && input.newSecret ? newWebhookSecret() : undefined;
  const digestMinutes = url ? input.digestMinutes : null;
  // Stored encrypted, bound to this person's row (lib/notifications/webhook-secrets.ts).
  const keyring = requireKeyring();
  const owner = { table: "User" as const, id: userId };
  await tx.user.update({
    where: { id: userId },
    data: {
      webhookUrl: url ? sealWebhookField(keyring, owner, "webhookUrl", url) : null,
      digestMinutes,
      // Removing the webhook drops its secret too; otherwise keep it unless a new one was asked for.
      ...(url
        ? secret
          ? { webhookSecret: sealWebhookField(keyring, owner, "webhookSecret", secret) }
          : {}
        : { webhookSecret: null }),
    },
  });
  return { url, digestMinutes, ...(secret ? { secret } : {}) };
}
