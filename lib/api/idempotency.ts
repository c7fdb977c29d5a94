import "server-only";
/**
 * Idempotency-Key for POSTs (per token). The first request with a key claims it with an INSERT …
 * ON CONFLICT DO NOTHING (exactly one wins, however many arrive at once) and stores its answer;
 * a later request with the same key and body, within 24 h, gets that answer again and runs nothing;
 * with another body it is refused (422). Requests arriving while the first still runs wait for its
 * answer. An answer that changed nothing and may be worth repeating (rate limited, GitHub
 * unavailable, our bug) releases the key, so a retry runs again.
 */
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";

export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;
const WAIT_MS = 30_000;
const POLL_MS = 100;
const KEY = /^[\x21-\x7e]{1,255}$/;

export type StoredAnswer = { status: number; body: unknown };
export type IdempotentAnswer = (StoredAnswer & { replayed: boolean }) | { mismatch: true } | { busy: true };

export function isValidIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}

export function requestHash(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method}\n${path}\n${body}`).digest("hex");
}

/** Statuses whose request changed nothing and may be tried again: they release the key. */
const RETRYABLE = new Set([429, 500, 503]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function idempotent(
  db: PrismaClient,
  scope: { tokenId: string; key: string; hash: string },
  run: () => Promise<StoredAnswer>,
): Promise<IdempotentAnswer> {
  const { tokenId, key, hash } = scope;
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    // A key older than the window is free again.
    await db.apiIdempotentRequest.deleteMany({
      where: { tokenId, key, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } },
    });
    const claimed = await db.$executeRaw`
      INSERT INTO "ApiIdempotentRequest" ("tokenId", key, "requestHash")
      VALUES (${tokenId}, ${key}, ${hash})
      ON CONFLICT ("tokenId", key) DO NOTHING`;
    if (claimed === 1) {
      let answer: StoredAnswer;
      try {
        answer = await run();
      } catch (error) {
        await db.apiIdempotentRequest.deleteMany({ where: { tokenId, key } });
        throw error;
      }
      if (RETRYABLE.has(answer.status)) await db.apiIdempotentRequest.deleteMany({ where: { tokenId, key } });
      else
        await db.apiIdempotentRequest.update({
          where: { tokenId_key: { tokenId, key } },
          data: { completedAt: new Date(), status: answer.status, response: answer.body as object },
        });
      return { ...answer, replayed: false };
    }
    const existing = await db.apiIdempotentRequest.findUnique({
      where: { tokenId_key: { tokenId, key } },
      select: { requestHash: true, status: true, response: true },
    });
    if (!existing) continue;
    if (existing.requestHash !== hash) return { mismatch: true };
    if (existing.status !== null) return { status: existing.status, body: existing.response, replayed: true };
    await sleep(POLL_MS);
  }
  return { busy: true };
}
