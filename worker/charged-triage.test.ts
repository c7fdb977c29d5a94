/**
 * Triage's GitHub reads (CODEOWNERS) are background work done with a person's token: the worker
 * charges them to that person's budget (lib/sync/budget.ts), like their sync's own reads.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { refreshOutcomesCycle } from "@/lib/outcomes/refresh";
import { syncUserCycle } from "@/lib/sync/sync-user";
import { syncReviewItems } from "@/lib/triage/reviews";
import { isolatedDatabase } from "@/test/isolated-database";
import { startHarness, type Harness } from "@/test/sync-harness";
import { withChargedTriage } from "./tasks";

let h: Harness;
let alice: string;

beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await isolatedDatabase("charged_triage"),
    emulator: { seedTasks: false },
  });
  alice = await h.signIn("alice");
  await h.signIn("bob");
}, 60_000);
afterAll(async () => {
  await h?.close();
});

it("charges a review item's CODEOWNERS reads to the budget of the person whose token read them", async () => {
  await h.startCompletingTask("alice", "web-storefront", "Tidy the cart");
  await h.control("POST", "/clock/advance", { seconds: 70 });
  expect((await syncUserCycle(h.deps(), alice)).status).toBe("ok");
  await refreshOutcomesCycle({ db: h.db, clientFor: h.deps().clientFor });
  expect(await h.db.pullRequest.count()).toBe(1);

  const budget = async () =>
    (await h.db.userSyncState.findUniqueOrThrow({ where: { userId: alice } })).syncBudget!;
  const before = await budget();
  const deps = { ...h.deps(), db: h.db };
  const run = await withChargedTriage(deps, { db: h.db, appUrl: "http://switchyard.test" }, syncReviewItems);
  expect(run.opened).toBe(1);
  const item = await h.db.triageItem.findFirstOrThrow();
  expect(item.ownerReason).toBe("CODEOWNERS: @acme/web");
  // Alice has the task there, so her token read CODEOWNERS (at least one counted read), and paid
  // for it; a second pass reads the cache and costs nothing.
  const after = await budget();
  expect(after).toBeLessThan(before - 0.5);
  await withChargedTriage(deps, { db: h.db, appUrl: "http://switchyard.test" }, syncReviewItems);
  expect(await budget()).toBeGreaterThanOrEqual(after);
}, 60_000);
