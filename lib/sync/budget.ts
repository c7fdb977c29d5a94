/**
 * Each person's sync has its own token bucket for everything Switchyard does in the background with
 * their token (listing, task reads, pull request tracking, the access refresh). Listing (what keeps
 * states fresh) always runs and spends from it, down to `listingDebtMinutes` of refill in debt; task
 * reads (sessions, usage) only spend what is left. So a person with thousands of moving tasks, or a
 * backfill after sign-in, never takes more than its share of their limit, and one person's burst
 * never touches another's (each bucket is theirs alone, as each GitHub limit is).
 *
 * The hourly rule: in any hour a person's background work spends at most `budgetShare` of their
 * limit. An hour's spend is its refill plus what the bucket held at the start (at most a full bucket)
 * minus what it holds at the end (at least minus the debt), so the bucket refills at the share less
 * its range: `share × limit / (60 + burst + debt)` a minute. With 9 % and ten minutes each, that is
 * 338 an hour steadily and 450 in an hour that starts full and ends in debt (bench:fleet measured
 * 12 % when the whole share refilled on top of the range). The one-time exceptions: a new person's
 * first grant is ten minutes of the whole share (75, 19 more than a full bucket), and a first sync
 * and the first success after an outage read everything but are charged down to the debt floor only
 * (lib/sync/sync-user.ts). 9 %, not the 10 % goal: cycles that run at once (a listing and a pull
 * request cycle) each decide from the bucket as it was when they started. An 8 % share with a
 * two-minute burst and 30 minutes of listing debt (tried for bench:fleet) left an active person's
 * listing spending every token, so task reads (errors, usage) waited for many minutes: the e2e
 * suite's launched task never got its error. A person's very first
 * cycle starts with ten minutes of the share, so signing in brings their first tasks' details at
 * once (a smaller grant left a launched task's error unread in lib/sync's tests).
 */
import type { PrismaClient } from "@/generated/prisma/client";

export type BudgetConfig = {
  /** Share of the person's hourly primary limit the background sync may spend. */
  budgetShare: number;
  /** Minutes of refill the bucket holds (the burst after a quiet spell or an outage). */
  budgetBurstMinutes: number;
  /** Minutes of refill listing may owe before it waits too. */
  listingDebtMinutes: number;
  /** Minutes of refill a person's very first cycle may spend (their first screenful of details). */
  budgetFirstMinutes: number;
};

export const DEFAULT_BUDGET: BudgetConfig = {
  budgetShare: 0.09,
  budgetBurstMinutes: 10,
  listingDebtMinutes: 10,
  budgetFirstMinutes: 10,
};

/** GitHub's primary limit for a user, when no response has told us theirs yet. */
export const DEFAULT_PRIMARY_LIMIT = 5_000;

export type Bucket = { tokens: number; capacity: number; perSecond: number; maxDebt: number };

/** The refill per second for a limit of one request an hour (see the hourly rule above). */
function refillPerLimitSecond(config: BudgetConfig): number {
  return config.budgetShare / (3600 + 60 * (config.budgetBurstMinutes + config.listingDebtMinutes));
}

/** A new person's first grant for a limit of one request an hour: minutes of the whole share. */
function firstGrantPerLimit(config: BudgetConfig): number {
  return (config.budgetShare / 60) * config.budgetFirstMinutes;
}

export function refillBucket(
  stored: { tokens: number | null; at: Date | null },
  limit: number | null,
  now: Date,
  config: BudgetConfig,
): Bucket {
  const perSecond = (limit ?? DEFAULT_PRIMARY_LIMIT) * refillPerLimitSecond(config);
  const capacity = perSecond * 60 * config.budgetBurstMinutes;
  const maxDebt = perSecond * 60 * config.listingDebtMinutes;
  if (stored.tokens === null || !stored.at)
    return {
      tokens: (limit ?? DEFAULT_PRIMARY_LIMIT) * firstGrantPerLimit(config),
      capacity,
      perSecond,
      maxDebt,
    };
  const elapsed = Math.max(0, (now.getTime() - stored.at.getTime()) / 1000);
  return { tokens: Math.min(capacity, stored.tokens + elapsed * perSecond), capacity, perSecond, maxDebt };
}

/**
 * Counted requests a listing cycle may send: down to the debt floor and no further. It runs only
 * with room for its probe and one page (see secondsUntilListingAllowed), so a cycle at the floor
 * never spends its probe without moving on.
 */
export function listingAllowance(bucket: Bucket): number {
  return Math.floor(bucket.tokens + bucket.maxDebt);
}

/** Seconds until the bucket has room above its debt floor for a probe and one page (0: now). */
export function secondsUntilListingAllowed(bucket: Bucket): number {
  const short = 2 - (bucket.tokens + bucket.maxDebt);
  return short > 0 ? short / bucket.perSecond : 0;
}

/**
 * Takes `spent` counted requests from a person's bucket, refilled to `now` first (refillBucket's
 * rule, in SQL): one statement, so the sync and the other jobs spending the same person's limit
 * never overwrite each other's charges.
 */
export async function chargeBudget(
  db: Pick<PrismaClient, "$executeRaw">,
  userId: string,
  spent: number,
  config: BudgetConfig = DEFAULT_BUDGET,
  now = new Date(),
): Promise<void> {
  if (spent <= 0) return;
  const first = refillBucket({ tokens: null, at: null }, null, now, config).tokens;
  // Refill per second for a limit of one request an hour; times each person's own limit.
  const share = refillPerLimitSecond(config);
  await db.$executeRaw`
    INSERT INTO "UserSyncState" ("userId", "syncBudget", "syncBudgetAt", "updatedAt")
    VALUES (${userId}, ${first - spent}, ${now}, now())
    ON CONFLICT ("userId") DO UPDATE SET "syncBudgetAt" = ${now}, "syncBudget" = (
      WITH b AS (SELECT COALESCE("UserSyncState"."rateLimit", ${DEFAULT_PRIMARY_LIMIT}::int) * ${share}::float8 AS rate)
      SELECT CASE WHEN "UserSyncState"."syncBudget" IS NULL OR "UserSyncState"."syncBudgetAt" IS NULL
               THEN COALESCE("UserSyncState"."rateLimit", ${DEFAULT_PRIMARY_LIMIT}::int) * ${firstGrantPerLimit(config)}::float8
               ELSE LEAST(b.rate * 60 * ${config.budgetBurstMinutes}::float8,
                          "UserSyncState"."syncBudget" + b.rate * GREATEST(0,
                            extract(epoch FROM ${now}::timestamptz)
                            - extract(epoch FROM "UserSyncState"."syncBudgetAt" AT TIME ZONE 'UTC')))
             END - ${spent}::float8
      FROM b)`;
}

/**
 * What every person's bucket holds now (refilled; negative while listing pays back a debt), and the
 * debt listing may run to. Work besides listing spends from these: backlog (old branches never looked
 * up) only while positive; keeping recent work fresh (a PR that may just have opened, a live PR's
 * re-read) may borrow half of listing's debt, leaving the other half for listing itself. Borrowing
 * is charged like any spend, so later refills repay it before backlog may spend again, and the
 * bucket's floor (minus the debt) bounds every hour (the hourly rule above).
 */
export async function budgetLevels(
  db: Pick<PrismaClient, "$queryRaw">,
  config: BudgetConfig = DEFAULT_BUDGET,
  now = new Date(),
): Promise<BudgetLevels> {
  const rows = await db.$queryRaw<
    { userId: string; tokens: number | null; at: Date | null; limit: number | null }[]
  >`SELECT "userId", "syncBudget" AS tokens, "syncBudgetAt" AS at, "rateLimit" AS limit FROM "UserSyncState"`;
  const buckets = new Map(
    rows.map((row) => [row.userId, refillBucket({ tokens: row.tokens, at: row.at }, row.limit, now, config)]),
  );
  const fresh = refillBucket({ tokens: null, at: null }, null, now, config);
  const allowance = (userId: string, urgent: boolean) => {
    const bucket = buckets.get(userId) ?? fresh;
    return Math.floor(bucket.tokens + (urgent ? bucket.maxDebt / 2 : 0));
  };
  return {
    allowance,
    blocked: (urgent) => [...buckets.keys()].filter((userId) => allowance(userId, urgent) < 1),
  };
}

export type BudgetLevels = {
  /** Counted requests this person's background work may still send (urgent: may borrow). */
  allowance: (userId: string, urgent: boolean) => number;
  /** People with nothing left to spend on such work. */
  blocked: (urgent: boolean) => string[];
};
