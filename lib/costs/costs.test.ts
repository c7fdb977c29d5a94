/**
 * Money, against a real Postgres of this file's own (sums must see only our rows) and the GitHub
 * emulator: TaskCost sums exact to the nano under every change the trigger sees, each breakdown's
 * grouping, what a member may see, budgets refusing starts in the one start path (nothing written,
 * nothing sent), soft budgets warning, the admin override (audited through the action kit),
 * campaigns paused at the threshold and resumed the next month, notices sent once, and estimates
 * from a template's history and then from the campaign's own finished tasks; cost per merged pull
 * request and merge rate from the tracked pull requests (merged, closed, open; one PR of two tasks).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { startEmulator, type RunningEmulator } from "@/github-emulator/server";
import type { SignedInUser } from "@/lib/auth/session";
import { createGitHubClient, type GitHubClient } from "@/lib/github";
import { SIGNATURE_256_HEADER, verifySignedBody } from "@/lib/events/signature";
import type { EventEnvelope } from "@/lib/events/types";
import { isolatedDatabase } from "@/test/isolated-database";
import { startLocalReceiver } from "@/test/local-receiver";
import { session } from "@/test/signed-in-session";

vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The app's own client (lib/db, used by the actions) and ours reach this file's database.
process.env.DATABASE_URL = await isolatedDatabase("costs");
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 4 }),
});
const { startRecordedTask } = await import("@/lib/tasks/start-core");
const { startResultOf } = await import("@/lib/tasks/start");
const { applyBudgets } = await import("@/lib/campaigns/budget");
const { checkStartBudgets, listBudgetStatuses } = await import("./budgets");
const { costBreakdown, costSeries, expensiveTasks, monthTotals, retryChains } = await import("./report");
const { campaignEstimate } = await import("./estimate");
const { createSubscription } = await import("@/lib/notifications/subscriptions");
const { deliverWebhook } = await import("@/lib/notifications/deliver");
const { costOutcomes, mergesOf } = await import("./outcomes");
type Viewer = import("@/lib/visibility/scope").Viewer;
// The month's merges and each outcome breakdown's rows, as the Costs page reads them.
const monthOutcome = async (viewer: Viewer, month: Date) =>
  mergesOf((await monthTotals(db, viewer, month)).current);
const outcomesOf = async (viewer: Viewer, month: Date) => ({
  template: costOutcomes(await costBreakdown(db, viewer, "template", month)),
  campaign: costOutcomes(await costBreakdown(db, viewer, "campaign", month)),
  model: costOutcomes(await costBreakdown(db, viewer, "model", month)),
});
const budgetActions = await import("@/app/(portal)/settings/budgets/actions");

const NOV = new Date(Date.UTC(2026, 10, 1));
const DEC = new Date(Date.UTC(2026, 11, 1));
const at = (month: Date, day: number, hour = 12) =>
  new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), day, hour));
const CREDIT = 1_000_000_000n;

let gh: RunningEmulator;
let client: GitHubClient;
let alice: SignedInUser & { githubId: number };
let bob: SignedInUser & { githubId: number };
let admin: SignedInUser;
let teamId: string;
let templateId: string;
let versionId: string;
let campaignId: string;
const REPO_A = 9_100_001n;
const REPO_B = 9_100_002n;
let taskSeq = 0;

async function task(fields: {
  repositoryId?: bigint;
  creator?: number;
  createdAt: Date;
  creditsNano?: bigint;
  premiumRequests?: string;
  campaignId?: string | null;
  templateId?: string | null;
  model?: string | null;
  state?: "completed" | "failed" | "in_progress";
  pullRequestId?: bigint | null;
}) {
  const id = `cost-${++taskSeq}`;
  await db.task.create({
    data: {
      id,
      repositoryId: fields.repositoryId ?? REPO_A,
      creatorGithubId: fields.creator ?? alice.githubId,
      state: fields.state ?? "completed",
      name: `Task ${id}`,
      createdAt: fields.createdAt,
      githubUpdatedAt: fields.createdAt,
      creditsNano: fields.creditsNano ?? 0n,
      premiumRequests: fields.premiumRequests ?? "0",
      campaignId: fields.campaignId ?? null,
      templateId: fields.templateId ?? null,
      model: fields.model ?? null,
      pullRequestId: fields.pullRequestId ?? null,
    },
  });
  return id;
}

/** Every TaskCost row must equal a sum over the task table itself (the trigger's only job). */
async function expectCountersMatchTasks() {
  const [row] = await db.$queryRaw<{ bad: bigint }[]>`
    WITH truth AS (
      SELECT date_trunc('month', "createdAt" AT TIME ZONE 'UTC')::date AS period, "repositoryId",
        sum("creditsNano")::bigint AS credits, sum("premiumRequests") AS premium, count(*) AS tasks
      FROM "Task" GROUP BY 1, 2)
    SELECT count(*) AS bad FROM truth t FULL JOIN (
      SELECT * FROM "TaskCost" WHERE dimension = 'month' AND "repositoryId" <> -1 AND tasks <> 0) c
      ON c.period = t.period AND c."repositoryId" = t."repositoryId"
    WHERE c."creditsNano" IS DISTINCT FROM t.credits OR c."premiumRequests" IS DISTINCT FROM t.premium
       OR c.tasks IS DISTINCT FROM t.tasks`;
  expect(Number(row!.bad)).toBe(0);
}

beforeAll(async () => {
  gh = await startEmulator({ port: 0, seedTasks: false });
  const aliceGithub = gh.state.store.user("alice")!;
  const bobGithub = gh.state.store.user("bob")!;
  const person = async (login: string, githubId: number, role: "admin" | "member" = "member") => {
    const user = await db.user.create({ data: { login, githubId, role } });
    return { id: user.id, login, role, githubId };
  };
  alice = await person("alice", aliceGithub.id);
  bob = await person("bob", bobGithub.id);
  admin = await person("root-admin", 990_000_001, "admin");
  await db.repository.createMany({
    data: [
      { id: REPO_A, owner: "acme", name: "costs-a" },
      { id: REPO_B, owner: "acme", name: "costs-b" },
    ],
  });
  // bob sees only costs-a; alice sees both.
  await db.repositoryAccess.createMany({
    data: [
      { userId: bob.id, repositoryId: REPO_A },
      { userId: alice.id, repositoryId: REPO_A },
      { userId: alice.id, repositoryId: REPO_B },
    ],
  });
  teamId = (await db.team.create({ data: { name: "Payments" } })).id;
  await db.teamMember.createMany({ data: [{ teamId, userId: alice.id }] });
  const template = await db.template.create({
    data: { slug: "costs-upgrade", name: "Upgrade Node", versions: { create: { version: 1, body: "x" } } },
    include: { versions: true },
  });
  templateId = template.id;
  versionId = template.versions[0]!.id;
  campaignId = (
    await db.campaign.create({
      data: {
        name: "Node 22 everywhere",
        templateVersionId: versionId,
        createdById: alice.id,
        ownerTeamId: teamId,
        status: "running",
        launchedById: alice.id,
        launchedByLogin: "alice",
      },
    })
  ).id;
  await fetch(`${gh.url}/_emulator/repos/bulk`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ org: "acme", count: 1, prefix: "costs-gh-" }),
  });
  const { token } = (await (
    await fetch(`${gh.url}/_emulator/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "alice", kind: "oauth_app" }),
    })
  ).json()) as { token: string };
  client = createGitHubClient({ token, baseUrl: gh.url, waitUnitMs: 5 });
});

afterAll(async () => {
  await db.$disconnect();
  await gh?.close();
});

beforeEach(() => {
  session.user = admin;
});

describe("TaskCost: sums exact to the nano", () => {
  it("adds, moves and takes out each task's cost exactly, premium requests apart", async () => {
    const one = await task({ createdAt: at(DEC, 1), creditsNano: 1n, templateId, model: "gpt-5.4" });
    await task({
      createdAt: at(DEC, 2),
      creditsNano: 999_999_999n,
      campaignId,
      templateId,
      pullRequestId: 77n,
    });
    const three = await task({
      createdAt: at(DEC, 2, 23),
      repositoryId: REPO_B,
      creditsNano: 123_456_789_012n,
      model: "claude-opus-4.6",
    });
    await task({
      createdAt: at(DEC, 3),
      creator: bob.githubId,
      creditsNano: 5n * CREDIT,
      premiumRequests: "2.5",
    });
    await task({ createdAt: at(NOV, 30, 23), creditsNano: 7n * CREDIT + 3n });

    // The sync raising a task's cost, and a campaign deleted (its tasks set null).
    await db.task.update({ where: { id: one }, data: { creditsNano: 2n * CREDIT + 1n } });
    await db.task.update({ where: { id: three }, data: { model: "gpt-5.4" } });

    const everyone = { id: admin.id, role: "admin" as const };
    const totals = await monthTotals(db, everyone, DEC);
    expect(totals.current.creditsNano).toBe(2n * CREDIT + 1n + 999_999_999n + 123_456_789_012n + 5n * CREDIT);
    expect(totals.current.premiumRequests).toBe("2.5");
    expect(totals.current.tasks).toBe(4);
    expect(totals.current.withPullRequest).toBe(1);
    expect(totals.previous.creditsNano).toBe(7n * CREDIT + 3n);
    await expectCountersMatchTasks();

    const days = await costSeries(db, everyone, "day", DEC, at(DEC, 20));
    expect(days).toHaveLength(31);
    expect(days[1]!.figure.creditsNano).toBe(999_999_999n + 123_456_789_012n);
    const months = await costSeries(db, everyone, "month", DEC, at(DEC, 20));
    expect(months.at(-1)!.figure.creditsNano).toBe(totals.current.creditsNano);
    expect(months.at(-2)!.figure.creditsNano).toBe(7n * CREDIT + 3n);
  });

  it("groups by person, team, repository, template, campaign and model, against last month", async () => {
    const everyone = { id: admin.id, role: "admin" as const };
    const byPerson = await costBreakdown(db, everyone, "person", DEC);
    expect(byPerson.map((row) => [row.label, row.current.creditsNano])).toEqual([
      ["alice", 2n * CREDIT + 1n + 999_999_999n + 123_456_789_012n],
      ["bob", 5n * CREDIT],
    ]);
    expect(byPerson[0]!.previous.creditsNano).toBe(7n * CREDIT + 3n);
    expect(byPerson[0]!.filter).toEqual({ creator: "alice" });

    const byTeam = await costBreakdown(db, everyone, "team", DEC);
    expect(byTeam).toHaveLength(1);
    expect(byTeam[0]).toMatchObject({ label: "Payments", filter: { creator: ["alice"] } });
    expect(byTeam[0]!.current.creditsNano).toBe(byPerson[0]!.current.creditsNano);

    const byRepository = await costBreakdown(db, everyone, "repository", DEC);
    expect(byRepository.map((row) => [row.label, row.current.creditsNano])).toEqual([
      ["acme/costs-b", 123_456_789_012n],
      ["acme/costs-a", 2n * CREDIT + 1n + 999_999_999n + 5n * CREDIT],
    ]);

    const byTemplate = await costBreakdown(db, everyone, "template", DEC);
    expect(byTemplate.map((row) => [row.label, row.current.creditsNano, row.filter])).toEqual([
      ["Upgrade Node", 2n * CREDIT + 1n + 999_999_999n, { template: templateId }],
    ]);
    const byCampaign = await costBreakdown(db, everyone, "campaign", DEC);
    expect(byCampaign.map((row) => [row.label, row.current.creditsNano])).toEqual([
      ["Node 22 everywhere", 999_999_999n],
    ]);
    const byModel = await costBreakdown(db, everyone, "model", DEC);
    expect(byModel.map((row) => [row.label, row.current.creditsNano, row.filter])).toEqual([
      ["gpt-5.4", 2n * CREDIT + 1n + 123_456_789_012n, { model: "gpt-5.4" }],
      ["Automatic selection", 999_999_999n + 5n * CREDIT, null],
    ]);
  });

  it("a member's figures count only repositories they see; hidden tasks are not named or counted", async () => {
    const member = { id: bob.id, role: "member" as const };
    const totals = await monthTotals(db, member, DEC);
    expect(totals.current.creditsNano).toBe(2n * CREDIT + 1n + 999_999_999n + 5n * CREDIT);
    const byRepository = await costBreakdown(db, member, "repository", DEC);
    expect(byRepository.map((row) => row.label)).toEqual(["acme/costs-a"]);
    const byModel = await costBreakdown(db, member, "model", DEC);
    expect(byModel.find((row) => row.key === "gpt-5.4")!.current.creditsNano).toBe(2n * CREDIT + 1n);
    const expensive = await expensiveTasks(db, member, DEC);
    expect(expensive.map((row) => row.repository)).not.toContain("acme/costs-b");
    const everyone = await expensiveTasks(db, { id: admin.id, role: "admin" }, DEC);
    expect(everyone[0]).toMatchObject({ repository: "acme/costs-b", creditsNano: 123_456_789_012n });
  });

  it("sums a retry chain over every attempt, counted from the first", async () => {
    const first = await task({ createdAt: at(DEC, 4), creditsNano: 3n * CREDIT, state: "failed" });
    const second = await task({ createdAt: at(DEC, 5), creditsNano: 4n * CREDIT, state: "failed" });
    const third = await task({ createdAt: at(DEC, 6), creditsNano: 1n, state: "completed" });
    const launch = (taskId: string, previousTaskId: string) =>
      db.launch.create({
        data: {
          userId: alice.id,
          githubLogin: "alice",
          owner: "acme",
          repo: "costs-a",
          prompt: "x",
          status: "started",
          taskId,
          previousTaskId,
          kind: "retry",
        },
      });
    await launch(second, first);
    await launch(third, second);
    const chains = await retryChains(db, { id: admin.id, role: "admin" }, DEC);
    expect(chains[0]).toMatchObject({
      rootId: first,
      attempts: 3,
      creditsNano: 7n * CREDIT + 1n,
      lastId: third,
    });
  });
});

describe("cost per merged pull request and merge rate", () => {
  // October has only these tasks (the other tests use November and December).
  const OCT = new Date(Date.UTC(2026, 9, 1));
  let prSeq = 0;
  async function pullRequest(
    repositoryId: bigint,
    state: "open" | "closed" | "merged",
    mergedAt: Date | null,
    taskIds: string[],
  ) {
    const id = 8_800_000n + BigInt(++prSeq);
    await db.pullRequest.create({
      data: {
        id,
        repositoryId,
        number: prSeq,
        title: `PR ${prSeq}`,
        htmlUrl: `https://github.test/pr/${prSeq}`,
        state,
        headRef: `copilot/pr-${prSeq}`,
        baseRef: "main",
        headSha: "0".repeat(40),
        mergedAt,
        closedAt: state === "open" ? null : (mergedAt ?? at(OCT, 20)),
        githubUpdatedAt: at(OCT, 20),
        lastActivityAt: at(OCT, 20),
        refreshedAt: at(OCT, 20),
        tasks: { create: taskIds.map((taskId) => ({ taskId })) },
      },
    });
    return id;
  }
  const everyone = { id: "", role: "admin" as const };
  let openPr: bigint;

  beforeAll(async () => {
    everyone.id = admin.id;
    const model = "merge-model";
    const first = await task({ createdAt: at(OCT, 2), creditsNano: 3n * CREDIT, templateId, model });
    const second = await task({ createdAt: at(OCT, 3), creditsNano: 2n * CREDIT + 1n, templateId, model });
    const closed = await task({ createdAt: at(OCT, 4), creditsNano: 4n * CREDIT, templateId });
    const open = await task({ createdAt: at(OCT, 5), creditsNano: 1n, templateId });
    const hidden = await task({
      createdAt: at(OCT, 6),
      repositoryId: REPO_B,
      creditsNano: 10n * CREDIT,
      templateId,
      campaignId,
    });
    await task({ createdAt: at(OCT, 7), creditsNano: 5n * CREDIT });
    // A September task whose PR was merged in October is September's outcome, not October's.
    const september = await task({ createdAt: at(new Date(Date.UTC(2026, 8, 1)), 30), templateId });
    await pullRequest(REPO_A, "merged", at(OCT, 10), [first, second]); // two tasks, one merged PR
    await pullRequest(REPO_A, "closed", null, [closed]);
    openPr = await pullRequest(REPO_A, "open", null, [open]);
    await pullRequest(REPO_B, "merged", at(OCT, 11), [hidden]);
    await pullRequest(REPO_A, "merged", at(OCT, 2), [september]);
  });

  it("divides every credit of the month's tasks by the distinct PRs merged from them, exactly", async () => {
    const totals = await monthTotals(db, everyone, OCT);
    expect(totals.current).toMatchObject({ tasks: 6, creditsNano: 24n * CREDIT + 2n });
    expect(await monthOutcome(everyone, OCT)).toEqual({
      merged: 2,
      mergedTasks: 3,
      creditsPerMergedNano: 12n * CREDIT + 1n,
      mergeRate: 0.5,
    });

    const [outcome, outcomes] = [await monthOutcome(everyone, OCT), await outcomesOf(everyone, OCT)];
    expect(outcome.creditsPerMergedNano).toBe(12n * CREDIT + 1n);
    const byTemplate = outcomes.template;
    expect(byTemplate).toHaveLength(1);
    // Closed and open PRs count in the price and the whole, never as merges.
    expect(byTemplate[0]).toMatchObject({
      key: templateId,
      filter: { template: templateId },
      merged: 2,
      mergedTasks: 3,
      creditsPerMergedNano: (19n * CREDIT + 2n) / 2n,
      mergeRate: 3 / 5,
    });
    expect(
      outcomes.campaign.map((row) => [row.label, row.merged, row.creditsPerMergedNano, row.mergeRate]),
    ).toEqual([["Node 22 everywhere", 1, 10n * CREDIT, 1]]);
    expect(outcomes.model.find((row) => row.key === "merge-model")).toMatchObject({
      merged: 1,
      mergedTasks: 2,
      creditsPerMergedNano: 5n * CREDIT + 1n,
      mergeRate: 1,
    });
    expect(outcomes.model.find((row) => row.key === "")).toMatchObject({
      merged: 1,
      mergedTasks: 1,
      creditsPerMergedNano: 19n * CREDIT + 1n,
      mergeRate: 1 / 4,
    });
  });

  it("a member counts only the repositories they see, merges included", async () => {
    const member = { id: bob.id, role: "member" as const };
    const totals = await monthTotals(db, member, OCT);
    expect(totals.current).toMatchObject({ tasks: 5, creditsNano: 14n * CREDIT + 2n });
    expect(await monthOutcome(member, OCT)).toEqual({
      merged: 1,
      mergedTasks: 2,
      creditsPerMergedNano: 14n * CREDIT + 2n,
      mergeRate: 2 / 5,
    });
    const outcomes = await outcomesOf(member, OCT);
    expect(outcomes.template[0]).toMatchObject({ merged: 1, mergedTasks: 2, mergeRate: 2 / 4 });
    expect(outcomes.campaign).toEqual([]);
  });

  it("a pull request merged later counts from then on; none merged says so", async () => {
    await db.pullRequest.update({ where: { id: openPr }, data: { state: "merged", mergedAt: at(OCT, 25) } });
    expect(await monthOutcome(everyone, OCT)).toMatchObject({
      merged: 3,
      mergedTasks: 4,
      creditsPerMergedNano: (24n * CREDIT + 2n) / 3n,
    });
    const august = new Date(Date.UTC(2026, 7, 1));
    expect(await monthOutcome(everyone, august)).toEqual({
      merged: 0,
      mergedTasks: 0,
      creditsPerMergedNano: null,
      mergeRate: null,
    });
  });
});

describe("budgets on the one start path", () => {
  // A repository the emulator has (bulk-created above); budgets do not depend on which.
  const input = { owner: "acme", repo: "costs-gh-0001", prompt: "Fix the flaky test" };
  const noPost = async () => {
    throw new Error("a refused start must not reach GitHub");
  };

  it("a team over its hard budget cannot start: typed error, nothing written, nothing sent", async () => {
    // Payments (alice) has spent ~132.5 credits this month.
    const now = new Date();
    await task({ createdAt: now, creditsNano: 100n * CREDIT });
    await db.budget.create({ data: { scope: "team", teamId, limitNano: 50n * CREDIT, hard: true } });
    const launchesBefore = await db.launch.count();
    const records: unknown[] = [];
    const outcome = await startRecordedTask(db, { userId: alice.id, login: "alice" }, input, noPost, {
      record: async (_tx, fields) => void records.push(fields),
    });
    expect(outcome.status).toBe("refused");
    const result = startResultOf(outcome, input);
    expect(result).toMatchObject({ ok: false, code: "budget_exceeded" });
    if (!result.ok) expect(result.message).toMatch(/^Team Payments has used its monthly budget: /);
    expect(await db.launch.count()).toBe(launchesBefore);
    expect(records).toEqual([expect.objectContaining({ outcome: "budget_exceeded" })]);

    // bob is not in the team: his starts go ahead.
    expect((await checkStartBudgets(db, { userId: bob.id })).refusal).toBeNull();
  });

  it("an admin override (audited) lets starts through for the month, with a warning", async () => {
    const [budget] = await listBudgetStatuses(db);
    const form = new FormData();
    form.set("id", budget!.id);
    form.set("override", "true");
    expect(await budgetActions.overrideBudgetAction(null, form)).toMatchObject({ ok: true });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "budget.override" } });
    expect(audit).toMatchObject({ actorId: admin.id, targetId: budget!.id, outcome: "ok" });

    const outcome = await startRecordedTask(db, { userId: alice.id, login: "alice" }, input, (work) =>
      work(client),
    );
    expect(outcome.status).toBe("started");
    expect(outcome.notes.join(" ")).toContain("an admin allowed starts for this month");

    // A member may not override.
    session.user = bob;
    expect(await budgetActions.overrideBudgetAction(null, form)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
  });

  it("a soft budget only warns", async () => {
    await db.budget.create({ data: { scope: "person", userId: bob.id, limitNano: 1n, hard: false } });
    await task({ createdAt: new Date(), creator: bob.githubId, creditsNano: 2n });
    const { refusal, warnings } = await checkStartBudgets(db, { userId: bob.id });
    expect(refusal).toBeNull();
    expect(warnings).toEqual([expect.stringContaining("bob is over their soft monthly budget")]);
  });

  it("admins set budgets through the kit: exact limits, audited, bad input refused", async () => {
    const form = new FormData();
    form.set("target", `campaign:${campaignId}`);
    form.set("limit", "0.000000001");
    form.set("hard", "true");
    const saved = await budgetActions.saveBudgetAction(null, form);
    expect(saved).toMatchObject({ ok: true, data: { name: "Node 22 everywhere" } });
    expect((await db.budget.findUniqueOrThrow({ where: { campaignId } })).limitNano).toBe(1n);
    expect(await db.auditEvent.findFirst({ where: { action: "budget.create" } })).toMatchObject({
      details: expect.objectContaining({ limit: "0.000000001", scope: "campaign" }),
    });
    const bad = new FormData();
    bad.set("target", `campaign:${campaignId}`);
    bad.set("limit", "-3");
    const refused = await budgetActions.saveBudgetAction(null, bad);
    expect(refused).toMatchObject({ ok: false, code: "invalid_input" });
    expect((await db.budget.findUniqueOrThrow({ where: { campaignId } })).limitNano).toBe(1n);
  });
});

describe("campaigns and budgets", () => {
  it("pauses a covered campaign at the threshold, notifies once, and resumes it next month", async () => {
    // The campaign's budget (1 nano) is used up by its task of this month.
    const now = new Date();
    await task({ createdAt: now, campaignId, creditsNano: 10n });
    const first = await applyBudgets(db, { appUrl: "http://switchyard.test", now });
    expect(first.paused).toBe(1);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign.status).toBe("paused");
    expect(campaign.pausedReason).toMatch(/^Paused by a budget: Campaign Node 22 everywhere has used/);
    expect(
      await db.auditEvent.count({ where: { action: "campaign.budget_pause", targetId: campaignId } }),
    ).toBe(1);

    // The owners (the owning team's members) heard at 80 % and 100 %, once each.
    const notices = await db.notification.findMany({ where: { kind: "budget", userId: alice.id } });
    expect(
      notices
        .map((n) => n.title)
        .filter((t) => t.startsWith("Campaign"))
        .sort(),
    ).toEqual([
      "Campaign Node 22 everywhere: 100% of the monthly budget used",
      "Campaign Node 22 everywhere: 80% of the monthly budget used",
    ]);
    const again = await applyBudgets(db, { appUrl: "http://switchyard.test", now });
    expect(again).toMatchObject({ notified: 0, paused: 0, resumed: 0 });

    // A new month: nothing spent yet, so the campaign resumes (and its runner is queued).
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 0, 5));
    const later = await applyBudgets(db, { appUrl: "http://switchyard.test", now: nextMonth });
    expect(later.resumed).toBe(1);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({
      status: "running",
      pausedReason: null,
    });
    expect(await db.campaignBudgetPause.count()).toBe(0);
    expect(
      await db.auditEvent.count({ where: { action: "campaign.budget_resume", targetId: campaignId } }),
    ).toBe(1);
    const [job] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE key = ${`campaign:${campaignId}`}`;
    expect(Number(job!.n)).toBe(1);
  });
});

describe("budget events out", () => {
  it("publish each threshold once per budget and month, signed, to the bell and subscriptions", async () => {
    const receiver = await startLocalReceiver();
    try {
      const now = new Date();
      const own = await db.campaign.create({
        data: {
          name: "Budget events",
          templateVersionId: versionId,
          createdById: alice.id,
          ownerUserId: alice.id,
          status: "running",
          launchedById: alice.id,
          launchedByLogin: "alice",
        },
      });
      await db.budget.create({ data: { scope: "campaign", campaignId: own.id, limitNano: 10n, hard: true } });
      // Alice's receiver hears this campaign's budget and campaign events.
      const { secret } = await db.$transaction((tx) =>
        createSubscription(
          tx,
          { id: alice.id, role: "member" },
          {
            name: "Budget receiver",
            scope: "user",
            teamId: null,
            format: "json",
            url: `${receiver.url}/budget`,
            types: ["budget.threshold", "campaign.paused"],
            states: [],
            repositoryPattern: null,
            campaignId: own.id,
            templateId: null,
          },
        ),
      );
      const deliverAll = async () => {
        const pending = await db.webhookDelivery.findMany({ where: { status: "pending" } });
        for (const d of pending)
          await deliverWebhook(db, d.id, { egress: { allowedHosts: [], allowLoopback: true } });
      };
      const envelopes = () =>
        receiver.received.map((request) => {
          const verified = verifySignedBody(
            request.body,
            secret,
            request.headers[SIGNATURE_256_HEADER] as string,
          );
          expect(verified.ok).toBe(true);
          return JSON.parse(request.body) as EventEnvelope;
        });

      // 90 % used: the 80 % event; then 100 %: the 100 % event and the campaign paused by it.
      await task({ createdAt: now, campaignId: own.id, creditsNano: 9n });
      await applyBudgets(db, { appUrl: "http://switchyard.test", now });
      await task({ createdAt: now, campaignId: own.id, creditsNano: 1n });
      await applyBudgets(db, { appUrl: "http://switchyard.test", now });
      await deliverAll();
      const budget = await db.budget.findUniqueOrThrow({ where: { campaignId: own.id } });
      let got = envelopes();
      const thresholds = got.filter((e) => e.type === "budget.threshold");
      expect(thresholds.map((e) => e.data.level).sort()).toEqual([100, 80]);
      expect(thresholds[0]).toMatchObject({
        subject: `budgets/${budget.id}`,
        data: expect.objectContaining({ scope: "campaign", budgetId: budget.id, limitCredits: "0.00000001" }),
      });
      const paused = got.filter((e) => e.type === "campaign.paused");
      expect(paused).toHaveLength(1);
      expect(paused[0]!.data).toMatchObject({ campaignId: own.id, budgetId: budget.id, status: "paused" });
      // The bell's budget notices are the same events (one place), once each.
      const bell = await db.notification.findMany({
        where: { userId: alice.id, eventKey: { in: thresholds.map((e) => e.id) } },
      });
      expect(bell.map((n) => n.kind)).toEqual(["budget", "budget"]);

      // Raised (the campaign resumes), then lowered again: the thresholds are crossed a second
      // time this month, and nothing is published twice; the second pause is an event of its own.
      await db.budget.update({ where: { id: budget.id }, data: { limitNano: 1000n } });
      expect((await applyBudgets(db, { appUrl: "http://switchyard.test", now })).resumed).toBe(1);
      await db.budget.update({ where: { id: budget.id }, data: { limitNano: 10n } });
      expect((await applyBudgets(db, { appUrl: "http://switchyard.test", now })).paused).toBe(1);
      await deliverAll();
      got = envelopes();
      expect(got.filter((e) => e.type === "budget.threshold")).toHaveLength(2);
      expect(got.filter((e) => e.type === "campaign.paused")).toHaveLength(2);
      expect(
        await db.event.count({
          where: { type: "budget.threshold", data: { path: ["budgetId"], equals: budget.id } },
        }),
      ).toBe(2);
    } finally {
      await receiver.close();
    }
  });
});

describe("estimates", () => {
  it("come from the template's history, then from the campaign's own finished tasks", async () => {
    const other = await db.campaign.create({
      data: {
        name: "Estimate me",
        templateVersionId: versionId,
        createdById: alice.id,
        targets: {
          create: [1, 2, 3, 4].map((n) => ({
            owner: "acme",
            name: `est-${n}`,
            position: n,
            status: "pending" as const,
          })),
        },
      },
    });
    // The template's tasks so far (this month and the last two): all of them, any state.
    const history = await db.$queryRaw<{ credits: bigint; tasks: bigint }[]>`
      SELECT sum("creditsNano")::bigint AS credits, count(*) AS tasks FROM "Task"
      WHERE "templateId" = ${templateId} AND "createdAt" >= date_trunc('month', now()) - interval '2 months'`;
    const perTask = history[0]!.credits / history[0]!.tasks;
    const draft = await campaignEstimate(db, { id: other.id, templateId });
    expect(draft).toMatchObject({
      basis: "template",
      targets: 4,
      perTaskNano: perTask,
      estimatedNano: perTask * 4n,
    });

    // Its canary finished: two tasks at 3 and 5 credits → 4 per task; projected = 8 + 4 × 2.
    const targets = await db.campaignTarget.findMany({
      where: { campaignId: other.id },
      orderBy: { position: "asc" },
    });
    for (const [index, credits] of [3n, 5n].entries()) {
      const id = await task({
        createdAt: new Date(),
        campaignId: other.id,
        templateId,
        creditsNano: credits * CREDIT,
      });
      await db.campaignTarget.update({
        where: { id: targets[index]!.id },
        data: { status: "started", taskId: id },
      });
    }
    const running = await campaignEstimate(db, { id: other.id, templateId });
    expect(running).toMatchObject({
      basis: "campaign",
      sample: 2,
      perTaskNano: 4n * CREDIT,
      spentNano: 8n * CREDIT,
      projectedNano: 16n * CREDIT,
    });
  });
});
