/**
 * Merges kept in TaskCost (prisma/sql/task-costs.sql) against the join they replace
 * (merges-by-join.ts), on random data: tasks and pull requests across three repositories and three
 * months, linked, unlinked, re-linked, merged, closed, reopened, moved between groups and deleted,
 * one row or many per statement. After each round every figure the Costs page reads (the month and
 * each breakdown, for an admin and for a member who sees two of the three repositories) must equal
 * the join exactly, and a rebuild from scratch must find the same counts. A failing seed is printed.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma, PrismaClient } from "@/generated/prisma/client";
import { isolatedDatabase } from "@/test/isolated-database";
import type { Viewer } from "@/lib/visibility/scope";
import { mergesByJoin, type JoinCounts } from "./merges-by-join";
import { COST_BREAKDOWNS, costBreakdown, monthTotals } from "./report";
import { pullOutcomeSql } from "@/lib/outcomes/outcome";

import { session } from "@/test/signed-in-session";

vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));

// The routes (through lib/db) and ours reach this file's database.
process.env.DATABASE_URL = await isolatedDatabase("cost_merges");
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 2 }),
});
const costExport = await import("@/app/api/costs/export/route");
const taskExport = await import("@/app/api/tasks/export/route");

const MONTHS = [8, 9, 10].map((month) => new Date(Date.UTC(2026, month, 1)));
const REPOS = [9_300_001n, 9_300_002n, 9_300_003n];
const CREATORS = [71, 72, 73];
const MODELS = ["model-a", "model-b", null];
let templates: string[] = [];
let campaign: string;
let teamMembers: number[] = [];
const admin: Viewer = { id: "", role: "admin" };
const member: Viewer = { id: "", role: "member" };
let logins: string[] = [];

/** A small seeded generator (mulberry32): the same seed replays the same operations. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

beforeAll(async () => {
  const users = await Promise.all(
    CREATORS.map((githubId, index) =>
      db.user.create({ data: { login: `merger-${index}`, githubId, role: "member" } }),
    ),
  );
  await db.repository.createMany({
    data: REPOS.map((id, index) => ({ id, owner: "acme", name: `merges-${index}` })),
  });
  logins = users.map((user) => user.login!);
  // The member sees the first two repositories only.
  member.id = users[0]!.id;
  admin.id = users[1]!.id;
  await db.repositoryAccess.createMany({
    data: REPOS.slice(0, 2).map((repositoryId) => ({ userId: member.id, repositoryId })),
  });
  const team = await db.team.create({ data: { name: "Mergers" } });
  await db.teamMember.createMany({
    data: users.slice(0, 2).map((user) => ({ teamId: team.id, userId: user.id })),
  });
  teamMembers = CREATORS.slice(0, 2);
  const made = await Promise.all(
    ["one", "two"].map((slug) =>
      db.template.create({
        data: { slug: `merges-${slug}`, name: slug, versions: { create: { version: 1, body: "x" } } },
        include: { versions: true },
      }),
    ),
  );
  templates = made.map((template) => template.id);
  campaign = (
    await db.campaign.create({
      data: {
        name: "Merges",
        templateVersionId: made[0]!.versions[0]!.id,
        createdById: users[0]!.id,
        status: "running",
        launchedById: users[0]!.id,
        launchedByLogin: "merger-0",
      },
    })
  ).id;
});

afterAll(async () => {
  await db.$disconnect();
});

let taskSeq = 0;
let pullSeq = 0;

const dayIn = (r: Random, month: Date) =>
  new Date(month.getTime() + Math.floor(r.next() * 27) * 86_400_000 + Math.floor(r.next() * 86_400_000));

/** A merge time: usually within the months, sometimes before a task's month began. */
const mergeTime = (r: Random) => dayIn(r, r.pick([new Date(Date.UTC(2026, 7, 1)), ...MONTHS]));

async function createTask(r: Random, repositoryId = r.pick(REPOS)) {
  const id = `merge-task-${++taskSeq}`;
  const createdAt = dayIn(r, r.pick(MONTHS));
  await db.task.create({
    data: {
      id,
      repositoryId,
      creatorGithubId: r.chance(0.9) ? r.pick(CREATORS) : null,
      state: "completed",
      createdAt,
      githubUpdatedAt: createdAt,
      creditsNano: BigInt(Math.floor(r.next() * 5e9)),
      templateId: r.chance(0.6) ? r.pick(templates) : null,
      campaignId: r.chance(0.3) ? campaign : null,
      model: r.pick(MODELS),
    },
  });
  return id;
}

async function createPull(r: Random, repositoryId: bigint) {
  const id = 7_700_000n + BigInt(++pullSeq);
  const state = r.pick(["open", "closed", "merged", "merged"] as const);
  const mergedAt = state === "merged" ? mergeTime(r) : null;
  await db.pullRequest.create({
    data: {
      id,
      repositoryId,
      number: pullSeq,
      title: `PR ${pullSeq}`,
      htmlUrl: `https://github.test/pr/${pullSeq}`,
      state,
      headRef: `copilot/merge-${pullSeq}`,
      baseRef: "main",
      headSha: "0".repeat(40),
      mergedAt,
      closedAt: state === "open" ? null : (mergedAt ?? new Date()),
      githubUpdatedAt: new Date(),
      lastActivityAt: new Date(),
      refreshedAt: new Date(),
    },
  });
  return id;
}

const anyTask = async (r: Random) => {
  const tasks = await db.task.findMany({ select: { id: true, repositoryId: true }, orderBy: { id: "asc" } });
  return tasks.length ? r.pick(tasks) : null;
};
const pullsIn = (repositoryId: bigint) =>
  db.pullRequest.findMany({ where: { repositoryId }, select: { id: true }, orderBy: { id: "asc" } });
const anyLink = async (r: Random) => {
  const links = await db.taskPullRequest.findMany({
    select: { taskId: true, pullRequestId: true },
    orderBy: [{ taskId: "asc" }, { pullRequestId: "asc" }],
  });
  return links.length ? r.pick(links) : null;
};

/** One random change, as the app or a cascade would make it. */
async function step(r: Random) {
  const kind = r.pick([
    "task",
    "link",
    "link",
    "link",
    "shared",
    "unlink",
    "relink",
    "merge",
    "unmerge",
    "regroup",
    "delete-task",
    "delete-pull",
    "merge-many",
    "unlink-many",
  ] as const);
  switch (kind) {
    case "task":
      return createTask(r);
    case "link": {
      // A task's PR is one of its repository's (lib/outcomes resolves it there).
      const task = await anyTask(r);
      if (!task) return createTask(r);
      const pulls = await pullsIn(task.repositoryId);
      const pull = pulls.length && r.chance(0.6) ? r.pick(pulls).id : await createPull(r, task.repositoryId);
      return db.taskPullRequest.createMany({
        data: [{ taskId: task.id, pullRequestId: pull }],
        skipDuplicates: true,
      });
    }
    case "shared": {
      // Several tasks (follow-ups) linked to one PR in one statement.
      const repositoryId = r.pick(REPOS);
      const tasks = [await createTask(r, repositoryId), await createTask(r, repositoryId)];
      const existing = await db.task.findMany({ where: { repositoryId }, select: { id: true }, take: 3 });
      const pull = await createPull(r, repositoryId);
      return db.taskPullRequest.createMany({
        data: [...new Set([...tasks, ...existing.map((task) => task.id)])].map((taskId) => ({
          taskId,
          pullRequestId: pull,
        })),
      });
    }
    case "unlink": {
      const link = await anyLink(r);
      if (link) await db.taskPullRequest.delete({ where: { taskId_pullRequestId: link } });
      return;
    }
    case "relink": {
      // The task's link moves to another PR of its repository (an UPDATE of the link row).
      const link = await anyLink(r);
      if (!link) return;
      const task = await db.task.findUniqueOrThrow({ where: { id: link.taskId } });
      const other = await createPull(r, task.repositoryId);
      return db.taskPullRequest.update({
        where: { taskId_pullRequestId: link },
        data: { pullRequestId: other },
      });
    }
    case "merge": {
      const pull = await db.pullRequest.findFirst({ where: { state: { not: "merged" } }, skip: pullSeq % 3 });
      if (pull)
        await db.pullRequest.update({
          where: { id: pull.id },
          data: { state: "merged", mergedAt: mergeTime(r) },
        });
      return;
    }
    case "unmerge": {
      // Closed, reopened, or its merge time corrected.
      const pulls = await db.pullRequest.findMany({ where: { state: "merged" }, orderBy: { id: "asc" } });
      if (!pulls.length) return;
      const pull = r.pick(pulls);
      const data = r.chance(0.5)
        ? { mergedAt: mergeTime(r) }
        : { state: r.pick(["open", "closed"] as const), mergedAt: null };
      return db.pullRequest.update({ where: { id: pull.id }, data });
    }
    case "regroup": {
      // A task moves between groups: creator, template, campaign, model or creation month.
      const task = await anyTask(r);
      if (!task) return;
      const data = r.pick([
        { creatorGithubId: r.pick(CREATORS) },
        { templateId: r.chance(0.5) ? r.pick(templates) : null },
        { campaignId: r.chance(0.5) ? campaign : null },
        { model: r.pick(MODELS) },
        { createdAt: dayIn(r, r.pick(MONTHS)) },
      ]);
      return db.task.update({ where: { id: task.id }, data });
    }
    case "delete-task": {
      const task = await anyTask(r);
      if (task && r.chance(0.5)) await db.task.delete({ where: { id: task.id } });
      return;
    }
    case "delete-pull": {
      const pulls = await db.pullRequest.findMany({ orderBy: { id: "asc" } });
      if (pulls.length && r.chance(0.5)) await db.pullRequest.delete({ where: { id: r.pick(pulls).id } });
      return;
    }
    case "merge-many":
      // One statement merging every open PR of a repository.
      return db.pullRequest.updateMany({
        where: { repositoryId: r.pick(REPOS), state: "open" },
        data: { state: "merged", mergedAt: mergeTime(r) },
      });
    case "unlink-many": {
      const pull = await db.pullRequest.findFirst({ where: { tasks: { some: {} } }, skip: pullSeq % 4 });
      if (pull) await db.taskPullRequest.deleteMany({ where: { pullRequestId: pull.id } });
      return;
    }
  }
}

const nonZero = (entries: [string, JoinCounts][]) =>
  Object.fromEntries(entries.filter(([, counts]) => counts.merged > 0 || counts.tasks > 0).sort());

/**
 * Every merge figure the Costs page reads, against the join, for one viewer and month; returns how
 * many merged PRs it compared.
 */
async function expectMatchesJoin(viewer: Viewer, month: Date): Promise<number> {
  const join = await mergesByJoin(db, viewer, month);
  const joined = (group: string) =>
    nonZero(
      [...join.entries()]
        .filter(([key]) => key.startsWith(`${group}:`))
        .map(([key, counts]) => [key.slice(group.length + 1), counts]),
    );
  const totals = (await monthTotals(db, viewer, month)).current;
  expect({ merged: totals.mergedPullRequests, tasks: totals.mergedTasks }).toEqual(
    join.get("total:") ?? { merged: 0, tasks: 0 },
  );
  for (const breakdown of COST_BREAKDOWNS) {
    const rows = await costBreakdown(db, viewer, breakdown, month, null);
    const counted = nonZero(
      rows.map((row) => [
        row.key,
        { merged: row.current.mergedPullRequests, tasks: row.current.mergedTasks },
      ]),
    );
    // A team adds up its members' figures (lib/costs/outcomes.ts).
    const expected =
      breakdown === "team"
        ? nonZero(
            rows.map((row) => [
              row.key,
              teamMembers
                .map((githubId) => join.get(`person:${githubId}`) ?? { merged: 0, tasks: 0 })
                .reduce((a, b) => ({ merged: a.merged + b.merged, tasks: a.tasks + b.tasks })),
            ]),
          )
        : joined(breakdown);
    expect({ breakdown, counted }).toEqual({ breakdown, counted: expected });
  }
  return join.get("total:")?.merged ?? 0;
}

/** The triggers' state must be what a rebuild from the links makes. */
async function expectRebuildAgrees() {
  const snapshot = () =>
    db.$queryRaw<{ rows: string }[]>`
      SELECT (SELECT string_agg(concat_ws(',', dimension, period, key, "repositoryId", "mergedPullRequests", "mergedTasks"), ';'
                ORDER BY dimension, period, key, "repositoryId")
              FROM "TaskCost" WHERE "mergedPullRequests" <> 0 OR "mergedTasks" <> 0)
        || '|' || (SELECT coalesce(string_agg(concat_ws(',', dimension, period, key, "repositoryId", "pullRequestId", tasks), ';'
                ORDER BY dimension, period, key, "repositoryId", "pullRequestId"), '') FROM "TaskCostMerge")
        || '|' || (SELECT coalesce(string_agg("taskId" || ',' || links, ';' ORDER BY "taskId"), '') FROM "TaskMergeCount")
        AS rows`;
  const before = await snapshot();
  await db.$executeRaw`SELECT switchyard_rebuild_task_merges()`;
  expect(await snapshot()).toEqual(before);
}

/**
 * The dashboard's PR outcome counters (prisma/sql/pull-request-outcomes.sql) must equal the app's
 * own classification of every tracked PR (pullOutcomeSql). Each round first moves some PRs' review
 * decision and checks in one statement, so every outcome is reached.
 */
async function expectOutcomeCountersAgree(r: Random) {
  const ids = (await db.pullRequest.findMany({ select: { id: true } })).map((p) => p.id);
  const some = ids.filter(() => r.chance(0.3));
  if (some.length > 0)
    await db.$executeRaw`UPDATE "PullRequest" SET
      "reviewDecision" = (${r.pick(["none", "approved", "changes_requested"])})::"ReviewDecision",
      "checksState" = (${r.pick(["none", "success", "failure"])})::"ChecksState"
      WHERE id = ANY(${some})`;
  const rows = (query: Prisma.Sql) =>
    db.$queryRaw<{ rows: string | null }[]>(query).then((r) => r[0]?.rows ?? "");
  expect(
    await rows(Prisma.sql`SELECT string_agg(concat_ws(',', "repositoryId", outcome, count), ';' ORDER BY "repositoryId", outcome) AS rows
      FROM "PullRequestOutcomeCounter" WHERE count <> 0`),
  ).toEqual(
    await rows(Prisma.sql`SELECT string_agg(concat_ws(',', "repositoryId", outcome, n), ';' ORDER BY "repositoryId", outcome) AS rows
      FROM (SELECT p."repositoryId", ${pullOutcomeSql("p")} AS outcome, count(*) AS n
            FROM "PullRequest" p GROUP BY 1, 2) c`),
  );
  // Per person: each PR under its creator.
  const key = Prisma.sql`concat_ws(',', "creatorGithubId", "repositoryId", outcome)`;
  expect(
    await rows(Prisma.sql`SELECT string_agg(concat_ws(',', ${key}, count), ';' ORDER BY ${key}) AS rows
      FROM "PullRequestCreatorOutcomeCounter" WHERE count <> 0`),
  ).toEqual(
    await rows(Prisma.sql`SELECT string_agg(concat_ws(',', ${key}, n), ';' ORDER BY ${key}) AS rows
      FROM (SELECT p."creatorGithubId", p."repositoryId", ${pullOutcomeSql("p")} AS outcome, count(*) AS n
            FROM "PullRequest" p WHERE p."creatorGithubId" IS NOT NULL GROUP BY 1, 2, 3) c`),
  );
  // Owners are set when a task of a known person links a PR (lib/dal/tasks.test.ts checks who).
  expect(await db.pullRequest.count({ where: { creatorGithubId: { not: null } } })).toBeGreaterThan(0);
}

describe("merged pull requests kept in TaskCost", () => {
  const seed = Number(process.env.MERGES_SEED ?? Date.now() % 1_000_000);

  it(`equal the join after every round of random changes (seed ${seed})`, async () => {
    const r = random(seed);
    // Merged PRs the rounds compared: a run that never had any proved little. (Counted over the
    // rounds, not at the end: the last changes may well unmerge or delete every merged PR.)
    let mergedCompared = 0;
    for (let i = 0; i < 12; i++) await createTask(r);
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 15; i++) await step(r);
      for (const month of MONTHS) {
        mergedCompared += await expectMatchesJoin(admin, month);
        await expectMatchesJoin(member, month);
      }
      await expectOutcomeCountersAgree(r);
    }
    await expectRebuildAgrees();
    await db.$executeRaw`SELECT switchyard_rebuild_pull_outcomes()`;
    await expectOutcomeCountersAgree(r);
    expect(mergedCompared).toBeGreaterThan(0);
  }, 120_000);

  it("a PR two tasks of a group worked on counts once; the member's figures leave hidden repositories out", async () => {
    const r = random(1);
    const [visible, hidden] = [REPOS[0]!, REPOS[2]!];
    const month = MONTHS[2]!;
    const at = new Date(month.getTime() + 86_400_000);
    const task = async (repositoryId: bigint) => {
      const id = `merge-fixed-${++taskSeq}`;
      await db.task.create({
        data: {
          id,
          repositoryId,
          creatorGithubId: 4242,
          state: "completed",
          createdAt: at,
          githubUpdatedAt: at,
          creditsNano: 3_000_000_000n,
          model: "fixed-model",
        },
      });
      return id;
    };
    const [first, second, third] = [await task(visible), await task(visible), await task(hidden)];
    const shared = await createPull(r, visible);
    const other = await createPull(r, hidden);
    await db.pullRequest.updateMany({
      where: { id: { in: [shared, other] } },
      data: { state: "open", mergedAt: null },
    });
    await db.taskPullRequest.createMany({
      data: [
        { taskId: first, pullRequestId: shared },
        { taskId: second, pullRequestId: shared },
        { taskId: third, pullRequestId: other },
      ],
    });
    const figure = async (viewer: Viewer) =>
      (await costBreakdown(db, viewer, "model", month, null)).find((row) => row.key === "fixed-model")
        ?.current;
    expect(await figure(admin)).toMatchObject({ tasks: 3, mergedPullRequests: 0, mergedTasks: 0 });
    await db.pullRequest.updateMany({
      where: { id: { in: [shared, other] } },
      data: { state: "merged", mergedAt: new Date(at.getTime() + 3_600_000) },
    });
    expect(await figure(admin)).toMatchObject({ tasks: 3, mergedPullRequests: 2, mergedTasks: 3 });
    expect(await figure(member)).toMatchObject({ tasks: 2, mergedPullRequests: 1, mergedTasks: 2 });
    // One of the two tasks goes: the PR still counts, through the other.
    await db.task.delete({ where: { id: first } });
    expect(await figure(member)).toMatchObject({ tasks: 1, mergedPullRequests: 1, mergedTasks: 1 });
    await db.pullRequest.delete({ where: { id: shared } });
    expect(await figure(member)).toMatchObject({ tasks: 1, mergedPullRequests: 0, mergedTasks: 0 });
    expect(await figure(admin)).toMatchObject({ tasks: 2, mergedPullRequests: 1, mergedTasks: 1 });
  });

  it("the exports carry them: per group in the costs CSV, per task in the queue's", async () => {
    // The rows of the test above: fixed-model has two tasks left in November, one visible to the
    // member, and one merged PR among them, in the repository the member cannot see.
    const csv = async (response: Response) => {
      expect(response.status).toBe(200);
      const [header, ...lines] = (await response.text()).trim().split("\r\n");
      const columns = header!.split(",");
      return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [columns[i], cell])));
    };
    const costs = async (login: string, role: Viewer["role"]) => {
      session.user = { id: role === "admin" ? admin.id : member.id, login, role };
      const rows = await csv(
        await costExport.GET(new Request("http://localhost/api/costs/export?month=2026-11")),
      );
      return rows.find((row) => row.breakdown === "model" && row.key === "fixed-model");
    };
    expect(await costs(logins[1]!, "admin")).toMatchObject({
      tasks: "2",
      credits: "6",
      merged_pull_requests: "1",
      tasks_merged: "1",
      credits_per_merged_pull_request: "6",
      merge_rate: "0.5000",
    });
    expect(await costs(logins[0]!, "member")).toMatchObject({
      tasks: "1",
      merged_pull_requests: "0",
      tasks_merged: "0",
      credits_per_merged_pull_request: "",
      merge_rate: "0.0000",
    });

    session.user = { id: admin.id, login: logins[1]!, role: "admin" };
    const tasks = await csv(
      await taskExport.GET(
        new Request("http://localhost/api/tasks/export?model=fixed-model&archived=include"),
      ),
    );
    const merged = await db.pullRequest.findFirstOrThrow({
      where: { tasks: { some: { task: { model: "fixed-model" } } } },
    });
    expect(
      tasks.map((row) => [row.pull_request_state, row.pull_request_merged_at, row.pull_request_url]).sort(),
    ).toEqual([
      ["", "", ""],
      ["merged", merged.mergedAt!.toISOString(), merged.htmlUrl],
    ]);
  });
});
