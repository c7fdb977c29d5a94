/**
 * Review items against the emulator and a real Postgres: a completed task's open pull request opens
 * one review item routed by CODEOWNERS, whatever races; merging or closing the PR resolves it exactly
 * once (two workers' refresh cycles at once); Request changes starts a follow-up task on the PR's
 * branch through the one start path; the review SLA escalates. Also: two cycles linking the same PR
 * at once both succeed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeAudit } from "@/lib/audit";
import { refreshOutcomesCycle } from "@/lib/outcomes/refresh";
import { withUserClient } from "@/lib/sync/common";
import { syncUserCycle } from "@/lib/sync/sync-user";
import { isolatedDatabase } from "@/test/isolated-database";
import { startHarness, type Harness } from "@/test/sync-harness";
import { applyStateChangeToTriage, escalateOverdue, type TriageDeps } from "./lifecycle";
import { retryTriageItems } from "./operations";
import { syncReviewItems } from "./reviews";

let h: Harness;
let alice: string;
let bob: string;
let clock = Date.now();

beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await isolatedDatabase("triage_reviews"),
    emulator: { seedTasks: false },
  });
  alice = await h.signIn("alice");
  bob = await h.signIn("bob");
}, 60_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.clearStore();
  await h.db.pullRequest.deleteMany();
  await h.db.pullRequestFeed.deleteMany();
  await h.db.slaTarget.deleteMany();
  await h.db.auditEvent.deleteMany();
  await h.db.notification.deleteMany();
  await h.db.event.deleteMany();
  await h.control("POST", "/reset");
  // A reset forgets the emulator's tokens: sign in again.
  alice = await h.signIn("alice");
  bob = await h.signIn("bob");
  clock = Date.now();
});

const later = (seconds: number) => new Date((clock += seconds * 1000));
const outcomes = (seconds = 31) =>
  refreshOutcomesCycle({ db: h.db, clientFor: h.deps().clientFor }, { now: later(seconds) });
const triage = (now = new Date(clock)): TriageDeps => ({
  db: h.db,
  appUrl: "http://switchyard.test",
  clientForRepository: async () => h.deps().clientFor(alice, { forceRefresh: false }),
  now: () => now,
});

/** Starts a task on GitHub as alice that completes with a pull request, and syncs it. */
async function completedTaskWithPull(repo: string, name: string) {
  const taskId = await h.startCompletingTask("alice", repo, name);
  await h.control("POST", "/clock/advance", { seconds: 70 });
  expect((await syncUserCycle(h.deps(), alice)).status).toBe("ok");
  // Everyone here sees every repository (who sees what is lib/visibility's test).
  await h.db.$executeRaw`
    INSERT INTO "RepositoryAccess" ("userId", "repositoryId")
    SELECT u.id, r.id FROM "User" u CROSS JOIN "Repository" r ON CONFLICT DO NOTHING`;
  return taskId;
}

async function pullOf(taskId: string) {
  const link = await h.db.taskPullRequest.findFirstOrThrow({
    where: { taskId },
    include: { pullRequest: true },
  });
  return link.pullRequest;
}

const audits = (action: string) => h.db.auditEvent.findMany({ where: { action } });

describe("review items", () => {
  it("opens one item per open PR of a completed task, routed by CODEOWNERS, even with two workers", async () => {
    const taskId = await completedTaskWithPull("web-storefront", "Tidy the cart");
    // Two cycles link the same PR at the same moment: both succeed, one row.
    await Promise.all([outcomes(0), outcomes(0)]);
    const pull = await pullOf(taskId);
    expect(await h.db.pullRequest.count()).toBe(1);
    expect(await h.db.taskPullRequest.count({ where: { taskId } })).toBe(1);

    const runs = await Promise.all([syncReviewItems(triage()), syncReviewItems(triage())]);
    expect(runs.reduce((sum, run) => sum + run.opened, 0)).toBe(1);
    const items = await h.db.triageItem.findMany({ include: { ownerTeam: true } });
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toMatchObject({
      kind: "review",
      taskId,
      pullRequestId: pull.id,
      openedByChangeId: null,
      state: "completed",
      status: "open",
      ownerReason: "CODEOWNERS: @acme/web",
    });
    expect(item.ownerTeam?.name).toBe("acme/web");
    // The review SLA's default: 24 hours.
    expect(item.slaDueAt.getTime() - item.openedAt.getTime()).toBe(24 * 3600_000);
    expect(await audits("triage.review_opened")).toHaveLength(1);
    const bell = await h.db.notification.findMany({ where: { userId: bob } });
    expect(bell.map((n) => [n.kind, n.title])).toEqual([["opened", "Needs review: Tidy the cart"]]);
    // Announced to subscriptions and webhooks too (publishEvent), with the item's kind.
    const published = await h.db.event.findMany({ where: { type: "triage.opened" } });
    expect(published.map((e) => (e.data as { itemKind?: string }).itemKind)).toEqual(["review"]);

    // Again, and again after a restart: nothing more.
    expect(await syncReviewItems(triage())).toEqual({ opened: 0, resolved: 0 });
    expect(await h.db.triageItem.count()).toBe(1);
  });

  it("resolves when the PR is merged, exactly once when two refresh cycles see it", async () => {
    const taskId = await completedTaskWithPull("web-storefront", "Speed up search");
    await outcomes(0);
    await syncReviewItems(triage());
    const pull = await pullOf(taskId);

    await h.control("POST", `/repos/acme/web-storefront/pulls/${pull.number}/merge`, { login: "bob" });
    const worker = async () => {
      await outcomes(1);
      return syncReviewItems(triage());
    };
    const runs = await Promise.all([worker(), worker()]);
    expect(runs.reduce((sum, run) => sum + run.resolved, 0)).toBe(1);
    const item = await h.db.triageItem.findFirstOrThrow({ where: { pullRequestId: pull.id } });
    expect(item).toMatchObject({ status: "resolved", resolution: "merged" });
    expect(item.resolvedAt).not.toBeNull();
    const records = await audits("triage.review_merged");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ targetType: "triage_item", targetId: item.id });
    const resolved = await h.db.notification.findMany({ where: { userId: bob, kind: "resolved" } });
    expect(resolved.map((n) => n.title)).toEqual(["Review done: Speed up search"]);

    // A merged PR opens nothing new.
    expect(await syncReviewItems(triage())).toEqual({ opened: 0, resolved: 0 });
  });

  it("resolves as closed when the PR is closed without merging", async () => {
    const taskId = await completedTaskWithPull("web-storefront", "Try a new header");
    await outcomes(0);
    await syncReviewItems(triage());
    const pull = await pullOf(taskId);
    await h.control("POST", `/repos/acme/web-storefront/pulls/${pull.number}/close`);
    await outcomes(1);
    expect(await syncReviewItems(triage())).toEqual({ opened: 0, resolved: 1 });
    const item = await h.db.triageItem.findFirstOrThrow({ where: { pullRequestId: pull.id } });
    expect(item).toMatchObject({ status: "resolved", resolution: "closed" });
    expect(await audits("triage.review_closed")).toHaveLength(1);
  });

  it("requests changes through the agent: a follow-up task on the PR's branch, linked to the item", async () => {
    const taskId = await completedTaskWithPull("web-storefront", "Rename the basket");
    await outcomes(0);
    await syncReviewItems(triage());
    const pull = await pullOf(taskId);
    const item = await h.db.triageItem.findFirstOrThrow({ where: { pullRequestId: pull.id } });
    const acting = {
      db: h.db,
      user: { id: bob, login: "bob", role: "member" as const },
      withClient: <T>(work: Parameters<typeof withUserClient<T>>[2]) => withUserClient(h.deps(), bob, work),
    };
    const record = (tx: Parameters<typeof writeAudit>[0], fields: Record<string, unknown> = {}) =>
      writeAudit(tx, { action: "test", actorId: bob, actorLogin: "bob", ...fields });

    // A review item has no retries; a failure item has no review.
    const wrong = await retryTriageItems(acting, { itemIds: [item.id], mode: "retry" }, record);
    expect(wrong).toMatchObject({ ok: false });
    expect(!wrong.ok && wrong.message).toContain("request changes through the agent instead");

    const words = "Keep the old discount rules, and name it cart everywhere.";
    const result = await retryTriageItems(
      acting,
      { itemIds: [item.id], mode: "request_changes", prompt: words },
      record,
    );
    if (!result.ok) throw new Error(result.message);
    const nextTaskId = result.data.started[0]!.taskId;
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).nextTaskId).toBe(nextTaskId);
    // On GitHub: a task on the same branch and base, with the reviewer's words.
    const session = h.gh.state.store.tasksById.get(nextTaskId)!.sessions[0]!;
    expect(session.headRef).toBe(pull.headRef);
    expect(session.baseRef).toBe(pull.baseRef);
    expect(session.createsBranch).toBe(false);
    expect(session.prompt).toContain(words);
    expect(session.prompt).toContain(`pull request #${pull.number}`);
    const launch = await h.db.launch.findFirstOrThrow({ where: { taskId: nextTaskId } });
    expect(launch).toMatchObject({ kind: "follow_up", previousTaskId: taskId, userId: bob });
    const records = await audits("triage.request_changes");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ targetId: item.id, actorId: bob });

    // The follow-up completing does not close the review: the PR still awaits its reviewer.
    await applyStateChangeToTriage(triage(), {
      changeId: 999_999n,
      taskId: nextTaskId,
      fromState: "in_progress",
      toState: "completed",
      githubUpdatedAt: new Date(),
      observedAt: new Date(),
      observedVia: "test",
    });
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("open");
  });

  it("escalates past the review SLA set in Settings: to the team, then to the launcher", async () => {
    await h.db.slaTarget.create({ data: { state: "completed", minutes: 60 } });
    const taskId = await completedTaskWithPull("checkout-api", "Retry idempotency keys");
    await outcomes(0);
    const opened = new Date(clock);
    await syncReviewItems(triage(opened));
    const item = await h.db.triageItem.findFirstOrThrow({ where: { taskId } });
    expect(item.slaDueAt.getTime() - opened.getTime()).toBe(60 * 60_000);

    const at = (minutes: number) => triage(new Date(opened.getTime() + minutes * 60_000));
    expect((await escalateOverdue(at(59))).escalated).toBe(0);
    expect((await escalateOverdue(at(61))).escalated).toBe(1);
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).escalationLevel).toBe(1);
    expect((await escalateOverdue(at(62))).escalated).toBe(0);
    expect((await escalateOverdue(at(121))).escalated).toBe(1);
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).escalationLevel).toBe(2);
    const escalations = await h.db.notification.findMany({ where: { kind: "escalated" } });
    expect(escalations.length).toBeGreaterThan(0);
    expect(escalations.every((n) => n.title.startsWith("Review escalated:"))).toBe(true);
  });
});
