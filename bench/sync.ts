/**
 * `npm run bench:sync`: the sync engine against the emulator seeded with 10,000 tasks across 200
 * repositories for one person, in a scratch database.
 *
 * Reports: seconds to converge from an empty store (every task stored with GitHub's state), task
 * upserts per second, counted GitHub requests per steady-state cycle with 1% of tasks changing,
 * counted requests per cycle when nothing changed, and a naive poller (one GET per tracked task per
 * cycle) measured on the same emulator in the same run. Counted = what GitHub charges against the
 * primary rate limit (a 304 is free), read from the emulator's own counters.
 *
 * Goals: idle ⇒ 0 counted; ≥ 50× fewer counted requests than naive; convergence < 60 s.
 * Last line: `bench:sync ratio=<naive/ours> idle_counted=<n> converge_s=<s>`.
 */
import { performance } from "node:perf_hooks";
import { migrateDeploy, recreateDatabase, resolveDatabase } from "../scripts/lib/database";
import { byId, startHarness } from "../test/sync-harness";
import { syncUserCycle } from "../lib/sync/sync-user";

const TASKS = 10_000;
const REPOS = 200;
const STEADY_CYCLES = 5;
const NAIVE_CYCLES = 2;

const server = await resolveDatabase({ name: "pg-bench", port: 54359, database: "postgres" });
const databaseUrl = await recreateDatabase(server.url, "switchyard_bench");
await migrateDeploy(databaseUrl);
// GitHub's limit is 5,000/h; it is raised here so the naive poller and the full backfill of task
// details fit in one run. Our sync's own spending is what is measured, not the limit.
const h = await startHarness({
  databaseUrl,
  emulator: { seedTasks: false, primaryRateLimit: 1_000_000, seed: 42 },
});

type Totals = { totals: { counted: number; notCounted: number; total: number } };
const counted = async () => (await h.control<Totals>("GET", "/counters")).totals;
const matches = async () =>
  JSON.stringify(byId(await h.stored("alice"))) === JSON.stringify(byId(h.truth("alice")));

try {
  await h.control("POST", "/repos/bulk", { org: "acme", count: REPOS, prefix: "bench-" });
  const repos = Array.from({ length: REPOS }, (_, i) => `acme/bench-${String(i + 1).padStart(4, "0")}`);
  const bulk = await h.control<{ created: number }>("POST", "/tasks/bulk", {
    login: "alice",
    count: TASKS,
    repos,
    seed: 1,
    archivedShare: 0.05,
  });
  const alice = await h.signIn("alice");
  const deps = h.deps("bench", {}, 15_000);
  console.info(`sync: ${bulk.created} tasks across ${REPOS} repositories for one person`);

  // 1. Converge from empty: cycles back to back (the worker would run them 2 s apart).
  await h.control("POST", "/counters/reset");
  const convergeStart = performance.now();
  let cycles = 0;
  let firstCycleMs = 0;
  do {
    const started = performance.now();
    const report = await syncUserCycle(deps, alice);
    if (cycles === 0) firstCycleMs = performance.now() - started;
    cycles++;
    if (report.status !== "ok") throw new Error(`cycle failed: ${report.status} ${report.message}`);
  } while (!(await matches()) && cycles < 50);
  const convergeS = (performance.now() - convergeStart) / 1000;
  const convergeRequests = await counted();
  const stored = await h.db.task.count();
  console.info(
    `  converge from empty: ${convergeS.toFixed(1)} s, ${cycles} cycle(s), ${convergeRequests.counted} counted requests, ${stored} tasks stored`,
  );
  console.info(
    `  task upserts/s (first cycle: listing ${TASKS} + repositories + first detail batch): ${(TASKS / (firstCycleMs / 1000)).toFixed(0)}`,
  );

  // 2. Backfill every task's sessions (detail reads, highest priority first), then settle.
  const backfillStart = performance.now();
  let backfillCycles = 0;
  for (;;) {
    const report = await syncUserCycle(deps, alice);
    backfillCycles++;
    if (!report.backlog) break;
  }
  await syncUserCycle(deps, alice);
  const missing = await h.db.task.count({ where: { detailUpdatedAt: null } });
  console.info(
    `  detail backfill: ${((performance.now() - backfillStart) / 1000).toFixed(1)} s over ${backfillCycles} cycles, ${missing} tasks without sessions`,
  );

  // 3. Idle: nothing changed.
  await h.control("POST", "/counters/reset");
  let idleRequests = 0;
  for (let i = 0; i < 3; i++) idleRequests += (await syncUserCycle(deps, alice)).requests;
  const idle = await counted();
  console.info(
    `  idle (3 cycles, nothing changed): ${idle.counted} counted, ${idle.notCounted} not counted (304), ${idleRequests} requests sent`,
  );

  // 4. Steady state: 1% of tasks change between cycles.
  let oursCounted = 0;
  let oursMs = 0;
  for (let cycle = 0; cycle < STEADY_CYCLES; cycle++) {
    await h.control("POST", "/tasks/touch", { login: "alice", fraction: 0.01, seed: 1000 + cycle });
    await h.control("POST", "/counters/reset");
    const started = performance.now();
    const report = await syncUserCycle(deps, alice);
    oursMs += performance.now() - started;
    if (report.status !== "ok") throw new Error(`cycle failed: ${report.status}`);
    oursCounted += (await counted()).counted;
  }
  const converged = await matches();
  const oursPerCycle = oursCounted / STEADY_CYCLES;
  console.info(
    `  ours, 1% changed: ${oursPerCycle.toFixed(1)} counted requests/cycle, ${(oursMs / STEADY_CYCLES).toFixed(0)} ms/cycle, store matches GitHub: ${converged}`,
  );

  // 5. The naive poller on the same emulator: GET every tracked task, every cycle.
  const { token } = await h.control<{ token: string }>("POST", "/tokens", { login: "alice", kind: "pat" });
  const ids = (await h.db.task.findMany({ select: { id: true } })).map((task) => task.id);
  let naiveCounted = 0;
  let naiveMs = 0;
  for (let cycle = 0; cycle < NAIVE_CYCLES; cycle++) {
    await h.control("POST", "/tasks/touch", { login: "alice", fraction: 0.01, seed: 2000 + cycle });
    await h.control("POST", "/counters/reset");
    const started = performance.now();
    for (let i = 0; i < ids.length; i += 32) {
      await Promise.all(
        ids.slice(i, i + 32).map(async (id) => {
          const response = await fetch(`${h.gh.url}/agents/tasks/${id}`, {
            headers: { authorization: `Bearer ${token}`, "user-agent": "switchyard-bench" },
          });
          await response.arrayBuffer();
        }),
      );
    }
    naiveMs += performance.now() - started;
    naiveCounted += (await counted()).counted;
  }
  const naivePerCycle = naiveCounted / NAIVE_CYCLES;
  console.info(
    `  naive, 1% changed: ${naivePerCycle.toFixed(0)} counted requests/cycle, ${(naiveMs / NAIVE_CYCLES).toFixed(0)} ms/cycle`,
  );

  const ratio = naivePerCycle / Math.max(oursPerCycle, 1);
  const goals = [
    [`idle ⇒ 0 counted`, idle.counted === 0],
    [`≥ 50× fewer than naive (${ratio.toFixed(1)}×)`, ratio >= 50],
    [`converge < 60 s (${convergeS.toFixed(1)} s)`, convergeS < 60],
    [`store matches GitHub`, converged],
  ] as const;
  for (const [goal, met] of goals) console.info(`  goal ${met ? "met" : "MISSED"}: ${goal}`);
  console.info(
    `bench:sync ratio=${ratio.toFixed(1)} idle_counted=${idle.counted} converge_s=${convergeS.toFixed(1)}`,
  );
  if (goals.some(([, met]) => !met)) {
    process.exitCode = 1;
  }
} finally {
  await h.close();
  await server.stop();
}
