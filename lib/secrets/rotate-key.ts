/**
 * `npm run rotate-key`: brings every secret at rest to the keyring's current key — accounts' GitHub
 * access and refresh tokens, and webhook URLs and secrets — so a previous key can then be removed.
 * Safe while the app and workers run (they decrypt with any key of the ring), idempotent (values
 * already under the current key are left alone), and it never loses a concurrent change: an account
 * is re-encrypted under the same row lock the token provider holds while it refreshes, and a webhook
 * row only if it still holds what was read. Worker-safe module (no server-only).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { lockAccountTokens } from "@/lib/secrets/token-provider";
import { reencryptWebhookFields, type FieldReport } from "@/lib/secrets/webhook-secrets";
import {
  decryptSecret,
  encryptSecret,
  needsReencryption,
  SecretDecryptionError,
  secretContext,
  type Keyring,
} from "@/lib/secrets/token-cipher";

export type RotationReport = {
  accounts: { reencrypted: number; current: number; unreadable: string[] };
  webhooks: FieldReport;
};

const COLUMNS = ["access_token", "refresh_token"] as const;

export async function rotateSecrets(db: PrismaClient, keyring: Keyring): Promise<RotationReport> {
  const accounts: RotationReport["accounts"] = { reencrypted: 0, current: 0, unreadable: [] };
  const candidates = await db.account.findMany({
    where: { OR: [{ access_token: { not: null } }, { refresh_token: { not: null } }] },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  for (const { id } of candidates) {
    const outcome = await db.$transaction(
      async (tx) => {
        // The token provider's lock: a refresh in progress finishes first, and we re-encrypt its pair.
        const row = await lockAccountTokens(tx, id);
        if (!row) return "gone" as const;
        const stale = COLUMNS.filter((column) => row[column] && needsReencryption(row[column]!, keyring));
        if (stale.length === 0) return "current" as const;
        const data: Partial<Record<(typeof COLUMNS)[number], string>> = {};
        for (const column of stale) {
          const context = secretContext.accountToken(row.provider, row.providerAccountId, column);
          try {
            data[column] = encryptSecret(decryptSecret(row[column]!, keyring, context), keyring, context);
          } catch (error) {
            if (!(error instanceof SecretDecryptionError)) throw error;
            return "unreadable" as const;
          }
        }
        // The tokens themselves do not change: tokenVersion stays, so no refresh is disturbed.
        await tx.account.update({ where: { id }, data });
        return "reencrypted" as const;
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
    if (outcome === "reencrypted") accounts.reencrypted++;
    else if (outcome === "current") accounts.current++;
    else if (outcome === "unreadable") accounts.unreadable.push(`Account ${id}`);
  }
  return { accounts, webhooks: await reencryptWebhookFields(db, keyring) };
}
