/**
 * Webhook URLs and signing secrets at rest (User.webhookUrl/webhookSecret, Team.webhookUrl/
 * webhookSecret): encrypted with the token cipher and bound to their row and column, because a Slack
 * webhook URL is itself a credential and the secret signs messages receivers trust.
 * Worker-safe (no server-only): the worker decrypts to deliver, rotate-key re-encrypts.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import {
  decryptSecret,
  encryptSecret,
  isEncryptedSecret,
  keyringFromEnv,
  needsReencryption,
  SecretDecryptionError,
  secretContext,
  type Keyring,
} from "@/lib/secrets/token-cipher";
import { getEnv } from "@/lib/env";

/** The environment's keyring, for the web app's writes; a clear error when no key is configured. */
export function requireKeyring(): Keyring {
  const keyring = keyringFromEnv(getEnv());
  if (!keyring)
    throw new Error("TOKEN_ENCRYPTION_KEY is required to store webhooks (openssl rand -base64 32)");
  return keyring;
}

/** Whose webhook: a person's, a team's, or an event subscription's (lib/events). */
export type WebhookOwner = { table: "User" | "Team" | "EventSubscription"; id: string };
export type WebhookColumn = "webhookUrl" | "webhookSecret";
const COLUMNS: WebhookColumn[] = ["webhookUrl", "webhookSecret"];

export function sealWebhookField(
  keyring: Keyring,
  owner: WebhookOwner,
  column: WebhookColumn,
  plain: string,
): string {
  return encryptSecret(plain, keyring, secretContext.webhook(owner.table, owner.id, column));
}

/** The stored value in plain text; throws SecretDecryptionError when it cannot be read. */
export function openWebhookField(
  keyring: Keyring,
  owner: WebhookOwner,
  column: WebhookColumn,
  stored: string,
): string {
  return decryptSecret(stored, keyring, secretContext.webhook(owner.table, owner.id, column));
}

/** The host of a stored webhook URL, for pages that show where a webhook goes (never the rest). */
export function webhookHost(
  keyring: Keyring | null,
  owner: WebhookOwner,
  stored: string | null,
): string | null {
  if (!stored) return null;
  try {
    if (!keyring) return "(unreadable: no TOKEN_ENCRYPTION_KEY)";
    return new URL(openWebhookField(keyring, owner, "webhookUrl", stored)).host;
  } catch {
    return "(unreadable: save the webhook again)";
  }
}

export type FieldReport = { reencrypted: number; plaintext: number; current: number; unreadable: string[] };

/**
 * Brings every stored webhook URL and secret to the current key: plain text left from before
 * encryption is encrypted, values under a previous key (or v1) are re-encrypted. Idempotent. Each
 * row is written only if it still holds what was read, so a webhook saved meanwhile (already under
 * the current key) is left as it is.
 */
export async function reencryptWebhookFields(
  db: Pick<PrismaClient, "user" | "team" | "eventSubscription">,
  keyring: Keyring,
): Promise<FieldReport> {
  const report: FieldReport = { reencrypted: 0, plaintext: 0, current: 0, unreadable: [] };
  const where = { OR: [{ webhookUrl: { not: null } }, { webhookSecret: { not: null } }] };
  const select = { id: true, webhookUrl: true, webhookSecret: true } as const;
  const rows = [
    ...(await db.user.findMany({ where, select })).map((row) => ({ ...row, table: "User" as const })),
    ...(await db.team.findMany({ where, select })).map((row) => ({ ...row, table: "Team" as const })),
    ...(await db.eventSubscription.findMany({ select })).map((row) => ({
      ...row,
      table: "EventSubscription" as const,
    })),
  ];
  for (const row of rows) {
    const owner = { table: row.table, id: row.id };
    const data: Partial<Record<WebhookColumn, string>> = {};
    let plaintext = 0;
    let unreadable = false;
    for (const column of COLUMNS) {
      const stored = row[column];
      if (!stored) continue;
      if (!needsReencryption(stored, keyring)) {
        report.current++;
        continue;
      }
      try {
        // Plain text is left from before encryption at rest; anything else must decrypt first.
        const encrypted = isEncryptedSecret(stored);
        const plain = encrypted ? openWebhookField(keyring, owner, column, stored) : stored;
        if (!encrypted) plaintext++;
        data[column] = sealWebhookField(keyring, owner, column, plain);
      } catch (error) {
        if (!(error instanceof SecretDecryptionError)) throw error;
        report.unreadable.push(`${row.table} ${row.id} ${column}`);
        unreadable = true;
      }
    }
    const changed = Object.keys(data).length;
    if (unreadable || changed === 0) continue;
    // Compare-and-set: a webhook saved meanwhile is already under the current key; leave it.
    const where = { id: row.id, webhookUrl: row.webhookUrl, webhookSecret: row.webhookSecret };
    const { count } =
      row.table === "User"
        ? await db.user.updateMany({ where, data })
        : row.table === "Team"
          ? await db.team.updateMany({ where, data })
          : await db.eventSubscription.updateMany({
              where: { id: row.id, webhookUrl: row.webhookUrl ?? "", webhookSecret: row.webhookSecret ?? "" },
              data,
            });
    if (count === 1) {
      report.reencrypted += changed;
      report.plaintext += plaintext;
    } else report.current += changed;
  }
  return report;
}
