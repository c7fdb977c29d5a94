/**
 * The sync engine against the emulator and a real Postgres: convergence to GitHub's truth, every
 * state change in order with its domain event, faults, revoked tokens, several workers at once.
 * All sync tests live in this file: they share the store's tables, so they run one after another.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { byId, startHarness, type Harness } from "@/test/sync-harness";
import { startWorker } from "@/worker/runner";
import { createTaskList } from "@/worker/tasks";
import { DEFAULT_BUDGET, refillBucket } from "./budget";
import { formatCredits } from "./mapping";
import { queueUserSync } from "@/lib/jobs/sync";
import { scheduleAllSyncs } from "./schedule";
import { syncRepositoryCycle } from "./sync-repository";
import { reconcileLaunches } from "@/lib/tasks/reconcile";
import { syncUserCycle } from "./sync-user";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ databaseUrl: process.env.DATABASE_URL! });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.clearStore();
  await h.control("POST", "/reset");
});

async function startTask(login: string, repo: string, prompt: string) {
  const { token } = await h.control<{ token: string }>("POST", "/tokens", { login, kind: "pat" });
  const response = await fetch(`${h.gh.url}/agents/repos/acme/${repo}/tasks`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "user-agent": "switchyard-test",
      "content-type": "application/json",
    },
    body: JSON.stringify({ prompt }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Every task's recorded changes form one unbroken chain ending in its current state. */
async function expectUnbrokenChains() {
  const ours = { task: { creatorGithubId: { lt: 900_000 } } };
  const changes = await h.db.taskStateChange.findMany({ where: ours, orderBy: { id: "asc" } });
  const tasks = new Map(
    (
      await h.db.task.findMany({
        where: { creatorGithubId: { lt: 900_000 } },
        select: { id: true, state: true },
      })
    ).map((t) => [t.id, t.state]),
  );
  const chains = new Map<string, typeof changes>();
  for (const change of changes) chains.set(change.taskId, [...(chains.get(change.taskId) ?? []), change]);
  expect(chains.size).toBe(tasks.size);
  for (const [taskId, chain] of chains) {
    expect(chain[0]!.fromState, `first change of ${taskId}`).toBeNull();
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.fromState).toBe(chain[i - 1]!.toState);
    expect(chain.at(-1)!.toState).toBe(tasks.get(taskId));
  }
  return changes;
}

/** Sync until the store matches the emulator (seeded tasks keep moving on their own clock). */
async function syncUntilMatches(userId: string, login: string) {
  for (let i = 0; i < 5; i++) {
    const report = await syncUserCycle(h.deps(), userId);
    expect(report.status).toBe("ok");
    if (JSON.stringify(byId(await h.stored(login))) === JSON.stringify(byId(h.truth(login)))) return report;
  }
  expect(byId(await h.stored(login))).toEqual(byId(h.truth(login)));
}

async function stateChangeJobs() {
  const rows = await h.db.$queryRaw<{ change: string }[]>`
    SELECT ids.change FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    CROSS JOIN LATERAL jsonb_array_elements_text(
      coalesce(j.payload::jsonb->'changeIds', jsonb_build_array(j.payload::jsonb->'changeId'))) AS ids(change)
    JOIN "TaskStateChange" c ON c.id = ids.change::bigint
    JOIN "Task" task ON task.id = c."taskId" AND task."creatorGithubId" < 900000
    WHERE t.identifier = 'task_state_changed'`;
  return rows.map((row) => row.change);
}

describe("sync for one person", () => {
  it("stores created, transitioned and archived tasks with every state change in order, and its events", async () => {
    const alice = await h.signIn("alice");
    await syncUntilMatches(alice, "alice");

    const taskId = await startTask(
      "alice",
      "checkout-api",
      "Add retries [emulator:outcome=failed] [emulator:failure=tests]",
    );
    await syncUserCycle(h.deps(), alice);
    expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).state).toBe("queued");

    await h.control("POST", `/tasks/${taskId}/transition`, { state: "in_progress" });
    await syncUserCycle(h.deps(), alice);
    await h.control("POST", `/tasks/${taskId}/transition`, { state: "failed" });
    await syncUserCycle(h.deps(), alice);
    await h.control("POST", `/tasks/${taskId}/archive`);
    const last = await syncUserCycle(h.deps(), alice);
    expect(last.status).toBe("ok");

    const task = await h.db.task.findUniqueOrThrow({
      where: { id: taskId },
      include: { sessions: true, stateChanges: { orderBy: { id: "asc" } }, repository: true },
    });
    expect(task.state).toBe("failed");
    expect(task.archivedAt).not.toBeNull();
    expect(task.repository).toMatchObject({ owner: "acme", name: "checkout-api", defaultBranch: "main" });
    expect(task.repository.resolvedAt).not.toBeNull();
    expect(task.stateChanges.map((c) => [c.fromState, c.toState])).toEqual([
      [null, "queued"],
      ["queued", "in_progress"],
      ["in_progress", "failed"],
    ]);
    // Sessions came from a task read: prompt, model, error and exact usage.
    expect(task.sessions).toHaveLength(1);
    expect(task.errorMessage).toBeTruthy();
    expect(task.prompt).toContain("Add retries");
    expect(task.detailUpdatedAt?.getTime()).toBe(task.githubUpdatedAt.getTime());
    await syncUntilMatches(alice, "alice");

    // One domain event per recorded change, queued in the same transaction.
    const changes = await expectUnbrokenChains();
    expect((await stateChangeJobs()).sort()).toEqual(changes.map((c) => c.id.toString()).sort());
  });

  it("keeps usage exact: ai_credits in integer nanos, premium_requests as decimals", async () => {
    const alice = await h.signIn("alice");
    await syncUserCycle(h.deps(), alice);
    // Run cycles until every task's sessions are stored (detail reads are capped per cycle).
    for (
      let i = 0;
      i < 5 &&
      (await h.db.task.count({ where: { detailUpdatedAt: null, creatorGithubId: { lt: 900_000 } } })) > 0;
      i++
    )
      await syncUserCycle(h.deps(), alice);
    const sessions = await h.db.taskSession.findMany();
    expect(sessions.length).toBeGreaterThan(0);
    const legacy = sessions.filter((s) => s.usageType === "premium_requests");
    expect(legacy.length).toBeGreaterThan(0);
    for (const session of legacy) expect(session.creditsNano).toBeNull();
    const credited = sessions.filter((s) => s.usageType === "ai_credits");
    for (const session of credited) expect(typeof session.creditsNano).toBe("bigint");
    // Task totals are exact sums of their sessions.
    const task = await h.db.task.findFirstOrThrow({
      where: { sessions: { some: { usageType: "ai_credits" } } },
      include: { sessions: true },
    });
    const sum = task.sessions.reduce((total, s) => total + (s.creditsNano ?? 0n), 0n);
    expect(task.creditsNano).toBe(sum);
    expect(formatCredits(1_550_000_000n)).toBe("1.6");
    expect(formatCredits(0n)).toBe("0.0");
  });

  it("costs nothing when nothing changed: the listing is a 304, not counted", async () => {
    const alice = await h.signIn("alice");
    await syncUserCycle(h.deps(), alice);
    await syncUserCycle(h.deps(), alice); // settles the probe's URL after the first walk
    // The archived probe's URL settles a cycle later: it first runs once the active probe is a 304.
    await syncUserCycle(h.deps(), alice);
    await h.control("POST", "/counters/reset");
    const idle = await syncUserCycle(h.deps(), alice);
    // Both probes (active and archived), each a 304.
    expect(idle).toMatchObject({ status: "ok", notModified: true, requests: 2, detailsFetched: 0 });
    const counters = await h.control<{ totals: { counted: number; notCounted: number } }>("GET", "/counters");
    expect(counters.totals).toMatchObject({ counted: 0, notCounted: 2 });
    expect(
      (await h.db.userSyncState.findUniqueOrThrow({ where: { userId: alice } })).confirmedAt,
    ).not.toBeNull();
  });

  it("reads everything GitHub changed during an outage in the first cycle after it, even at the debt floor", async () => {
    // Someone of their own, whose 400 finished tasks do not move by themselves.
    await h.control("POST", "/users/bulk", { org: "acme", count: 1, prefix: "outage" });
    const login = "outage0001";
    const person = await h.signIn(login);
    onTestFinished(async () => {
      // Their id is past the emulator's people, whom clearStore removes: the tests after this one
      // count people and tasks.
      const githubId = BigInt(h.gh.state.store.user(login)!.id);
      await h.db.$transaction([
        h.db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('switchyard:task-writes', 0))`,
        h.db.$executeRaw`DELETE FROM "Task" WHERE "creatorGithubId" = ${githubId}`,
        h.db.$executeRaw`DELETE FROM "TaskDailyChange" WHERE "creatorGithubId" = ${githubId}`,
      ]);
      await h.db.user.delete({ where: { id: person } });
    });
    await h.control("POST", "/tasks/bulk", {
      login,
      count: 400,
      repos: 10,
      stateMix: { completed: 1 },
      seed: 21,
    });
    await syncUntilMatches(person, login);
    // The person's listing has spent its bucket down to the debt floor: one page a cycle at most.
    const { maxDebt } = refillBucket({ tokens: null, at: null }, 5_000, new Date(), DEFAULT_BUDGET);
    const atDebtFloor = () =>
      h.db.userSyncState.update({
        where: { userId: person },
        data: { syncBudget: -maxDebt + 2.5, syncBudgetAt: new Date() },
      });

    await h.control("POST", "/faults", { type: "status", status: 503, path: "**", probability: 1 });
    expect((await syncUserCycle(h.deps(), person)).status).toBe("github_unavailable");
    await h.control("POST", "/tasks/touch", { login, fraction: 0.75, seed: 22 }); // 300 changes: 3 pages
    await h.control("DELETE", "/faults");
    await atDebtFloor();

    const report = await syncUserCycle(h.deps(), person);
    expect(report.status).toBe("ok");
    expect(byId(await h.stored(login))).toEqual(byId(h.truth(login)));
  });

  it("converges to exactly GitHub's truth through 20% faults, losing and doubling nothing", async () => {
    const alice = await h.signIn("alice");
    await h.control("POST", "/tasks/bulk", {
      login: "alice",
      count: 400,
      repos: 20,
      seed: 7,
      archivedShare: 0.1,
    });
    const faults = [
      { type: "status", status: 502, path: "/agents/**", probability: 0.07 },
      { type: "latency", latencyMs: 3_000, path: "/agents/**", probability: 0.05 },
      { type: "malformed_json", path: "/agents/**", probability: 0.05 },
      { type: "status", status: 503, path: "/repositories/*", probability: 0.2 },
      { type: "reset", path: "/agents/**", probability: 0.03 },
    ];
    for (const fault of faults) await h.control("POST", "/faults", fault);
    // The whole limit for the sync (not its 10% share): the backfill finishes within the test.
    const deps = h.deps("faulty", { detailsPerCycle: 100, budgetShare: 1 }, 500);
    const failures: string[] = [];
    for (let round = 0; round < 8; round++) {
      await h.control("POST", "/tasks/touch", { login: "alice", fraction: 0.03, seed: round + 1 });
      for (let i = 0; i < 40; i++) {
        const report = await syncUserCycle(deps, alice);
        if (report.status !== "ok") failures.push(report.status);
        else if (report.notModified) break;
      }
    }
    await h.control("DELETE", "/faults");
    // A clean cycle or two to finish detail backlog the faults interrupted.
    for (let i = 0; i < 10; i++) if (!(await syncUserCycle(deps, alice)).backlog) break;
    const injected = await h.control<{ faultsInjected: number }>("GET", "/counters");
    expect(injected.faultsInjected).toBeGreaterThan(10);
    expect(failures.length).toBeGreaterThan(0); // the faults really reached the sync
    expect(byId(await h.stored("alice"))).toEqual(byId(h.truth("alice")));
    await expectUnbrokenChains();
    const duplicates = await h.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT "taskId", "toState", "githubUpdatedAt" FROM "TaskStateChange"
      GROUP BY 1, 2, 3 HAVING count(*) > 1) d`;
    expect(duplicates[0]!.n).toBe(0n);
    expect(
      await h.db.task.count({ where: { detailUpdatedAt: null, creatorGithubId: { lt: 900_000 } } }),
    ).toBe(0);
    // The dashboard's trigger-kept counters agree with the rows.
    const counters = await h.db.$queryRaw<{ mismatches: bigint }[]>`
      SELECT count(*) AS mismatches FROM (
        SELECT coalesce("creatorGithubId", 0) AS c, "repositoryId" AS r, state, "archivedAt" IS NOT NULL AS a, count(*)::int AS n
        FROM "Task" WHERE "creatorGithubId" < 900000 GROUP BY 1, 2, 3, 4) actual
      FULL JOIN (SELECT * FROM "TaskCounter" WHERE count <> 0 AND "creatorGithubId" < 900000) kept
        ON kept."creatorGithubId" = actual.c AND kept."repositoryId" = actual.r AND kept.state = actual.state
       AND kept.archived = actual.a
      WHERE actual.n IS DISTINCT FROM kept.count`;
    expect(counters[0]!.mismatches).toBe(0n);
    const daily = await h.db.$queryRaw<{ entered: bigint; changes: bigint }[]>`
      SELECT (SELECT sum("enteredQueued" + "enteredInProgress" + "enteredCompleted" + "enteredFailed" + "enteredIdle"
                + "enteredWaitingForUser" + "enteredTimedOut" + "enteredCancelled")
              FROM "TaskDailyChange" WHERE "creatorGithubId" BETWEEN 0 AND 899999 AND "repositoryId" <> -1) AS entered,
        (SELECT count(*) FROM "TaskStateChange" c JOIN "Task" t ON t.id = c."taskId" WHERE t."creatorGithubId" < 900000) AS changes`;
    expect(daily[0]!.entered).toBe(daily[0]!.changes);
  }, 120_000);
});

describe("one person's trouble never stalls the others", () => {
  it("marks a revoked token and keeps syncing everyone else", async () => {
    const alice = await h.signIn("alice");
    const bob = await h.signIn("bob");
    await syncUserCycle(h.deps(), alice);
    await syncUserCycle(h.deps(), bob);
    await h.control("POST", "/users/alice/revoke-tokens");
    const bobsTask = await startTask("bob", "checkout-api", "Bump lodash");

    const [aliceReport, bobReport] = await Promise.all([
      syncUserCycle(h.deps(), alice),
      syncUserCycle(h.deps(), bob),
    ]);
    expect(aliceReport.status).toBe("token_problem");
    expect(aliceReport.nextRunAt).toBeNull(); // no more attempts until alice signs in again
    expect(bobReport.status).toBe("ok");
    expect(await h.db.task.findUnique({ where: { id: bobsTask } })).not.toBeNull();
    const aliceState = await h.db.userSyncState.findUniqueOrThrow({ where: { userId: alice } });
    expect(aliceState).toMatchObject({ status: "token_problem" });
    expect(aliceState.lastError).toMatch(/sign in again/i);
    const account = await h.db.account.findFirstOrThrow({ where: { userId: alice } });
    expect(account.tokenProblem).not.toBeNull();
    // The scheduler leaves alice out until she signs in again.
    expect(await scheduleAllSyncs(h.db)).toMatchObject({ users: 1 });
  });

  it("keeps tasks of people without a usable sign-in fresh through a repository-scoped listing", async () => {
    const alice = await h.signIn("alice");
    await h.signIn("bob");
    const taskId = await startTask(
      "alice",
      "checkout-api",
      "Add a health check [emulator:outcome=waiting_for_user]",
    );
    await syncUserCycle(h.deps(), alice);
    await h.control("POST", "/users/alice/revoke-tokens");
    await syncUserCycle(h.deps(), alice); // discovers the revoked token
    await h.control("POST", `/tasks/${taskId}/transition`, { state: "waiting_for_user" });

    const repositoryId = (
      await h.db.task.findUniqueOrThrow({ where: { id: taskId } })
    ).repositoryId.toString();
    const report = await syncRepositoryCycle(h.deps(), repositoryId);
    expect(report.status).toBe("ok");
    const task = await h.db.task.findUniqueOrThrow({
      where: { id: taskId },
      include: { stateChanges: true },
    });
    expect(task.state).toBe("waiting_for_user");
    expect(task.stateChanges.at(-1)).toMatchObject({ toState: "waiting_for_user", observedVia: "repo_list" });
    const state = await h.db.repositorySyncState.findUniqueOrThrow({
      where: { repositoryId: BigInt(repositoryId) },
    });
    expect(state.viaUserId).not.toBe(alice);
  });
});

describe("several workers", () => {
  it("lets only one worker run a person's cycle at a time", async () => {
    const alice = await h.signIn("alice");
    await h.control("POST", "/tasks/bulk", { login: "alice", count: 300, repos: 10, seed: 3 });
    // Two jobs in one worker process (same worker id) as well as in two processes.
    for (const [first, second] of [
      ["same", "same"],
      ["a", "b"],
    ]) {
      const [a, b] = await Promise.all([
        syncUserCycle(h.deps(first), alice),
        syncUserCycle(h.deps(second), alice),
      ]);
      expect([a.skipped, b.skipped].filter(Boolean)).toEqual(["lease_held"]);
      expect([a, b].find((report) => report.skipped)!.nextRunAt).not.toBeNull();
    }
    const state = await h.db.userSyncState.findUniqueOrThrow({ where: { userId: alice } });
    expect([state.leaseOwner, state.leaseUntil]).toEqual([null, null]);
  });

  it("two worker processes produce the same store as GitHub's truth, with each change recorded once", async () => {
    const alice = await h.signIn("alice");
    const bob = await h.signIn("bob");
    await h.control("POST", "/tasks/bulk", { login: "alice", count: 500, repos: 25, seed: 11 });
    await h.control("POST", "/tasks/bulk", { login: "bob", count: 300, repos: 25, seed: 12 });
    const config = { watchSeconds: 0.2, backlogSeconds: 0.2, activeSeconds: 0.3, settledSeconds: 0.3 };
    const workers = await Promise.all(
      ["one", "two"].map((name) =>
        startWorker({
          connectionString: process.env.DATABASE_URL!,
          concurrency: 2,
          taskList: createTaskList({
            ...h.deps(name, config),
            accessPolicy: { allowedOrgs: ["acme"], allowOutsideCollaborators: false },
          }),
        }),
      ),
    );
    try {
      await queueUserSync(h.db, alice);
      await queueUserSync(h.db, bob);
      for (let round = 0; round < 3; round++) {
        await h.control("POST", "/tasks/touch", { fraction: 0.05, seed: 100 + round });
        await waitFor(async () => {
          const [a, b] = await Promise.all([h.stored("alice"), h.stored("bob")]);
          return (
            JSON.stringify(byId(a)) === JSON.stringify(byId(h.truth("alice"))) &&
            JSON.stringify(byId(b)) === JSON.stringify(byId(h.truth("bob")))
          );
        }, 60_000);
      }
      // The last changes' events are queued with them; give the workers the moment to run them.
      await waitFor(async () => (await stateChangeJobs()).length === 0, 30_000).catch(() => {});
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    await expectUnbrokenChains();
    // Every change's domain event was delivered (the workers ran them) and none is left behind.
    expect(await stateChangeJobs()).toEqual([]);
  }, 150_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("timed out waiting for the store to match GitHub");
}

describe("launches with an unknown outcome", () => {
  it("are matched to the task GitHub started, or marked as never started, and never started twice", async () => {
    const alice = await h.signIn("alice");
    const started = "Bump the Go toolchain [emulator:outcome=completed]";
    // The POST reached GitHub, but Switchyard never heard back.
    const taskId = await startTask("alice", "checkout-api", started);
    const intent = (prompt: string, status: "unknown" | "pending", ageSeconds = 0) =>
      h.db.launch.create({
        data: {
          userId: alice,
          githubLogin: "alice",
          owner: "acme",
          repo: "checkout-api",
          prompt,
          status,
          createdAt: new Date(Date.now() - ageSeconds * 1000),
        },
      });
    const unknown = await intent(started, "unknown");
    const lost = await intent("Rename the cart package", "pending", 600);
    const fresh = await intent("Still being sent", "pending", 5);
    await h.control("POST", "/counters/reset");

    const report = await reconcileLaunches(h.deps());
    expect(report).toMatchObject({ started: 1, notStarted: 1, errors: 0 });
    expect(await h.db.launch.findUniqueOrThrow({ where: { id: unknown.id } })).toMatchObject({
      status: "started",
      taskId,
    });
    expect(await h.db.launch.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      status: "failed",
      errorKind: "not_started",
    });
    expect((await h.db.launch.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("pending");
    // Reconciling only reads: no task was created.
    const counters = await h.control<{ routes: Record<string, { total: number }> }>("GET", "/counters");
    expect(Object.keys(counters.routes)).toContain("GET /agents/repos/{owner}/{repo}/tasks");
    expect(Object.keys(counters.routes).filter((route) => route.startsWith("POST"))).toEqual([]);
    expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).state).toBeTruthy();
  });
});
