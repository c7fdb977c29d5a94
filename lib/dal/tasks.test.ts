/**
 * The queue and dashboard reads against a real Postgres: keyset pages never skip or repeat a row,
 * filters match plain SQL, and the dashboard's trigger-kept counters match the rows.
 * Uses GitHub ids above 900,000 so it can run beside the sync tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { TaskRow, TaskStateValue } from "@/lib/sync/mapping";
import { ensureRepositories, upsertTasks, withTaskWriteLock } from "@/lib/sync/store";
import { parseTaskFilters, type TaskFilters } from "@/lib/validations/task-filters";
import type { Viewer } from "@/lib/visibility/scope";
import { getDashboardSummary } from "./dashboard";
import { countTasks, listTasks } from "./tasks";

const CREATOR = 990_001;
const REPOS = [
  { id: "990000001", owner: "dal", name: "repo-a" },
  { id: "990000002", owner: "dal", name: "repo-b" },
];
const STATES: TaskStateValue[] = [
  "completed",
  "failed",
  "waiting_for_user",
  "in_progress",
  "idle",
  "cancelled",
];
let viewer: Viewer;

function filters(query: string): TaskFilters {
  const parsed = parseTaskFilters(new URLSearchParams(`scope=mine&${query}`));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.filters;
}

async function allPages(query: string, limit = 17) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listTasks({ filters: filters(query), viewer, cursor, limit });
    ids.push(...page.rows.map((row) => row.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  await withTaskWriteLock(
    db,
    (tx) => tx.$executeRaw`DELETE FROM "Task" WHERE "creatorGithubId" = ${BigInt(CREATOR)}`,
  );
  await db.$executeRaw`DELETE FROM "TaskDailyChange" WHERE "creatorGithubId" = ${BigInt(CREATOR)}`;
  const user = await db.user.upsert({
    where: { githubId: CREATOR },
    create: { githubId: CREATOR, login: "dal-tester" },
    update: {},
  });
  // A member who can see both repositories on GitHub (lib/visibility/visibility.test.ts covers those they cannot).
  viewer = { id: user.id, role: "member" };
  await ensureRepositories(db, REPOS);
  await db.repositoryAccess.createMany({
    data: REPOS.map((repo) => ({ userId: user.id, repositoryId: BigInt(repo.id) })),
    skipDuplicates: true,
  });
  const base = Date.parse("2026-11-20T10:00:00Z");
  const rows: TaskRow[] = Array.from({ length: 240 }, (_, i) => ({
    id: `dal-${String(i).padStart(4, "0")}`,
    repositoryId: REPOS[i % 2]!.id,
    creatorGithubId: String(CREATOR),
    creatorType: "user",
    state: STATES[i % STATES.length]!,
    name: i % 10 === 0 ? `Fix the needle ${i}` : `Routine task ${i}`,
    htmlUrl: null,
    apiUrl: null,
    customAgent: null,
    sessionCount: 1,
    headRef: null,
    baseRef: null,
    pullRequestId: i % 3 === 0 ? String(5000 + i) : null,
    pullRequestGlobalId: null,
    createdAt: new Date(base - i * 60_000).toISOString(),
    // Groups of four share an updated_at, so ties on the sort key must be broken by id.
    githubUpdatedAt: new Date(base + Math.floor(i / 4) * 1000).toISOString(),
    archivedAt: i % 40 === 39 ? new Date(base).toISOString() : null,
  }));
  await db.$transaction((tx) => upsertTasks(tx, rows, "user_list"));
});

afterAll(async () => {
  await db.$disconnect();
});

describe("task queue reads", () => {
  it("pages through every row exactly once, in order, for each sort", async () => {
    const expected = await db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Task" WHERE "creatorGithubId" = ${BigInt(CREATOR)} AND "archivedAt" IS NULL
      ORDER BY "githubUpdatedAt" DESC, id DESC`;
    expect(await allPages("")).toEqual(expected.map((row) => row.id));
    for (const sort of ["created", "in_state", "cost"]) {
      for (const dir of ["asc", "desc"]) {
        const ids = await allPages(`sort=${sort}&dir=${dir}`);
        expect(new Set(ids).size, `${sort} ${dir}`).toBe(expected.length);
      }
    }
  });

  it("filters match plain SQL", async () => {
    const count = async (where: string) =>
      Number(
        (
          await db.$queryRawUnsafe<{ n: bigint }[]>(
            `SELECT count(*) AS n FROM "Task" t WHERE t."creatorGithubId" = ${CREATOR} AND ${where}`,
          )
        )[0]!.n,
      );
    expect((await allPages("state=failed&state=waiting_for_user")).length).toBe(
      await count(`t.state IN ('failed', 'waiting_for_user') AND t."archivedAt" IS NULL`),
    );
    expect((await allPages("repo=dal/repo-a&pr=yes")).length).toBe(
      await count(
        `t."repositoryId" = 990000001 AND t."pullRequestId" IS NOT NULL AND t."archivedAt" IS NULL`,
      ),
    );
    expect((await allPages("q=needle")).length).toBe(
      await count(`t.name LIKE '%needle%' AND t."archivedAt" IS NULL`),
    );
    expect((await allPages("archived=only")).length).toBe(await count(`t."archivedAt" IS NOT NULL`));
    expect((await allPages("archived=include")).length).toBe(240);
    expect(await allPages("creator=nobody-here")).toEqual([]);
  });

  it("pr=merged lists the tasks with a merged tracked pull request (the Costs page's merges)", async () => {
    await db.pullRequest.deleteMany({ where: { id: { in: [990_000_901n, 990_000_902n] } } });
    const pull = (id: bigint, state: "merged" | "open", taskIds: string[]) =>
      db.pullRequest.create({
        data: {
          id,
          repositoryId: BigInt(REPOS[0]!.id),
          number: Number(id % 100_000n),
          title: "x",
          htmlUrl: "https://github.test/pr",
          state,
          headRef: `copilot/${id}`,
          baseRef: "main",
          headSha: "0".repeat(40),
          mergedAt: state === "merged" ? new Date() : null,
          githubUpdatedAt: new Date(),
          lastActivityAt: new Date(),
          refreshedAt: new Date(),
          tasks: { create: taskIds.map((taskId) => ({ taskId })) },
        },
      });
    await pull(990_000_901n, "merged", ["dal-0000", "dal-0002"]);
    await pull(990_000_902n, "open", ["dal-0004"]);
    expect((await allPages("pr=merged")).sort()).toEqual(["dal-0000", "dal-0002"]);
  });

  it("counts a view exactly up to the cap, and says when there are more", async () => {
    for (const query of ["", "state=failed", "q=needle", "archived=include", "creator=nobody-here"])
      expect(await countTasks({ filters: filters(query), viewer }), query).toEqual({
        count: (await allPages(query, 500)).length,
        capped: false,
      });
    expect(await countTasks({ filters: filters("archived=include"), viewer, cap: 240 })).toEqual({
      count: 240,
      capped: false,
    });
    expect(await countTasks({ filters: filters("archived=include"), viewer, cap: 100 })).toEqual({
      count: 100,
      capped: true,
    });
    // Someone who cannot see the repositories counts none of their tasks.
    const stranger = await db.user.upsert({
      where: { githubId: CREATOR + 1 },
      create: { githubId: CREATOR + 1, login: "dal-stranger" },
      update: {},
    });
    expect(
      await countTasks({
        filters: { ...filters("archived=include"), scope: "all" },
        viewer: { id: stranger.id, role: "member" },
      }),
    ).toEqual({ count: 0, capped: false });
  });

  it("an export of selected ids returns exactly those tasks, archived ones included", async () => {
    const ids = ["dal-0039", "dal-0001", "dal-0002", "not-a-task"];
    const page = await listTasks({ filters: filters("archived=include"), viewer, ids, limit: 500 });
    expect(page.rows.map((row) => row.id).sort()).toEqual(["dal-0001", "dal-0002", "dal-0039"]);
    expect(page.rows.find((row) => row.id === "dal-0039")?.archived).toBe(true);
    // The view's other filters still apply.
    const failedOnly = await listTasks({ filters: filters("state=failed&archived=include"), viewer, ids });
    expect(failedOnly.rows.map((row) => row.id)).toEqual(["dal-0001"]);
  });

  it("the dashboard's counters, oldest ages and today's changes match the rows", async () => {
    const summary = await getDashboardSummary({ scope: "mine", viewer });
    const actual = await db.$queryRaw<{ state: string; n: bigint }[]>`
      SELECT state::text, count(*) AS n FROM "Task"
      WHERE "creatorGithubId" = ${BigInt(CREATOR)} AND "archivedAt" IS NULL GROUP BY state`;
    for (const { state, n } of actual)
      expect(summary.states.find((s) => s.state === state)?.count, state).toBe(Number(n));
    expect(summary.states.find((s) => s.state === "queued")?.count).toBe(0);
    expect(summary.byRepository.map((row) => row.label).sort()).toEqual(["dal/repo-a", "dal/repo-b"]);
    expect(summary.byCreator.map((row) => row.label)).toEqual(["dal-tester"]);
    expect(summary.daily).toHaveLength(14);
    // Moving a task updates the counters and the day's changes through the triggers.
    const before = summary.states.find((s) => s.state === "failed")!.count;
    await db.$transaction((tx) =>
      upsertTasks(
        tx,
        [
          {
            id: "dal-0000",
            repositoryId: REPOS[0]!.id,
            creatorGithubId: String(CREATOR),
            creatorType: "user",
            state: "failed",
            name: "Fix the needle 0",
            htmlUrl: null,
            apiUrl: null,
            customAgent: null,
            sessionCount: 1,
            headRef: null,
            baseRef: null,
            pullRequestId: "5000",
            pullRequestGlobalId: null,
            createdAt: "2026-11-20T10:00:00.000Z",
            githubUpdatedAt: new Date().toISOString(),
            archivedAt: null,
          },
        ],
        "user_list",
      ),
    );
    const after = await getDashboardSummary({ scope: "mine", viewer });
    expect(after.states.find((s) => s.state === "failed")!.count).toBe(before + 1);
    expect(after.states.find((s) => s.state === "failed")!.changeToday).toBe(1);
    expect(after.states.find((s) => s.state === "completed")!.changeToday).toBe(-1);
  });

  it("a scope's PR outcome bands count each PR once, under the person whose task first linked it", async () => {
    const other = await db.user.upsert({
      where: { githubId: CREATOR + 1 },
      create: { githubId: CREATOR + 1, login: "dal-follower" },
      update: {},
    });
    await db.repositoryAccess.createMany({
      data: REPOS.map((repo) => ({ userId: other.id, repositoryId: BigInt(repo.id) })),
      skipDuplicates: true,
    });
    await withTaskWriteLock(db, (tx) => tx.task.deleteMany({ where: { id: "dal-follow-up" } }));
    await db.task.create({
      data: {
        id: "dal-follow-up",
        repositoryId: BigInt(REPOS[0]!.id),
        creatorGithubId: CREATOR + 1,
        state: "completed",
        createdAt: new Date(),
        githubUpdatedAt: new Date(),
      },
    });
    await db.pullRequest.deleteMany({ where: { id: 990_000_903n } });
    await db.pullRequest.create({
      data: {
        id: 990_000_903n,
        repositoryId: BigInt(REPOS[0]!.id),
        number: 903,
        title: "x",
        htmlUrl: "https://github.test/pr",
        state: "open",
        checksState: "failure",
        headRef: "copilot/903",
        baseRef: "main",
        headSha: "0".repeat(40),
        githubUpdatedAt: new Date(),
        lastActivityAt: new Date(),
        refreshedAt: new Date(),
      },
    });
    const outcomes = async (who: Viewer) =>
      (await getDashboardSummary({ scope: "mine", viewer: who })).pullOutcomes;
    const before = await outcomes(viewer);
    // Two of the tester's tasks, then a follow-up by someone else, work on the same PR.
    for (const taskId of ["dal-0006", "dal-0012", "dal-follow-up"])
      await db.taskPullRequest.create({ data: { taskId, pullRequestId: 990_000_903n } });
    const followerView = { id: other.id, role: "member" } as const;
    expect((await outcomes(viewer)).checks_failing).toBe(before.checks_failing + 1);
    expect((await outcomes(followerView)).checks_failing).toBe(0);
    // It moves band with its outcome, for its owner only.
    await db.pullRequest.update({
      where: { id: 990_000_903n },
      data: { state: "merged", mergedAt: new Date() },
    });
    expect(await outcomes(viewer)).toMatchObject({
      checks_failing: before.checks_failing,
      merged: before.merged + 1,
    });
    expect((await outcomes(followerView)).merged).toBe(0);
  });

  it("counts today from the viewer's own midnight, in their time zone", async () => {
    for (const timeZone of ["Asia/Tokyo", "America/New_York", "UTC"]) {
      const [row] = await db.$queryRaw<{ midnight: Date }[]>`
        SELECT date_trunc('day', now() AT TIME ZONE ${timeZone}) AT TIME ZONE ${timeZone} AS midnight`;
      const midnight = row!.midnight;
      const idleToday = async () =>
        (await getDashboardSummary({ scope: "mine", viewer, timeZone })).states.find(
          (s) => s.state === "idle",
        )!.changeToday;
      const before = await idleToday();
      // Seen entering idle an hour before their midnight (yesterday) and at it (today).
      await db.taskStateChange.createMany({
        data: [new Date(midnight.getTime() - 61 * 60_000), midnight].map((githubUpdatedAt) => ({
          taskId: "dal-0002",
          fromState: null,
          toState: "idle" as const,
          githubUpdatedAt,
          observedVia: "user_list" as const,
        })),
      });
      expect(await idleToday(), timeZone).toBe(before + 1);
    }
  });
});
