/**
 * `npm run bench:outcomes`: pull request tracking (lib/outcomes/refresh.ts) against the emulator with
 * 2,000 tasks whose PRs spread over 200 repositories, in a scratch database.
 *
 * Reports counted GitHub requests per cycle with 1% of PRs changing (a review, a merge, a close or a
 * failing status), counted requests in a cycle when nothing changed, and a naive refresher measured
 * on the same emulator in the same run: every PR, its reviews, requested reviewers, check runs,
 * combined status and Actions runs, every cycle, without ETags. Counted = what GitHub charges against
 * the primary rate limit (a 304 is free), from the emulator's own counters. Each cycle is what the
 * `outcomes_refresh` job runs: the refresh, then review items (lib/triage/reviews.ts). stale_flag_s:
 * wall seconds from a merge on GitHub to the PR's review item resolving in Switchyard, with cycles
 * run when the job would run them.
 *
 * Goals: ratio ≥ 20, idle 0, stale_flag_s < 60.
 * Last line: `bench:outcomes ratio=<naive/ours> idle_counted=<n> stale_flag_s=<s>`.
 * BENCH_DATABASE_PORT (54359) moves the scratch Postgres.
 */
import { performance } from "node:perf_hooks";
import { migrateDeploy, recreateDatabase, resolveDatabase } from "../scripts/lib/database";
import { startHarness } from "../test/sync-harness";
import { syncUserCycle } from "../lib/sync/sync-user";
import { refreshOutcomesCycle, type OutcomeConfig } from "../lib/outcomes/refresh";
import type { TriageDeps } from "../lib/triage/lifecycle";
import { syncReviewItems } from "../lib/triage/reviews";
import { Random } from "../github-emulator/core/random";

const TASKS = 2_000;
const REPOS = 200;
const STEADY_CYCLES = 5;
const NAIVE_CYCLES = 2;
const CHANGED_PER_CYCLE = TASKS / 100;

const server = await resolveDatabase({
  name: "pg-bench",
  port: Number(process.env.BENCH_DATABASE_PORT ?? 54359),
  database: "postgres",
});
const databaseUrl = await recreateDatabase(server.url, "switchyard_bench_outcomes");
await migrateDeploy(databaseUrl);
// The naive refresher alone spends 12,000 requests a cycle; the limit is raised so it can be measured.
const h = await startHarness({
  databaseUrl,
  emulator: { seedTasks: false, primaryRateLimit: 10_000_000, seed: 42 },
});

type Totals = { totals: { counted: number; notCounted: number; total: number } };
const totals = async () => (await h.control<Totals>("GET", "/counters")).totals;
// One person holds every task, so the per-person cap on lookups is lifted with the per-cycle one.
const config: Partial<OutcomeConfig> = {
  lookupsPerCycle: TASKS,
  lookupsPerPerson: TASKS,
  refreshesPerCycle: TASKS,
  concurrency: 16,
};
type Pull = { repository: string; number: number; state: string };

try {
  await h.control("POST", "/repos/bulk", { org: "acme", count: REPOS, prefix: "bench-" });
  const repos = Array.from({ length: REPOS }, (_, i) => `acme/bench-${String(i + 1).padStart(4, "0")}`);
  await h.control("POST", "/tasks/bulk", {
    login: "alice",
    count: TASKS,
    repos,
    seed: 1,
    stateMix: { completed: 1 },
    createPullRequest: true,
  });
  const alice = await h.signIn("alice");
  const deps = { db: h.db, clientFor: h.deps("bench", {}, 15_000).clientFor };
  for (let i = 0; i < 20 && (await h.db.task.count()) < TASKS; i++)
    await syncUserCycle(h.deps("bench"), alice);
  console.info(`outcomes: ${await h.db.task.count()} tasks with pull requests across ${REPOS} repositories`);

  // Simulated time for the counting phases: one cycle every 20 s, as the job runs them.
  let clock = Date.now();
  const triage = (now?: () => Date): TriageDeps => ({
    db: h.db,
    appUrl: "http://localhost:3000",
    clientForRepository: () => deps.clientFor(alice, { forceRefresh: false }),
    now,
  });
  const simulated = triage(() => new Date(clock));
  const cycle = async () => {
    const report = await refreshOutcomesCycle(deps, { now: new Date((clock += 20_000)), config });
    const reviews = await syncReviewItems(simulated);
    return { ...report, reviews };
  };

  // 1. Resolve every task's PR from its artifacts and read each once.
  await h.control("POST", "/counters/reset");
  const resolveStart = performance.now();
  // Lookups are also held to the person's background budget: cycles go on until none is left.
  const first = await cycle();
  let linked = first.linked;
  let reviewsOpened = first.reviews.opened;
  let cycles = 1;
  for (let more = first; more.lookups > 0 && cycles < 50; cycles++) {
    more = await cycle();
    linked += more.linked;
    reviewsOpened += more.reviews.opened;
  }
  const resolved = await totals();
  console.info(
    `  resolve: ${linked} PRs linked and read in ${cycles} cycle(s), ${((performance.now() - resolveStart) / 1000).toFixed(1)} s, ${resolved.counted} counted requests`,
  );

  // Every PR of a completed task is a review item (a run opens a batch; the job catches up).
  const openStart = performance.now();
  let opened = reviewsOpened;
  for (let more = 1; more > 0; opened += more) more = (await syncReviewItems(simulated)).opened;
  console.info(
    `  review items: ${opened} opened in ${((performance.now() - openStart) / 1000).toFixed(1)} s, ${(await totals()).counted - resolved.counted} counted requests (CODEOWNERS)`,
  );

  // 2. Idle: nothing changed on GitHub; whatever is due is read conditionally.
  await cycle();
  await h.control("POST", "/counters/reset");
  const idleReport = await cycle();
  const idle = await totals();
  console.info(
    `  idle: ${idleReport.refreshed} PRs re-read, ${idleReport.feedsRead} feeds, ${idle.total} requests, ${idle.counted} counted`,
  );

  // 3. Steady state: 1% of the PRs change before each cycle.
  const random = new Random(7);
  const change = async (cycleIndex: number) => {
    const open = (await h.control<Pull[]>("GET", "/pulls")).filter((p) => p.state === "open");
    for (let i = 0; i < CHANGED_PER_CYCLE && open.length > 0; i++) {
      const pull = open.splice(random.int(0, open.length - 1), 1)[0]!;
      const base = `/repos/${pull.repository}/pulls/${pull.number}`;
      const kind = (i + cycleIndex) % 4;
      if (kind === 0) await h.control("POST", `${base}/merge`, { login: "bob" });
      else if (kind === 1) await h.control("POST", `${base}/close`);
      else if (kind === 2)
        await h.control("POST", `${base}/reviews`, {
          login: "bob",
          state: "CHANGES_REQUESTED",
          body: "Not yet",
        });
      else await h.control("POST", `${base}/statuses`, { state: "failure", context: "ci/external" });
    }
  };
  let oursCounted = 0;
  let oursMs = 0;
  for (let i = 0; i < STEADY_CYCLES; i++) {
    await change(i);
    await h.control("POST", "/counters/reset");
    const started = performance.now();
    await cycle();
    oursMs += performance.now() - started;
    oursCounted += (await totals()).counted;
  }
  const oursPerCycle = oursCounted / STEADY_CYCLES;
  console.info(
    `  ours, 1% changed: ${oursPerCycle.toFixed(1)} counted requests/cycle, ${(oursMs / STEADY_CYCLES).toFixed(0)} ms/cycle`,
  );

  // 4. The naive refresher on the same emulator: everything about every PR, every cycle.
  const { token } = await h.control<{ token: string }>("POST", "/tokens", { login: "alice", kind: "pat" });
  const get = async (path: string) => {
    const response = await fetch(`${h.gh.url}${path}`, {
      headers: { authorization: `Bearer ${token}`, "user-agent": "switchyard-bench" },
    });
    return response.json() as Promise<{ head?: { sha: string } }>;
  };
  let naiveCounted = 0;
  let naiveMs = 0;
  for (let i = 0; i < NAIVE_CYCLES; i++) {
    await change(STEADY_CYCLES + i);
    const pulls = await h.control<Pull[]>("GET", "/pulls");
    await h.control("POST", "/counters/reset");
    const started = performance.now();
    for (let at = 0; at < pulls.length; at += 32) {
      await Promise.all(
        pulls.slice(at, at + 32).map(async (pull) => {
          const base = `/repos/${pull.repository}`;
          const pr = await get(`${base}/pulls/${pull.number}`);
          const sha = pr.head?.sha ?? "";
          await Promise.all([
            get(`${base}/pulls/${pull.number}/reviews`),
            get(`${base}/pulls/${pull.number}/requested_reviewers`),
            get(`${base}/commits/${sha}/check-runs`),
            get(`${base}/commits/${sha}/status`),
            get(`${base}/actions/runs?head_sha=${sha}&status=action_required`),
          ]);
        }),
      );
    }
    naiveMs += performance.now() - started;
    naiveCounted += (await totals()).counted;
  }
  const naivePerCycle = naiveCounted / NAIVE_CYCLES;
  console.info(
    `  naive, 1% changed: ${naivePerCycle.toFixed(0)} counted requests/cycle, ${(naiveMs / NAIVE_CYCLES).toFixed(0)} ms/cycle`,
  );

  // 5. Staleness in real time: merge right after a cycle, run the next when the job would, until
  // the PR's review item is resolved.
  const realTriage = triage();
  const realCycle = async () => {
    const next = await refreshOutcomesCycle(deps, { config });
    await syncReviewItems(realTriage);
    return next;
  };
  let report = await realCycle();
  const open = (await h.control<Pull[]>("GET", "/pulls")).find((p) => p.state === "open")!;
  const row = await h.db.pullRequest.findFirstOrThrow({
    where: { number: open.number, repository: { name: open.repository.split("/")[1]! } },
  });
  const item = await h.db.triageItem.findUniqueOrThrow({ where: { pullRequestId: row.id } });
  const mergedAt = performance.now();
  await h.control("POST", `/repos/${open.repository}/pulls/${open.number}/merge`, { login: "bob" });
  let staleS = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, report.nextRunAt.getTime() - Date.now())));
    report = await realCycle();
    const now = await h.db.triageItem.findUniqueOrThrow({
      where: { id: item.id },
      select: { status: true, resolution: true },
    });
    if (now.status === "resolved") {
      if (now.resolution !== "merged") throw new Error(`review item resolved as ${now.resolution}`);
      staleS = (performance.now() - mergedAt) / 1000;
      break;
    }
  }
  console.info(`  staleness: merged on GitHub → review item resolved in ${staleS.toFixed(1)} s`);

  const ratio = naivePerCycle / Math.max(oursPerCycle, 1);
  const goals = [
    [`ratio ≥ 20 (${ratio.toFixed(1)}×)`, ratio >= 20],
    [`idle ⇒ 0 counted (${idle.counted})`, idle.counted === 0],
    [`stale_flag_s < 60 (${staleS.toFixed(1)} s)`, staleS < 60],
  ] as const;
  for (const [goal, met] of goals) console.info(`  goal ${met ? "met" : "MISSED"}: ${goal}`);
  console.info(
    `bench:outcomes ratio=${ratio.toFixed(1)} idle_counted=${idle.counted} stale_flag_s=${staleS.toFixed(1)}`,
  );
  if (goals.some(([, met]) => !met)) process.exitCode = 1;
} finally {
  await h.close();
  await server.stop();
}
