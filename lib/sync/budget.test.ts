/**
 * The per-person budget bucket against a real Postgres: a charge refills first (the same rule as
 * refillBucket), never goes past the bucket's size, starts a new person at their first grant, and
 * charges made at once by several jobs all count; over an hour, listing, task reads and pull request
 * tracking together spend at most the person's share of their limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/sync-harness";
import { isolatedDatabase } from "@/test/isolated-database";
import {
  budgetLevels,
  chargeBudget,
  DEFAULT_BUDGET,
  listingAllowance,
  refillBucket,
  secondsUntilListingAllowed,
} from "./budget";

let h: Harness;
let alice: string;

beforeAll(async () => {
  h = await startHarness({ databaseUrl: await isolatedDatabase("budget"), emulator: { seedTasks: false } });
  alice = await h.signIn("alice");
});
afterAll(async () => {
  await h?.close();
});

const stored = async () => {
  const state = await h.db.userSyncState.findUniqueOrThrow({ where: { userId: alice } });
  return { tokens: state.syncBudget, at: state.syncBudgetAt };
};
const set = (tokens: number | null, at: Date | null, rateLimit: number | null = 5_000) =>
  h.db.userSyncState.upsert({
    where: { userId: alice },
    create: { userId: alice, syncBudget: tokens, syncBudgetAt: at, rateLimit },
    update: { syncBudget: tokens, syncBudgetAt: at, rateLimit },
  });

describe("the background budget", () => {
  const { perSecond } = refillBucket({ tokens: null, at: null }, 5_000, new Date(), DEFAULT_BUDGET);

  it("refills to now, then takes the charge", async () => {
    const now = new Date();
    await set(10, new Date(now.getTime() - 60_000));
    await chargeBudget(h.db, alice, 3, DEFAULT_BUDGET, now);
    const after = await stored();
    expect(after.tokens).toBeCloseTo(10 + 60 * perSecond - 3, 6);
    expect(after.at?.getTime()).toBe(now.getTime());
    // The same as the rule the cycles decide with.
    expect(after.tokens).toBeCloseTo(
      refillBucket({ tokens: 10, at: new Date(now.getTime() - 60_000) }, 5_000, now, DEFAULT_BUDGET).tokens -
        3,
      6,
    );
  });

  it("never refills past the bucket, and starts a new person at their first grant", async () => {
    const now = new Date();
    await set(0, new Date(now.getTime() - 24 * 3600_000));
    await chargeBudget(h.db, alice, 1, DEFAULT_BUDGET, now);
    expect((await stored()).tokens).toBeCloseTo(perSecond * 60 * DEFAULT_BUDGET.budgetBurstMinutes - 1, 6);
    await set(null, null, null);
    await chargeBudget(h.db, alice, 5, DEFAULT_BUDGET, now);
    const firstGrant = ((5_000 * DEFAULT_BUDGET.budgetShare) / 60) * DEFAULT_BUDGET.budgetFirstMinutes;
    expect((await stored()).tokens).toBeCloseTo(firstGrant - 5, 6);
  });

  it("counts every charge made at once, and budgetLevels reads what is left", async () => {
    const now = new Date();
    await set(50, now);
    await Promise.all(Array.from({ length: 20 }, () => chargeBudget(h.db, alice, 2, DEFAULT_BUDGET, now)));
    expect((await stored()).tokens).toBeCloseTo(10, 6);
    const levels = await budgetLevels(h.db, DEFAULT_BUDGET, now);
    expect(levels.allowance(alice, false)).toBe(10);
    expect(levels.blocked(false)).not.toContain(alice);
    await chargeBudget(h.db, alice, 10, DEFAULT_BUDGET, now);
    expect((await budgetLevels(h.db, DEFAULT_BUDGET, now)).blocked(false)).toContain(alice);
  });

  it("holds listing, task reads and pull request tracking to the share over an hour, through a burst of finished tasks", async () => {
    const start = new Date(Date.now() - 3600_000);
    // The worst hour: it starts with a full bucket (a quiet spell before it).
    await set(refillBucket({ tokens: 0, at: start }, 5_000, start, DEFAULT_BUDGET).capacity, start);
    let spent = 0;
    const spend = async (requests: number, now: Date) => {
      if (requests <= 0) return;
      spent += requests;
      await chargeBudget(h.db, alice, requests, DEFAULT_BUDGET, now);
    };
    for (let second = 0; second < 3600; second += 10) {
      const now = new Date(start.getTime() + second * 1000);
      // Listing every 10 s, as sync-user decides it: a busy list (a probe and three pages wanted),
      // then task reads from what is left.
      const bucket = refillBucket(await stored(), 5_000, now, DEFAULT_BUDGET);
      if (secondsUntilListingAllowed(bucket) === 0) {
        const listing = Math.min(4, listingAllowance(bucket));
        const reads = Math.min(20, Math.max(0, Math.floor(bucket.tokens - listing)));
        await spend(listing + reads, now);
      }
      // Pull request tracking every 20 s: the first ten minutes, forty just-finished tasks a cycle
      // (urgent: they may borrow); then forty old branches (backlog).
      if (second % 20 === 0) {
        const levels = await budgetLevels(h.db, DEFAULT_BUDGET, now);
        await spend(Math.min(40, Math.max(0, levels.allowance(alice, second < 600))), now);
      }
    }
    const share = 5_000 * DEFAULT_BUDGET.budgetShare;
    expect(spent).toBeLessThanOrEqual(share);
    // Demand exceeded the share all hour, so the bucket was used, not left idle.
    expect(spent).toBeGreaterThan(share * 0.95);
  });
});
