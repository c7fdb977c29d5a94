/**
 * Pull request tracking against the emulator and a real Postgres: tasks' artifacts resolve to their
 * PRs, idle cycles cost nothing (304s are free), changes show within a cycle, and finished PRs stop
 * costing requests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/sync-harness";
import { isolatedDatabase } from "@/test/isolated-database";
import { syncUserCycle } from "@/lib/sync/sync-user";
import { linkPull, refreshOutcomesCycle } from "./refresh";

let h: Harness;
let clock = Date.now();

beforeAll(async () => {
  h = await startHarness({ databaseUrl: await isolatedDatabase("outcomes"), emulator: { seedTasks: false } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.clearStore();
  await h.db.pullRequest.deleteMany();
  await h.db.pullRequestFeed.deleteMany();
  await h.control("POST", "/reset");
  clock = Date.now();
});

const later = (seconds: number) => new Date((clock += seconds * 1000));
const cycle = (seconds = 31) =>
  refreshOutcomesCycle({ db: h.db, clientFor: h.deps().clientFor }, { now: later(seconds) });
const counted = async () =>
  (await h.control<{ totals: { counted: number } }>("GET", "/counters")).totals.counted;
const resetCounters = () => h.control("POST", "/counters/reset");

const startTask = (login: string, repo: string, name: string, createPullRequest: boolean) =>
  h.startCompletingTask(login, repo, name, createPullRequest);

async function pullOf(taskId: string) {
  const link = await h.db.taskPullRequest.findFirst({ where: { taskId }, include: { pullRequest: true } });
  return link?.pullRequest ?? null;
}

describe("pull request tracking", () => {
  it("resolves artifacts, refreshes for free while idle, follows merges and stops reading finished PRs", async () => {
    const alice = await h.signIn("alice");
    const withPr = await startTask("alice", "web-storefront", "Tidy the cart", true);
    const second = await startTask("alice", "web-storefront", "Speed up search", true);
    const branchOnly = await startTask("alice", "web-storefront", "Try a new header", false);
    await h.control("POST", "/clock/advance", { seconds: 70 });
    expect((await syncUserCycle(h.deps(), alice)).status).toBe("ok");

    const first = await cycle(0);
    expect(first.linked).toBe(2);
    const pr = (await pullOf(withPr))!;
    const task = await h.db.task.findUniqueOrThrow({ where: { id: withPr } });
    expect(pr.id).toBe(task.pullRequestId);
    expect(pr).toMatchObject({
      state: "open",
      headRef: task.headRef,
      reviewDecision: "review_required",
      checksState: "none",
      workflowsAwaitingApproval: 1,
    });
    expect(pr.requestedReviewers).toEqual(["alice", "bob", "acme/web"]);
    expect(pr.htmlUrl).toBe(`${h.gh.url}/acme/web-storefront/pull/${pr.number}`);
    expect(await pullOf(branchOnly)).toBeNull();
    const lookup = await h.db.pullRequestLookup.findUniqueOrThrow({ where: { taskId: branchOnly } });
    expect(lookup.nextCheckAt).not.toBeNull();

    // Idle: every read is a conditional 304, which GitHub does not count.
    await resetCounters();
    const idle = await cycle();
    expect(idle.refreshed).toBe(2);
    expect(await counted()).toBe(0);

    // Approving the workflows and failing the checks shows on the next read of the PR.
    await h.control("POST", `/repos/acme/web-storefront/pulls/${pr.number}/checks`, {
      conclusion: "failure",
    });
    await h.control("POST", `/repos/acme/web-storefront/pulls/${pr.number}/reviews`, {
      login: "bob",
      state: "CHANGES_REQUESTED",
      body: "Keep the old discount rules",
    });
    await cycle();
    expect(await pullOf(withPr)).toMatchObject({
      checksState: "failure",
      checksFailing: 1,
      workflowsAwaitingApproval: 0,
      awaitingApprovalSince: null,
      reviewDecision: "changes_requested",
      requestedReviewers: ["alice", "acme/web"],
    });

    // A merge: the repository's feed notices it within one cycle; the change is reported once.
    await h.control("POST", `/repos/acme/web-storefront/pulls/${pr.number}/merge`, { login: "bob" });
    const merged = await cycle(1);
    expect(merged.changes).toEqual([{ pullRequestId: pr.id, before: "open", after: "merged" }]);
    const done = (await pullOf(withPr))!;
    expect(done.state).toBe("merged");
    expect(done.mergedAt).not.toBeNull();
    expect(done.nextRefreshAt).toBeNull();

    // Someone opens a PR for the branch-only task by hand: the feed links it.
    const task3 = await h.db.task.findUniqueOrThrow({ where: { id: branchOnly } });
    const { token } = await h.control<{ token: string }>("POST", "/tokens", { login: "bob", kind: "pat" });
    const opened = await fetch(`${h.gh.url}/repos/acme/web-storefront/pulls`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "New header", head: task3.headRef, base: task3.baseRef }),
    });
    expect(opened.status).toBe(201);
    const found = await cycle(1);
    expect(found.linked).toBe(1);
    expect((await pullOf(branchOnly))?.state).toBe("open");

    // Closing both remaining PRs: afterwards no request is made for them at all.
    const open = await h.db.pullRequest.findMany({ where: { state: "open" } });
    for (const p of open) await h.control("POST", `/repos/acme/web-storefront/pulls/${p.number}/close`);
    const closed = await cycle(1);
    expect(closed.changes.map((c) => c.after).sort()).toEqual(["closed", "closed"]);
    expect((await pullOf(second))?.state).toBe("closed");
    await resetCounters();
    const after = await cycle(3600);
    expect(after.refreshed).toBe(0);
    expect(after.feedsRead).toBe(0);
    const total = await h.control<{ totals: { total: number } }>("GET", "/counters");
    expect(total.totals.total).toBe(0);
  });

  it("links the same PR from many cycles at once without a unique-key failure", async () => {
    await h.signIn("alice");
    const taskId = await startTask("alice", "web-storefront", "Link me twice", true);
    await h.control("POST", "/clock/advance", { seconds: 70 });
    const alice = await h.db.user.findFirstOrThrow({ where: { login: "alice" } });
    expect((await syncUserCycle(h.deps(), alice.id)).status).toBe("ok");
    const task = await h.db.task.findUniqueOrThrow({ where: { id: taskId } });
    const now = new Date();
    const summary = {
      id: 987_654_321,
      number: 4242,
      title: "Link me twice",
      html_url: `${h.gh.url}/acme/web-storefront/pull/4242`,
      state: "open" as const,
      merged_at: null,
      closed_at: null,
      draft: false,
      updated_at: now.toISOString(),
      head: { ref: task.headRef!, sha: "a".repeat(40) },
      base: { ref: task.baseRef ?? "main", repo: { owner: { login: "acme" } } },
    };
    // Each in its own transaction, all at once: the lookup and the feeds of two workers.
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        h.db.$transaction((tx) => linkPull(tx, taskId, summary, task.repositoryId, now)),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await h.db.pullRequest.count({ where: { id: 987_654_321n } })).toBe(1);
    expect(await h.db.taskPullRequest.count({ where: { taskId } })).toBe(1);
  });

  it("spends only what each person's sync budget has left, and one person's backlog holds nobody back", async () => {
    await h.control("POST", "/tasks/bulk", {
      login: "alice",
      count: 150,
      repos: ["acme/web-storefront"],
      stateMix: { completed: 1 },
      seed: 15,
    });
    const alice = await h.signIn("alice");
    const bob = await h.signIn("bob");
    const bobTask = await startTask("bob", "web-storefront", "Bob's branch", false);
    await h.control("POST", "/clock/advance", { seconds: 70 });
    for (const user of [alice, alice, bob]) expect((await syncUserCycle(h.deps(), user)).status).toBe("ok");
    expect(await h.db.task.count({ where: { headRef: { not: null } } })).toBe(151);
    // Alice's 150 branches are old news (backlog); Bob's task moved a minute ago (urgent).
    const [aliceUser, bobUser] = await Promise.all(
      [alice, bob].map((id) => h.db.user.findUniqueOrThrow({ where: { id } })),
    );
    const makeBacklog = (except = "") =>
      h.db.task.updateMany({
        where: { creatorGithubId: aliceUser!.githubId, id: { not: except } },
        data: { githubUpdatedAt: new Date(Date.now() - 2 * 3600_000) },
      });
    await makeBacklog();
    const setBudget = (tokens: number) =>
      h.db.userSyncState.update({
        where: { userId: alice },
        data: { syncBudget: tokens, syncBudgetAt: new Date() },
      });
    const spent = async (user: { githubId: number | null }) =>
      (await h.control<{ countedByKey: Record<string, number> }>("GET", "/counters")).countedByKey[
        `user:${user.githubId}`
      ] ?? 0;

    // Her sync spent her bucket down to 5 requests: 5 of her branches are looked up, Bob's goes ahead.
    await setBudget(5);
    await resetCounters();
    await cycle(0);
    // Exactly the allowance, though lookups run 8 at a time: work in flight counts against it.
    const first = await spent(aliceUser!);
    expect(first).toBe(5);
    expect(await spent(bobUser!)).toBe(1);
    expect(await h.db.pullRequestLookup.count({ where: { taskId: bobTask } })).toBe(1);
    // What the cycle spent is charged to her bucket, so the next cycle sends nothing for her backlog.
    const state = await h.db.userSyncState.findUniqueOrThrow({ where: { userId: alice } });
    expect(state.syncBudget!).toBeLessThan(1);
    await cycle(120);
    expect(await spent(aliceUser!)).toBe(first);

    // A task she just started is urgent: it may borrow a little, while her backlog still waits.
    const fresh = await startTask("alice", "web-storefront", "Fresh branch", false);
    await h.control("POST", "/clock/advance", { seconds: 70 });
    expect((await syncUserCycle(h.deps(), alice)).status).toBe("ok");
    await makeBacklog(fresh); // the listing's overlap brought some of them back as just updated
    await setBudget(-10);
    const before = await spent(aliceUser!);
    await cycle(120);
    expect(await h.db.pullRequestLookup.count({ where: { taskId: fresh } })).toBe(1);
    expect(await spent(aliceUser!)).toBe(before + 1);
  });
});
