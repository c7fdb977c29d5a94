/**
 * Nobody sees a task GitHub would hide from them, in any read path: a member (bob) who can see
 * acme/checkout-api but not acme/payments-ledger, acme/infra-terraform or acme/security-scanner (as
 * in the emulator's seed), and an admin (alice) who sees everything, including two repositories
 * her own GitHub account cannot see. Every result a member gets is searched for the hidden
 * repositories' names and their tasks' ids: any of them there is a leak. A database of this file's
 * own, so the figures are exact.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("visibility");
});

import { getCampaignView, listCampaigns } from "@/lib/dal/campaigns";
import { getDashboardSummary, getSharedDashboardSummary } from "@/lib/dal/dashboard";
import { getLaunchInputs, getTaskDetail, iterateTasks, listFilterOptions, listTasks } from "@/lib/dal/tasks";
import { getTemplate, listTemplates } from "@/lib/dal/templates";
import { countTriageViews, listFailureClusters, listTriageItems, TRIAGE_VIEWS } from "@/lib/dal/triage";
import { getVisibilityNote } from "@/lib/dal/visibility";
import { db } from "@/lib/db";
import { notifyTriageEvent } from "@/lib/notifications/notify";
import { listNotifications, listWebhookDeliveries } from "@/lib/notifications/queries";
import type { TaskRow, TaskStateValue } from "@/lib/sync/mapping";
import { ensureRepositories, upsertTasks } from "@/lib/sync/store";
import { beginTaskExport } from "@/lib/dal/task-export";
import { refreshTask } from "@/lib/tasks/refresh";
import { DEFAULT_TASK_FILTERS, parseTaskFilters } from "@/lib/validations/task-filters";
import type { Viewer } from "./scope";

const REPOS = {
  open: { id: "700100001", owner: "acme", name: "checkout-api" },
  ledger: { id: "700100005", owner: "acme", name: "payments-ledger" },
  infra: { id: "700100020", owner: "acme", name: "infra-terraform" },
  scanner: { id: "700100029", owner: "acme", name: "security-scanner" },
} as const;
const HIDDEN_NAMES = ["payments-ledger", "infra-terraform", "security-scanner"];
const ALICE = 1001;
const BOB = 1002;

let bob: Viewer & { login: string };
let alice: Viewer & { login: string };
let campaignId: string;
let templateId: string;
const visibleTasks: string[] = [];
const hiddenTasks: string[] = [];

/** Fails when `value` names a hidden repository or a hidden task's id anywhere. */
function expectNoLeak(value: unknown, label: string) {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "bigint" ? item.toString() : item,
  );
  for (const word of [...HIDDEN_NAMES, ...hiddenTasks])
    expect(text.includes(word), `${label} names ${word}`).toBe(false);
}

function filters(query: string) {
  const parsed = parseTaskFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.filters;
}

async function seedTasks() {
  const now = Date.now();
  const plan: { repo: keyof typeof REPOS; creator: number; state: TaskStateValue }[] = [];
  for (const repo of Object.keys(REPOS) as (keyof typeof REPOS)[])
    for (const creator of [ALICE, BOB])
      for (const state of ["failed", "waiting_for_user", "completed", "in_progress"] as const)
        plan.push({ repo, creator, state });
  const rows: TaskRow[] = plan.map((item, index) => {
    const repo = REPOS[item.repo];
    const id = `${item.repo === "open" ? "vis" : "hid"}-${repo.name}-${index}`;
    (item.repo === "open" ? visibleTasks : hiddenTasks).push(id);
    return {
      id,
      repositoryId: repo.id,
      creatorGithubId: String(item.creator),
      creatorType: "user",
      state: item.state,
      name: `Work on ${repo.name} #${index}`,
      htmlUrl: `https://github.com/${repo.owner}/${repo.name}/tasks/${id}`,
      apiUrl: null,
      customAgent: null,
      sessionCount: 1,
      headRef: `copilot/${repo.name}-${index}`,
      baseRef: "main",
      pullRequestId: item.state === "completed" ? String(9000 + index) : null,
      pullRequestGlobalId: null,
      createdAt: new Date(now - 3_600_000 + index * 1000).toISOString(),
      githubUpdatedAt: new Date(now - 60_000 + index * 1000).toISOString(),
      archivedAt: null,
    };
  });
  await db.$transaction((tx) => upsertTasks(tx, rows, "user_list"));
  // What the sessions would have said: prompts, errors and cost that name the repository.
  await db.$executeRaw`
    UPDATE "Task" t SET prompt = 'Fix the build of ' || r.name, "errorMessage" = CASE WHEN t.state = 'failed'
      THEN 'Tests failed in ' || r.name END, "creditsNano" = 1500000000
    FROM "Repository" r WHERE r.id = t."repositoryId"`;
}

beforeAll(async () => {
  await ensureRepositories(db, Object.values(REPOS));
  alice = {
    ...(await db.user.create({ data: { login: "alice", githubId: ALICE, role: "admin" } })),
    role: "admin",
  } as Viewer & { login: string };
  bob = {
    ...(await db.user.create({ data: { login: "bob", githubId: BOB, role: "member" } })),
    role: "member",
  } as Viewer & { login: string };
  const team = await db.team.create({
    data: { name: "web", members: { create: [{ userId: alice.id }, { userId: bob.id }] } },
  });
  // What GitHub shows each of them, as the refresh would have stored it.
  await db.repositoryAccess.createMany({
    data: [
      { userId: bob.id, repositoryId: BigInt(REPOS.open.id) },
      { userId: alice.id, repositoryId: BigInt(REPOS.open.id) },
      { userId: alice.id, repositoryId: BigInt(REPOS.ledger.id) },
    ],
  });
  for (const person of [alice, bob])
    await db.repositoryAccessState.create({
      data: { userId: person.id, status: "ok", refreshedAt: new Date(), repositoryCount: 1 },
    });
  await seedTasks();

  // Triage: every failed task has an open item; a hidden one is even routed to bob by a rule.
  const failed = await db.task.findMany({
    where: { state: "failed" },
    include: { stateChanges: { take: 1 } },
  });
  for (const task of failed)
    await db.triageItem.create({
      data: {
        taskId: task.id,
        openedByChangeId: task.stateChanges[0]!.id,
        state: "failed",
        ownerUserId: task.repositoryId === BigInt(REPOS.ledger.id) ? bob.id : null,
        ownerTeamId: task.repositoryId === BigInt(REPOS.infra.id) ? team.id : null,
        ownerReason: "Routing rule: test",
        slaDueAt: new Date(Date.now() - 60_000),
        clusterKey: "tests failed in <repo>",
        errorMessage: task.errorMessage,
      },
    });

  // A template used in a visible and a hidden repository; a campaign across all four.
  const template = await db.template.create({
    data: {
      slug: "vis-upgrade",
      name: "Upgrade",
      versions: { create: { version: 1, body: "Upgrade {{repo.name}}" } },
    },
    include: { versions: true },
  });
  templateId = template.id;
  const version = template.versions[0]!;
  const campaign = await db.campaign.create({
    data: {
      name: "Upgrade everything",
      templateVersionId: version.id,
      createdById: alice.id,
      launchedById: alice.id,
      status: "running",
      launchedAt: new Date(Date.now() - 3_600_000),
      dryRun: {
        create: {
          completedAt: new Date(),
          skipped: [
            { repository: "acme/infra-terraform", reason: "Archived" },
            { repository: "acme/ghost-town", reason: "Listed twice" },
          ],
        },
      },
    },
  });
  campaignId = campaign.id;
  const campaignTask = (repo: keyof typeof REPOS) =>
    (repo === "open" ? visibleTasks : hiddenTasks).find((id) => id.includes(REPOS[repo].name))!;
  let position = 0;
  for (const repo of ["open", "ledger"] as const) {
    const taskId = campaignTask(repo);
    await db.task.update({ where: { id: taskId }, data: { campaignId, templateVersionId: version.id } });
    await db.campaignTarget.create({
      data: {
        campaignId,
        owner: "acme",
        name: REPOS[repo].name,
        repositoryId: BigInt(REPOS[repo].id),
        prompt: `Upgrade ${REPOS[repo].name}`,
        status: "started",
        taskId,
        position: position++,
        startedAt: new Date(),
      },
    });
    await db.launch.create({
      data: {
        userId: alice.id,
        githubLogin: "alice",
        owner: "acme",
        repo: REPOS[repo].name,
        prompt: `Upgrade ${REPOS[repo].name}`,
        status: "started",
        taskId,
        templateVersionId: version.id,
        campaignId,
      },
    });
  }
  // A target the dry run could not read, naming a repository Switchyard knows bob cannot see, and
  // one naming a repository nobody here knows (it refers to nothing this database holds).
  await db.campaignTarget.createMany({
    data: [
      {
        campaignId,
        owner: "acme",
        name: "security-scanner",
        status: "excluded",
        skipReason: "Not found",
        position: position++,
      },
      {
        campaignId,
        owner: "acme",
        name: "ghost-town",
        status: "excluded",
        skipReason: "Not found",
        position: position++,
      },
    ],
  });

  // Notifications bob already had: one about a task he can see, one from before he lost access.
  await db.notification.createMany({
    data: [
      {
        userId: bob.id,
        kind: "opened",
        taskId: visibleTasks[0]!,
        title: "Failed: Work on checkout-api",
        eventKey: "v1",
      },
      {
        userId: bob.id,
        kind: "opened",
        taskId: hiddenTasks[0]!,
        title: "Failed: Work on payments-ledger",
        eventKey: "h1",
      },
      { userId: bob.id, kind: "escalated", title: "Digest", eventKey: "n1" },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("what a member sees", () => {
  it("the queue, every page and sort, and the export: only tasks of repositories they can see", async () => {
    for (const query of [
      "",
      "sort=cost&dir=asc",
      "sort=in_state",
      "state=failed",
      "q=payments",
      "scope=mine",
    ]) {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listTasks>> = await listTasks({
          filters: filters(query),
          viewer: bob,
          cursor,
          limit: 3,
        });
        expectNoLeak(page, `queue ${query}`);
        ids.push(...page.rows.map((row) => row.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(
        ids.every((id) => visibleTasks.includes(id)),
        query,
      ).toBe(true);
      if (query === "") expect(ids.sort()).toEqual([...visibleTasks].sort());
    }
    // Even naming a hidden repository in the filter finds nothing.
    expect((await listTasks({ filters: filters("repo=acme/payments-ledger"), viewer: bob })).rows).toEqual(
      [],
    );
    const exported = [];
    for await (const row of iterateTasks({ filters: DEFAULT_TASK_FILTERS, viewer: bob })) exported.push(row);
    expectNoLeak(exported, "export");
    expect(exported).toHaveLength(visibleTasks.length);
    // The admin sees all of them.
    const everything = (await listTasks({ filters: DEFAULT_TASK_FILTERS, viewer: alice, limit: 100 })).rows;
    expect(everything.map((row) => row.id).sort()).toEqual([...visibleTasks, ...hiddenTasks].sort());
  });

  it("a hidden task's page, metadata and launch inputs are not found, even by id", async () => {
    for (const id of hiddenTasks) {
      expect(await getTaskDetail({ id, viewer: bob })).toBeNull();
      expect(await getLaunchInputs({ taskId: id, viewer: bob })).toBeNull();
    }
    const visible = await getTaskDetail({ id: visibleTasks[0]!, viewer: bob });
    expect(visible?.repository).toBe("acme/checkout-api");
    expect(visible?.visibleOnGitHub).toBe(true);
    // The admin opens them; the page marks those her own GitHub account cannot see.
    const infra = hiddenTasks.find((id) => id.includes("infra-terraform"))!;
    const ledger = hiddenTasks.find((id) => id.includes("payments-ledger"))!;
    expect((await getTaskDetail({ id: infra, viewer: alice }))?.visibleOnGitHub).toBe(false);
    expect((await getTaskDetail({ id: ledger, viewer: alice }))?.visibleOnGitHub).toBe(true);
    expect(await getLaunchInputs({ taskId: infra, viewer: alice })).not.toBeNull();
  });

  it("refreshing a hidden task by id answers as for a task that does not exist, without asking GitHub", async () => {
    const record = vi.fn(async () => {});
    const hidden = await refreshTask(bob, hiddenTasks[0]!, record);
    const unknown = await refreshTask(bob, "no-such-task", record);
    expect(hidden).toEqual(unknown);
    expect(hidden).toMatchObject({ ok: false, code: "not_found" });
    expect(record).not.toHaveBeenCalled();
  });

  it("filter pickers list only repositories they can see", async () => {
    const options = await listFilterOptions(bob);
    expectNoLeak(options, "filter options");
    expect(options.repositories).toEqual(["acme/checkout-api"]);
    expect((await listFilterOptions(alice)).repositories).toHaveLength(4);
  });

  it("the dashboard counts, ages, today's changes, chart and breakdowns add up their tasks only", async () => {
    for (const scope of ["all", "mine", "team"] as const) {
      const summary = await getDashboardSummary({ scope, viewer: bob });
      expectNoLeak(summary, `dashboard ${scope}`);
      const creators = scope === "mine" ? [BOB] : [ALICE, BOB];
      const expected = await db.$queryRaw<{ state: string; n: bigint }[]>`
        SELECT state::text, count(*) AS n FROM "Task"
        WHERE "repositoryId" = ${BigInt(REPOS.open.id)} AND "creatorGithubId" = ANY(${creators.map(BigInt)})
        GROUP BY state`;
      for (const state of summary.states)
        expect(state.count, `${scope} ${state.state}`).toBe(
          Number(expected.find((row) => row.state === state.state)?.n ?? 0),
        );
      const [oldest] = await db.$queryRaw<{ at: Date | null }[]>`
        SELECT min("stateSince") AS at FROM "Task" WHERE state = 'failed' AND "archivedAt" IS NULL
          AND "repositoryId" = ${BigInt(REPOS.open.id)} AND "creatorGithubId" = ANY(${creators.map(BigInt)})`;
      expect(summary.states.find((s) => s.state === "failed")?.oldestSince, `${scope} oldest`).toBe(
        oldest!.at?.toISOString() ?? null,
      );
      const total = expected.reduce((sum, row) => sum + Number(row.n), 0);
      expect(
        summary.states.reduce((sum, s) => sum + s.changeToday, 0),
        scope,
      ).toBe(total);
      const chart = summary.daily.reduce(
        (sum, day) => sum + Object.values(day.entered).reduce((a, b) => a + b, 0),
        0,
      );
      expect(chart, `${scope} chart`).toBe(total);
      expect(summary.byRepository.map((row) => row.label)).toEqual(["acme/checkout-api"]);
      expect(summary.byRepository[0]!.total).toBe(total);
      expect(summary.byCreator.reduce((sum, row) => sum + row.total, 0)).toBe(total);
      if (scope !== "mine")
        expect(summary.byTeam).toEqual([expect.objectContaining({ label: "web", total })]);
      expect(summary.byCampaign.map((row) => row.total)).toEqual(scope === "mine" ? [] : [1]);
      expect(summary.overdueTriage).toBe(creators.length);
    }
    // The admin's figures hold every repository's tasks, each change counted once.
    for (const scope of ["all", "mine", "team"] as const) {
      const summary = await getDashboardSummary({ scope, viewer: alice });
      const total = (scope === "mine" ? 0.5 : 1) * (visibleTasks.length + hiddenTasks.length);
      expect(
        summary.states.reduce((sum, s) => sum + s.count, 0),
        `admin ${scope}`,
      ).toBe(total);
      expect(
        summary.states.reduce((sum, s) => sum + s.changeToday, 0),
        `admin ${scope} today`,
      ).toBe(total);
      const chart = summary.daily.reduce(
        (sum, day) => sum + Object.values(day.entered).reduce((a, b) => a + b, 0),
        0,
      );
      expect(chart, `admin ${scope} chart`).toBe(total);
    }
    const all = await getDashboardSummary({ scope: "all", viewer: alice });
    expect(all.states.reduce((sum, s) => sum + s.count, 0)).toBe(visibleTasks.length + hiddenTasks.length);
    expect(all.byRepository).toHaveLength(4);
    expect(all.byCampaign[0]!.total).toBe(2);
    expect(all.overdueTriage).toBe(8);
  });

  it("the band counters a member's figures sum follow every change of state, archive and campaign", async () => {
    const [first, second] = visibleTasks;
    await db.task.update({ where: { id: first! }, data: { state: "completed", stateSince: new Date() } });
    await db.task.update({ where: { id: second! }, data: { archivedAt: new Date() } });
    const mismatches = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT "repositoryId", coalesce("creatorGithubId", 0) AS creator,
          count(*) FILTER (WHERE state IN ('waiting_for_user', 'failed', 'timed_out')) AS needs,
          count(*) FILTER (WHERE state IN ('queued', 'in_progress', 'idle')) AS flight,
          count(*) FILTER (WHERE state IN ('completed', 'cancelled')) AS finished
        FROM "Task" WHERE "archivedAt" IS NULL GROUP BY 1, 2) actual
      FULL JOIN (SELECT * FROM "TaskBandCounter" WHERE "needsHuman" + "inFlight" + finished > 0) kept
        ON kept."repositoryId" = actual."repositoryId" AND kept."creatorGithubId" = actual.creator
      WHERE (actual.needs, actual.flight, actual.finished)
        IS DISTINCT FROM (kept."needsHuman"::bigint, kept."inFlight"::bigint, kept.finished::bigint)`;
    const campaignMismatches = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT "campaignId", "repositoryId", count(*) AS n FROM "Task"
        WHERE "campaignId" IS NOT NULL AND "archivedAt" IS NULL GROUP BY 1, 2) actual
      FULL JOIN (SELECT * FROM "TaskCampaignBandCounter" WHERE "needsHuman" + "inFlight" + finished > 0) kept
        ON kept."campaignId" = actual."campaignId" AND kept."repositoryId" = actual."repositoryId"
      WHERE actual.n IS DISTINCT FROM (kept."needsHuman" + kept."inFlight" + kept.finished)::bigint`;
    // Put them back as they were for the other tests.
    await db.task.update({ where: { id: second! }, data: { archivedAt: null } });
    await db.task.update({ where: { id: first! }, data: { state: "failed" } });
    expect(Number(mismatches[0]!.n)).toBe(0);
    expect(Number(campaignMismatches[0]!.n)).toBe(0);
  });

  it("a summary shared between requests is never an admin's handed to a member", async () => {
    const admin = await getSharedDashboardSummary({ scope: "all", viewer: alice });
    const member = await getSharedDashboardSummary({ scope: "all", viewer: bob });
    expect(admin.byRepository).toHaveLength(4);
    expectNoLeak(member, "shared summary");
  });

  it("a shared summary that is due is served while its successor is computed, then replaced", async () => {
    const first = await getSharedDashboardSummary({ scope: "all", viewer: bob });
    expect(await getSharedDashboardSummary({ scope: "all", viewer: bob })).toBe(first);
    const realNow = Date.now;
    const later = realNow() + 6_000;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => later);
    try {
      // Due: this request gets the last one at once (nobody waits) and starts the next.
      expect(await getSharedDashboardSummary({ scope: "all", viewer: bob })).toBe(first);
      await vi.waitFor(async () => {
        const next = await getSharedDashboardSummary({ scope: "all", viewer: bob });
        expect(next).not.toBe(first);
        expectNoLeak(next, "successor");
      });
      // A minute without requests: the first one waits for a fresh summary.
      clock.mockImplementation(() => later + 61_000);
      const fresh = await getSharedDashboardSummary({ scope: "all", viewer: bob });
      expect(Date.parse(fresh.generatedAt)).toBeGreaterThan(Date.parse(first.generatedAt));
    } finally {
      clock.mockRestore();
    }
  });

  it("triage: every view, its counts and the failure clusters", async () => {
    for (const view of TRIAGE_VIEWS) {
      const { items } = await listTriageItems({ view, viewer: bob });
      expectNoLeak(items, `triage ${view}`);
      expect(items.every((item) => visibleTasks.includes(item.taskId))).toBe(true);
      expectNoLeak(await listFailureClusters(view, bob), `clusters ${view}`);
    }
    // The hidden item routed to bob is not "his": he could not act on it.
    expect((await listTriageItems({ view: "mine", viewer: bob })).items).toEqual([]);
    const counts = await countTriageViews(bob);
    expect(counts).toEqual({ mine: 0, teams: 0, unowned: 2, all: 2, reviews: 0, snoozed: 0 });
    expect((await countTriageViews(alice)).all).toBe(8);
    expect((await listTriageItems({ view: "all", viewer: alice })).items.length).toBe(8);
  });

  it("campaign pages: targets, counts, canary, cost and burndown of what they can see", async () => {
    const view = await getCampaignView(campaignId, bob);
    expectNoLeak(view, "campaign page");
    expect(view!.targets.map((target) => target.repository)).toEqual([
      "acme/checkout-api",
      "acme/ghost-town",
    ]);
    expect(view!.campaign.counts.targets.started).toBe(1);
    expect(Object.values(view!.campaign.counts.tasks).reduce((a, b) => a + b, 0)).toBe(1);
    expect(view!.campaign.cost.credits).toBe("1.5");
    expect(view!.campaign.dryRun.skipped.map((entry) => entry.repository)).toEqual(["acme/ghost-town"]);
    const list = (await listCampaigns(bob)).rows;
    expectNoLeak(list, "campaign list");
    expect(list[0]).toMatchObject({ scope: 1, started: 1, credits: "1.5" });
    // The admin's page has both started targets and their cost.
    const full = await getCampaignView(campaignId, alice);
    expect(full!.targets).toHaveLength(4);
    expect(full!.campaign.cost.credits).toBe("3.0");
    expect((await listCampaigns(alice)).rows[0]).toMatchObject({ scope: 2, started: 2 });
  });

  it("templates count launches of tasks they can see", async () => {
    expect((await getTemplate(templateId, bob))?.launchCount).toBe(1);
    expect((await listTemplates(bob)).find((t) => t.id === templateId)?.launchCount).toBe(1);
    expect((await getTemplate(templateId, alice))?.launchCount).toBe(2);
  });

  it("notifications: the bell and the list never name a hidden task, and nobody is told of one", async () => {
    const bell = await listNotifications(bob, { limit: 20 });
    expectNoLeak(bell, "bell");
    expect(bell.unread).toBe(2);
    expect(bell.items.map((item) => item.title).sort()).toEqual(["Digest", "Failed: Work on checkout-api"]);

    const hidden = hiddenTasks.find((id) => id.includes("security-scanner"))!;
    const event = {
      kind: "opened" as const,
      eventKey: "triage:item-hidden:opened",
      itemId: "item-hidden",
      taskId: hidden,
      title: "Work on security-scanner",
      state: "failed",
      repository: "acme/security-scanner",
      ownerLabel: "web",
      reason: "Routing rule: test",
      url: `http://localhost/tasks/${hidden}`,
    };
    await db.user.update({ where: { id: bob.id }, data: { webhookUrl: "https://hooks.example/bob" } });
    const result = await notifyTriageEvent(db, event, { userIds: [bob.id, alice.id], teamIds: [] });
    // alice (admin) is told; bob neither in the bell nor through his own webhook.
    expect(result.notifications).toBe(1);
    expect(await db.notification.count({ where: { eventKey: event.eventKey, userId: bob.id } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { eventKey: event.eventKey, targetId: bob.id } })).toBe(0);
    expect(await db.notification.count({ where: { eventKey: event.eventKey, userId: alice.id } })).toBe(1);

    // A team's webhook message about it (an admin chose that channel) is listed to bob untitled.
    const team = await db.team.findFirstOrThrow({ where: { name: "web" } });
    await db.webhookDelivery.create({
      data: {
        targetType: "team",
        targetId: team.id,
        eventKey: event.eventKey,
        host: "hooks.example",
        body: { events: [event] },
      },
    });
    expectNoLeak(await listWebhookDeliveries({ viewer: bob }), "webhook deliveries");
    const forAdmin = await listWebhookDeliveries({ viewer: alice });
    expect(forAdmin.find((row) => row.eventKey === event.eventKey)?.title).toBe(event.title);
  });

  it("an export stops at its limit, says so, allows one at a time, and is audited", async () => {
    const run = await beginTaskExport(bob, DEFAULT_TASK_FILTERS, undefined, 2);
    await expect(beginTaskExport(bob, DEFAULT_TASK_FILTERS)).rejects.toMatchObject({
      failure: { code: "rate_limited" },
    });
    const rows = [];
    for await (const row of run.rows) rows.push(row);
    expect(rows).toHaveLength(2);
    expect(run.progress()).toEqual({ rows: 2, truncated: true });
    await run.end("ok");
    const record = await db.auditEvent.findFirstOrThrow({
      where: { action: "task.export", actorId: bob.id },
      orderBy: { at: "desc" },
    });
    expect(record.details).toMatchObject({ rows: 2, truncated: true, limit: 2 });
    expect(record.outcome).toBe("ok");
    // The lease is free again.
    const next = await beginTaskExport(bob, filters("state=failed"));
    await next.end("cancelled");
  });

  it("the portal marks an admin's view, and tells a new member their list is loading", async () => {
    expect(await getVisibilityNote(alice)).toEqual({ kind: "admin", hiddenRepositories: 2 });
    expect(await getVisibilityNote(bob)).toBeNull();
    const newcomer = await db.user.create({ data: { login: "newcomer" } });
    expect(await getVisibilityNote({ id: newcomer.id, role: "member" })).toEqual({ kind: "loading" });
    expect(
      (await listTasks({ filters: DEFAULT_TASK_FILTERS, viewer: { id: newcomer.id, role: "member" } })).rows,
    ).toEqual([]);
  });
});
