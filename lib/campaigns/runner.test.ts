/**
 * The campaign runner against the emulator and a database of its own: paced starts, the canary
 * wave, the failure-rate pause, and exactly-once starts when responses are lost or a runner dies
 * between the intent and the POST's answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isolatedDatabase } from "@/test/isolated-database";
import { startHarness, type Harness } from "@/test/sync-harness";
import { syncUserCycle } from "@/lib/sync/sync-user";
import { recordLaunchIntent } from "@/lib/tasks/launches";
import { applyBudgets } from "./budget";
import { runCampaignSlice, type RunnerDeps } from "./runner";

let h: Harness;
let alice: string;
let deps: RunnerDeps;

beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await isolatedDatabase("campaign_runner"),
    emulator: { seedTasks: false, speed: 1000 },
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.control("POST", "/reset");
  await h.db
    .$executeRaw`TRUNCATE "CampaignTarget", "Campaign", "Launch", "TaskStateChange", "TaskSession", "Task", "RepositoryPolicy" CASCADE`;
  alice = await h.signIn("alice");
  deps = {
    ...h.deps("runner-test"),
    campaignConfig: { reconcileAfterMs: 0, recheckMs: 50, maxInlineWaitMs: 200, sliceMs: 5_000 },
  };
});

const REPOS = ["checkout-api", "web-storefront", "design-system", "docs-site", "inventory-service"];

async function campaign(options: {
  repos?: string[];
  prompt?: (repo: string) => string;
  canarySize?: number;
  canarySuccessThreshold?: number | null;
  failurePauseThreshold?: number | null;
  failurePauseMinFinished?: number;
  createPullRequest?: boolean;
}) {
  const template = await h.db.template.upsert({
    where: { slug: "runner-test" },
    create: { slug: "runner-test", name: "Runner test" },
    update: {},
  });
  const version = await h.db.templateVersion.upsert({
    where: { templateId_version: { templateId: template.id, version: 1 } },
    create: { templateId: template.id, version: 1, body: "x" },
    update: {},
  });
  const repos = options.repos ?? REPOS;
  return h.db.campaign.create({
    data: {
      name: "Runner test",
      templateVersionId: version.id,
      createdById: alice,
      launchedById: alice,
      launchedByLogin: "alice",
      status: "running",
      startsPerMinute: 600,
      maxInFlight: 50,
      createPullRequest: options.createPullRequest ?? false,
      canarySize: options.canarySize ?? null,
      canarySuccessThreshold: options.canarySuccessThreshold ?? null,
      failurePauseThreshold: options.failurePauseThreshold ?? null,
      failurePauseMinFinished: options.failurePauseMinFinished ?? 5,
      targets: {
        create: repos.map((name, position) => ({
          owner: "acme",
          name,
          position,
          canary: position < (options.canarySize ?? 0),
          prompt: options.prompt?.(name) ?? `Runner test on ${name} [emulator:outcome=completed]`,
        })),
      },
    },
  });
}

/** Tasks the emulator holds per repository for prompts starting with `prefix`. */
function tasksOnGitHub(prefix: string) {
  const perRepo = new Map<number, number>();
  for (const task of h.gh.state.store.tasksByCreator.get("alice") ?? [])
    if (task.sessions[0]?.prompt.startsWith(prefix))
      perRepo.set(task.repoId, (perRepo.get(task.repoId) ?? 0) + 1);
  return perRepo;
}

async function targets(campaignId: string) {
  return h.db.campaignTarget.findMany({ where: { campaignId }, orderBy: { position: "asc" } });
}

/** Let the emulator's tasks finish, and the store learn it. */
async function settle() {
  await h.control("POST", "/clock/advance", { seconds: 600 });
  await syncUserCycle(deps, alice);
}

describe("campaign runner", () => {
  it("starts every target once under the launcher's identity, records provenance, then completes", async () => {
    const c = await campaign({});
    const report = await runCampaignSlice(deps, c.id);
    expect(report.started).toBe(REPOS.length);
    const rows = await targets(c.id);
    expect(rows.every((t) => t.status === "started" && t.taskId)).toBe(true);
    expect([...tasksOnGitHub("Runner test").values()]).toEqual(REPOS.map(() => 1));
    const tasks = await h.db.task.findMany({ where: { campaignId: c.id } });
    expect(tasks).toHaveLength(REPOS.length);
    expect(tasks.every((t) => t.templateVersionId === c.templateVersionId)).toBe(true);
    const launches = await h.db.launch.findMany({ where: { campaignId: c.id } });
    expect(launches.every((l) => l.kind === "campaign" && l.userId === alice && l.status === "started")).toBe(
      true,
    );
    expect(
      await h.db.auditEvent.count({ where: { action: "campaign.task_start", outcome: "started" } }),
    ).toBe(REPOS.length);

    await settle();
    const done = await runCampaignSlice(deps, c.id);
    expect(done.status).toBe("completed");
    expect(done.nextRunAt).toBeNull();
  });

  it("never starts twice when create responses are lost: settles them against GitHub", async () => {
    await h.control("POST", "/faults", {
      type: "drop_response",
      method: "POST",
      path: "/agents/repos/*/*/tasks",
      count: 2,
    });
    const c = await campaign({});
    const first = await runCampaignSlice(deps, c.id);
    expect(first.unknown).toBe(2);
    // Settled against GitHub (in this slice or the next) instead of being started again.
    const second = await runCampaignSlice(deps, c.id);
    expect(first.reconciled + second.reconciled).toBe(2);
    const rows = await targets(c.id);
    expect(rows.map((t) => t.status)).toEqual(REPOS.map(() => "started"));
    expect([...tasksOnGitHub("Runner test").values()]).toEqual(REPOS.map(() => 1));
    // One POST per target: reconciliation found the tasks instead of starting them again.
    expect(await h.db.launch.count({ where: { campaignId: c.id } })).toBe(REPOS.length);
  });

  it("settles a start left behind by a runner that died, whether or not its POST reached GitHub", async () => {
    const c = await campaign({ repos: ["checkout-api", "web-storefront"] });
    const [reached, lost] = await targets(c.id);
    // Died after the POST reached GitHub: intent written, task exists, nothing recorded.
    for (const target of [reached!, lost!]) {
      await h.db.campaignTarget.update({ where: { id: target.id }, data: { status: "starting" } });
      await recordLaunchIntent(h.db, {
        userId: alice,
        githubLogin: "alice",
        params: { owner: "acme", repo: target.name, prompt: target.prompt! },
        kind: "campaign",
        provenance: { campaignId: c.id, campaignTargetId: target.id },
      });
    }
    const { token } = await h.control<{ token: string }>("POST", "/tokens", { login: "alice", kind: "pat" });
    const created = await fetch(`${h.gh.url}/agents/repos/acme/checkout-api/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "user-agent": "test", "content-type": "application/json" },
      body: JSON.stringify({ prompt: reached!.prompt, create_pull_request: false }),
    });
    expect(created.status).toBe(201);
    const createdId = ((await created.json()) as { id: string }).id;

    await runCampaignSlice(deps, c.id);
    const rows = await targets(c.id);
    expect(rows[0]).toMatchObject({ status: "started", taskId: createdId });
    expect(rows[1]!.status).toBe("started");
    expect([...tasksOnGitHub("Runner test").values()]).toEqual([1, 1]);
    expect(
      await h.db.launch.count({ where: { campaignTargetId: reached!.id } }),
      "the reached one is never posted again",
    ).toBe(1);
    expect(
      await h.db.launch.findMany({
        where: { campaignTargetId: lost!.id },
        select: { status: true, errorKind: true },
      }),
    ).toEqual(
      expect.arrayContaining([
        { status: "failed", errorKind: "not_started" },
        { status: "started", errorKind: null },
      ]),
    );
  });

  it("starts the canary wave, waits for approval, then the rest", async () => {
    const c = await campaign({ canarySize: 1 });
    let report = await runCampaignSlice(deps, c.id);
    expect(report.started).toBe(1);
    expect((await h.db.campaign.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("canary_wait");
    await settle();
    report = await runCampaignSlice(deps, c.id);
    expect(report.started).toBe(0);
    expect(report.status).toBe("canary_wait");

    await h.db.campaign.update({
      where: { id: c.id },
      data: { status: "running", canaryApprovedAt: new Date() },
    });
    report = await runCampaignSlice(deps, c.id);
    expect(report.started).toBe(REPOS.length - 1);
  });

  it("continues by itself when the canary meets its success threshold, pauses when it does not", async () => {
    const good = await campaign({ canarySize: 2, canarySuccessThreshold: 1 });
    await runCampaignSlice(deps, good.id);
    await settle();
    const report = await runCampaignSlice(deps, good.id);
    expect(report.started).toBe(REPOS.length - 2);
    const after = await h.db.campaign.findUniqueOrThrow({ where: { id: good.id } });
    expect(after.canaryApprovedAt).not.toBeNull();

    const bad = await campaign({
      repos: ["fraud-detector", "recommendations", "search-indexer"],
      canarySize: 1,
      canarySuccessThreshold: 1,
      prompt: (repo) => `Canary fails on ${repo} [emulator:outcome=failed]`,
    });
    await runCampaignSlice(deps, bad.id);
    await settle();
    await runCampaignSlice(deps, bad.id);
    const paused = await h.db.campaign.findUniqueOrThrow({ where: { id: bad.id } });
    expect(paused.status).toBe("paused");
    expect(paused.pausedReason).toMatch(/Canary wave below its success threshold: 0 of 1/);
    expect(await h.db.campaignTarget.count({ where: { campaignId: bad.id, status: "pending" } })).toBe(2);
  });

  it("pauses itself when too many finished tasks fail, and resuming does not pause again for the same failures", async () => {
    const c = await campaign({
      failurePauseThreshold: 0.5,
      failurePauseMinFinished: 2,
      prompt: (repo) =>
        repo === "docs-site" || repo === "inventory-service"
          ? `Runner test on ${repo} [emulator:outcome=completed]`
          : `Runner test on ${repo} [emulator:outcome=failed]`,
    });
    await h.db.campaign.update({ where: { id: c.id }, data: { maxInFlight: 2 } });
    await runCampaignSlice(deps, c.id);
    expect(await h.db.campaignTarget.count({ where: { campaignId: c.id, status: "started" } })).toBe(2);
    await settle();
    await runCampaignSlice(deps, c.id);
    const paused = await h.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
    expect(paused.status).toBe("paused");
    expect(paused.pausedReason).toMatch(/2 of 2 finished tasks failed/);

    await h.db.campaign.update({ where: { id: c.id }, data: { status: "running", pausedReason: null } });
    const report = await runCampaignSlice(deps, c.id);
    expect(report.started).toBeGreaterThan(0);
  });

  it("a branch-only policy turns the pull request off, whatever the campaign says", async () => {
    await h.db.repositoryPolicy.create({ data: { pattern: "acme/checkout-*", pullRequests: "branch_only" } });
    const c = await campaign({ repos: ["checkout-api", "web-storefront"], createPullRequest: true });
    await runCampaignSlice(deps, c.id);
    const launches = await h.db.launch.findMany({ where: { campaignId: c.id }, orderBy: { repo: "asc" } });
    expect(launches.map((l) => [l.repo, l.createPullRequest])).toEqual([
      ["checkout-api", false],
      ["web-storefront", true],
    ]);
    expect(launches[0]!.policyNotes[0]).toMatch(/branch-only/);
    const onGitHub = (h.gh.state.store.tasksByCreator.get("alice") ?? []).map((t) => t.createPullRequest);
    expect(onGitHub.sort()).toEqual([false, true]);
  });

  it("backs off on GitHub's secondary rate limit without failing targets", async () => {
    await h.control("PATCH", "/settings", { secondaryCreateLimitPerMinute: 2 });
    const c = await campaign({});
    const report = await runCampaignSlice(deps, c.id);
    expect(report.started).toBe(2);
    expect(report.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 1_000);
    const rows = await targets(c.id);
    expect(rows.filter((t) => t.status === "pending")).toHaveLength(REPOS.length - 2);
    expect(rows.filter((t) => t.status === "failed")).toHaveLength(0);
    await h.control("PATCH", "/settings", { secondaryCreateLimitPerMinute: 80 });
  });

  it("pauses when the launcher's hard budget is used up, starts nothing, and resumes once it no longer blocks", async () => {
    const { githubId } = await h.db.user.findUniqueOrThrow({
      where: { id: alice },
      select: { githubId: true },
    });
    // alice has spent 2 credits this month against a hard budget of 1.
    const repository = await h.db.repository.create({
      data: { id: 9_200_001n, owner: "acme", name: "spent" },
    });
    await h.db.task.create({
      data: {
        id: "budget-spent",
        repositoryId: repository.id,
        creatorGithubId: githubId,
        state: "completed",
        createdAt: new Date(),
        githubUpdatedAt: new Date(),
        creditsNano: 2_000_000_000n,
      },
    });
    const budget = await h.db.budget.create({
      data: { scope: "person", userId: alice, limitNano: 1_000_000_000n, hard: true },
    });
    try {
      const c = await campaign({});
      const report = await runCampaignSlice(deps, c.id);
      expect(report).toMatchObject({ started: 0, refused: 0 });
      const paused = await h.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
      expect(paused.status).toBe("paused");
      expect(paused.pausedReason).toMatch(/^Paused by a budget: alice has used their monthly budget/);
      expect((await targets(c.id)).every((t) => t.status === "pending")).toBe(true);
      expect(tasksOnGitHub("Runner test").size).toBe(0);
      expect(await h.db.launch.count({ where: { campaignId: c.id } })).toBe(0);
      expect(await h.db.campaignBudgetPause.count({ where: { campaignId: c.id } })).toBe(1);

      // Raised by an admin: the budget pass resumes it, and the runner starts the rest.
      await h.db.budget.update({ where: { id: budget.id }, data: { limitNano: 100_000_000_000n } });
      expect(await applyBudgets(h.db, { appUrl: "http://switchyard.test" })).toMatchObject({ resumed: 1 });
      expect((await runCampaignSlice(deps, c.id)).started).toBe(REPOS.length);
    } finally {
      await h.db.budget.delete({ where: { id: budget.id } });
      await h.db.task.delete({ where: { id: "budget-spent" } });
      await h.db.repository.delete({ where: { id: repository.id } });
    }
  });
});
