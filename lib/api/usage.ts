import "server-only";
/**
 * Per-token use, one row per token per minute (ApiTokenUsage): it is both the rate limit's window
 * and the record of reads. Writes each leave a full audit record (the operation's); reads are only
 * counted here, since a polling bot would otherwise write an audit row per request. `lastUsedAt` is
 * updated at most every 10 seconds for the same reason.
 */
import type { PrismaClient } from "@/generated/prisma/client";

/** Requests per token per minute (reads and writes together). */
export const RATE_LIMIT_PER_MINUTE = 120;
const WINDOW_SECONDS = 60;

export type RateState = { limit: number; remaining: number; resetSeconds: number; exceeded: boolean };

/** Counts one request of `kind` in this minute's window and says whether the token is over its limit. */
export async function countRequest(
  db: PrismaClient,
  tokenId: string,
  kind: "reads" | "writes" | "refused",
  now = new Date(),
): Promise<RateState> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const [reads, writes, refused] = [
    kind === "reads" ? 1 : 0,
    kind === "writes" ? 1 : 0,
    kind === "refused" ? 1 : 0,
  ];
  const [row] = await db.$queryRaw<{ total: number }[]>`
    INSERT INTO "ApiTokenUsage" ("tokenId", minute, reads, writes, refused)
    VALUES (${tokenId}, ${minute}, ${reads}, ${writes}, ${refused})
    ON CONFLICT ("tokenId", minute) DO UPDATE SET
      reads = "ApiTokenUsage".reads + EXCLUDED.reads,
      writes = "ApiTokenUsage".writes + EXCLUDED.writes,
      refused = "ApiTokenUsage".refused + EXCLUDED.refused
    RETURNING (reads + writes + refused)::int AS total`;
  await db.$executeRaw`
    UPDATE "ApiToken" SET "lastUsedAt" = ${now}
    WHERE id = ${tokenId} AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${new Date(now.getTime() - 10_000)})`;
  const total = row?.total ?? 1;
  const resetSeconds = Math.max(1, WINDOW_SECONDS - Math.floor((now.getTime() - minute.getTime()) / 1000));
  return {
    limit: RATE_LIMIT_PER_MINUTE,
    remaining: Math.max(0, RATE_LIMIT_PER_MINUTE - total),
    resetSeconds,
    exceeded: total > RATE_LIMIT_PER_MINUTE,
  };
}

/** The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers): the policy and where it stands. */
export function rateLimitHeaders(state: RateState): Record<string, string> {
  return {
    "ratelimit-policy": `"per-token";q=${state.limit};w=${WINDOW_SECONDS}`,
    ratelimit: `"per-token";r=${state.remaining};t=${state.resetSeconds}`,
  };
}
