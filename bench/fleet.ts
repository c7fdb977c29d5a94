/**
 * `npm run bench:fleet`: a company's worth of people on the emulator, synced by two real worker
 * processes, with GitHub's default limits (5,000 counted requests an hour per person, 80 creations
 * a minute) and the default cadence (10 s with work in flight, 60 s settled).
 *
 * 300 people signed in (tokens minted by the emulator, stored encrypted as in production), 90,000
 * tasks across 500 repositories, one person holding 20,000 of them. Real time throughout: the
 * emulator's clock is the wall clock (it only moves faster when advanced, and this bench never
 * does), so every second below is a second.
 *
 * 1. Converge from an empty store (not scored; reported).
 * 2. Steady phase: every 10 s, 1/6 of 1 % of the in-flight tasks move on (≈ 1 %/min), settled people
 *    start follow-ups on finished tasks, and 30 people start a task through Switchyard's start path.
 * 3. Outage: every API request answers 503 for 5 minutes while the churn goes on; then GitHub
 *    recovers and the churn stops, so GitHub's truth is still and "matches exactly" has one answer.
 *
 * Figures: freshness (GitHub's updated_at → the change's row in Postgres) p50/p95 for active and
 * settled people and the heavy person, for transitions made in the steady phase up to 75 s before
 * the outage; counted requests per person per hour (emulator's counters, whole run from the steady
 * phase on); seconds from recovery to an exact match; lost and duplicated transitions; worker CPU
 * seconds per person-hour (/proc); Postgres size per million tasks.
 *
 * Options: --people 300 --scale 1 (tasks, repositories and the heavy person's tasks) --steady 300
 * --outage 300 (seconds) --workers 2. BENCH_DATABASE_PORT moves the scratch Postgres (default 54359).
 * Last line: `bench:fleet people=… fresh_p95_s=… settled_p95_s=… max_budget_pct=… outage_recover_s=… lost=… dup=…`.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Random } from "../github-emulator/core/random";
import { migrateDeploy, recreateDatabase, resolveDatabase } from "../scripts/lib/database";
import { demoEnvironment } from "../scripts/lib/demo";
import {
  churn,
  endOutage,
  notSyncedSince,
  freshness,
  percentile,
  populateFleet,
  secondsUntilMatch,
  startFromSwitchyard,
  startOutage,
  transitionAudit,
  type FleetPerson,
} from "../test/fleet-harness";
import { startHarness } from "../test/sync-harness";
import { spawnWorkerProcess } from "./support/worker-process";

const { values: args } = parseArgs({
  options: {
    people: { type: "string", default: "300" },
    scale: { type: "string", default: "1" },
    steady: { type: "string", default: "300" },
    outage: { type: "string", default: "300" },
    workers: { type: "string", default: "2" },
  },
});
const PEOPLE = Number(args.people);
const SCALE = Number(args.scale);
const STEADY_S = Number(args.steady);
const OUTAGE_S = Number(args.outage);
const WORKERS = Number(args.workers);
const TASKS = Math.round(90_000 * SCALE);
const REPOS = Math.max(25, Math.round(500 * SCALE));
const HEAVY = Math.round(20_000 * SCALE);
const STARTERS = Math.min(30, PEOPLE);
const TICK_S = 10;
const LIMIT = 5_000;
/** Transitions this close to the outage may be seen only after it: not scored as freshness. */
const SCORE_MARGIN_S = 75;

const GOALS = { freshP95: 15, settledP95: 70, budgetPct: 10, recoverS: 60 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

const server = await resolveDatabase({
  name: "pg-bench",
  port: Number(process.env.BENCH_DATABASE_PORT ?? 54359),
  database: "postgres",
});
const databaseUrl = await recreateDatabase(server.url, "switchyard_bench_fleet");
await migrateDeploy(databaseUrl);
const h = await startHarness({ databaseUrl, emulator: { seedTasks: false, seed: 18 } });
const workers = [] as ReturnType<typeof spawnWorkerProcess>[];

try {
  const setupStart = performance.now();
  const people = await populateFleet(h, {
    people: PEOPLE,
    tasks: TASKS,
    repos: REPOS,
    heavyTasks: PEOPLE > 1 ? HEAVY : 0,
    settledShare: 0.5,
    seed: 1800,
  });
  const groups = (group: FleetPerson["group"]) => people.filter((person) => person.group === group).length;
  console.info(
    `fleet: ${PEOPLE} people (${groups("active")} active, ${groups("settled")} settled, heavy: ${HEAVY} tasks), ` +
      `${h.gh.state.store.data.tasks.length} tasks across ${REPOS} repositories, set up in ${fmt((performance.now() - setupStart) / 1000)} s`,
  );

  const env = {
    ...process.env,
    ...demoEnvironment(h.gh.url, "http://localhost:3999"),
    DATABASE_URL: databaseUrl,
    TOKEN_ENCRYPTION_KEY: h.tokenKey,
    // Production's cadence and budget, not the demo's quicker, more generous ones.
    SYNC_SETTLED_SECONDS: "",
    SYNC_BUDGET_SHARE: "",
  };
  for (let i = 0; i < WORKERS; i++)
    workers.push(
      spawnWorkerProcess(env, { quiet: /unavailable|503|ECONNRESET|socket hang up|fetch failed/i }),
    );

  // 1. Converge from empty (checked every 5 s: each check reads every task on both sides, and the
  // emulator answering the workers shares this process).
  const converge = await secondsUntilMatch(h, people, 900, 5000);
  console.info(
    `  converge from an empty store: ${converge === null ? "NOT within 900 s" : `${fmt(converge)} s`}`,
  );

  // 2. Steady phase.
  await h.control("POST", "/counters/reset");
  const cpuStart = workers.map((worker) => worker.cpuSeconds());
  const t0 = Date.now();
  const random = new Random(18);
  const settledPeople = people.filter((person) => person.group === "settled");
  const followUpsPerTick = Math.max(1, Math.round(settledPeople.length / 10 / (60 / TICK_S)));
  const starters = people.filter((person) => person.group !== "heavy").slice(0, STARTERS);
  let transitions = 0;
  let started = 0;
  const tick = async (index: number, startsThisTick: FleetPerson[]) => {
    transitions += churn(h, people, random, { share: 0.01 / (60 / TICK_S), followUps: followUpsPerTick });
    for (const person of startsThisTick) {
      const repo = `acme/fleet-repo-${String(1 + ((index * 7) % REPOS)).padStart(4, "0")}`;
      if ((await startFromSwitchyard(h, person, repo, `Fleet start ${index}`)) === "started") started++;
    }
  };
  const steadyTicks = Math.floor(STEADY_S / TICK_S);
  for (let i = 0; i < steadyTicks; i++) {
    const next = t0 + (i + 1) * TICK_S * 1000;
    const share = starters.slice(
      Math.floor((i * starters.length) / steadyTicks),
      Math.floor(((i + 1) * starters.length) / steadyTicks),
    );
    await tick(i, share);
    await sleep(Math.max(0, next - Date.now()));
  }
  const outageAt = Date.now();
  console.info(
    `  steady ${fmt((outageAt - t0) / 1000, 0)} s: ${transitions} transitions made on GitHub, ${started}/${STARTERS} starts from Switchyard`,
  );

  // 3. Outage, churn going on, then recovery with GitHub still.
  await startOutage(h);
  for (let i = 0; i < Math.floor(OUTAGE_S / TICK_S); i++) {
    const next = outageAt + (i + 1) * TICK_S * 1000;
    await tick(steadyTicks + i, []);
    await sleep(Math.max(0, next - Date.now()));
  }
  await endOutage(h);
  const recoveredAt = Date.now();
  const recover = await secondsUntilMatch(h, people, 600, 2000);
  const end = Date.now();
  console.info(
    `  outage ${fmt((recoveredAt - outageAt) / 1000, 0)} s (${transitions} transitions in all), store matches GitHub ${
      recover === null ? "NOT within 600 s" : `${fmt(recover)} s after recovery`
    }`,
  );
  await sleep(3000); // the last changes' events
  const audit = await transitionAudit(h.db, people);
  // Whoever is still out of step, and why (their sync state as the store has it).
  const laggards = await h.db.userSyncState.findMany({
    where: { OR: [{ lastSuccessAt: null }, { lastSuccessAt: { lt: new Date(recoveredAt) } }] },
    select: {
      userId: true,
      status: true,
      lastError: true,
      consecutiveErrors: true,
      nextRunAt: true,
      lastCycle: true,
    },
  });
  // Everyone syncs well again within a settled cycle (and a bit) of the match: nobody stuck in backoff.
  const stuck = await notSyncedSince(h.db, new Date(recoveredAt), 90);

  // Figures.
  const cpu = workers.reduce((sum, worker, i) => sum + worker.cpuSeconds() - cpuStart[i]!, 0);
  const hours = (end - t0) / 3_600_000;
  const fresh = await freshness(h.db, people, new Date(t0), new Date(outageAt - SCORE_MARGIN_S * 1000));
  const counters = await h.control<{
    countedByKey: Record<string, number>;
    countedByKeyRoute: Record<string, Record<string, number>>;
  }>("GET", "/counters");
  const perHour = people
    .map((person) => (counters.countedByKey[`user:${person.githubId}`] ?? 0) / hours)
    .sort((a, b) => a - b);
  const heavy = people.find((person) => person.group === "heavy");
  const heavyPerHour = heavy ? (counters.countedByKey[`user:${heavy.githubId}`] ?? 0) / hours : Number.NaN;
  const maxBudgetPct = (perHour.at(-1)! / LIMIT) * 100;
  const [size] = await h.db.$queryRaw<{ bytes: bigint; tasks: bigint }[]>`
    SELECT pg_database_size(current_database()) AS bytes, (SELECT count(*) FROM "Task") AS tasks`;
  const perMillion = (Number(size!.bytes) / Number(size!.tasks)) * 1e6;

  const row = (label: string, values: number[]) =>
    console.info(
      `  freshness ${label}: p50 ${fmt(percentile(values, 50))} s, p95 ${fmt(percentile(values, 95))} s (${values.length} transitions)`,
    );
  // The machine is shared: its load says how far these seconds are from a quiet machine's.
  console.info(
    `  machine: ${cpus().length} cores, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" / ")} (1 / 5 / 15 min) at the end`,
  );
  row("active", fresh.active);
  row("settled", fresh.settled);
  row("heavy person (20,000-task share)", fresh.heavy);
  console.info(
    `  counted requests per person per hour: max ${fmt(perHour.at(-1)!, 0)} (${fmt(maxBudgetPct)} % of ${LIMIT}), ` +
      `median ${fmt(percentile(perHour, 50), 0)}, heavy person ${fmt(heavyPerHour, 0)}`,
  );
  if (heavy)
    console.info(
      `  heavy person's counted requests by route: ${JSON.stringify(counters.countedByKeyRoute[`user:${heavy.githubId}`] ?? {})}`,
    );
  for (const laggard of laggards)
    console.info(
      `  not synced since the recovery: ${people.find((person) => person.userId === laggard.userId)?.login ?? laggard.userId} ` +
        JSON.stringify({ ...laggard, userId: undefined }),
    );
  console.info(
    `  transitions: ${audit.changes} recorded for ${audit.tasks} tasks, lost ${audit.lost}, duplicated ${audit.dup}; people not synced since the recovery: ${stuck}`,
  );
  console.info(
    `  worker CPU: ${fmt(cpu)} s over ${fmt(hours * 60)} min for ${WORKERS} worker${WORKERS === 1 ? "" : "s"} = ${fmt(cpu / (PEOPLE * hours), 2)} s per person-hour (${fmt((cpu / ((end - t0) / 1000) / WORKERS) * 100, 0)} % of a core per worker)`,
  );
  console.info(
    `  Postgres: ${fmt(Number(size!.bytes) / 2 ** 20, 0)} MiB for ${size!.tasks} tasks = ${fmt(perMillion / 2 ** 30, 2)} GiB per million tasks`,
  );

  const freshP95 = percentile(fresh.active, 95);
  const settledP95 = percentile(fresh.settled, 95);
  const heavyP95 = percentile(fresh.heavy, 95);
  const recoverS = recover ?? Number.POSITIVE_INFINITY;
  const goals = [
    [`active freshness p95 ≤ ${GOALS.freshP95} s`, freshP95 <= GOALS.freshP95],
    [`settled freshness p95 ≤ ${GOALS.settledP95} s`, settledP95 <= GOALS.settledP95],
    [
      `heavy person does not hold others back (their p95 ≤ ${GOALS.freshP95} s)`,
      freshP95 <= GOALS.freshP95 && Number.isFinite(heavyP95),
    ],
    [`max budget ≤ ${GOALS.budgetPct} % of the primary limit`, maxBudgetPct <= GOALS.budgetPct],
    [`exact match ≤ ${GOALS.recoverS} s after the outage`, recoverS <= GOALS.recoverS],
    [`no lost or duplicated transition`, audit.lost === 0 && audit.dup === 0],
    [`no schedule left in backoff`, stuck === 0],
  ] as const;
  for (const [goal, met] of goals) console.info(`  goal ${met ? "met" : "MISSED"}: ${goal}`);
  console.info(
    `bench:fleet people=${PEOPLE} fresh_p95_s=${fmt(freshP95)} settled_p95_s=${fmt(settledP95)} ` +
      `max_budget_pct=${fmt(maxBudgetPct)} outage_recover_s=${recover === null ? "none" : fmt(recover)} lost=${audit.lost} dup=${audit.dup}`,
  );
  if (goals.some(([, met]) => !met)) process.exitCode = 1;
} finally {
  await Promise.all(workers.map((worker) => worker.stop()));
  await h.close();
  await server.stop();
}
