/**
 * `npm run bench:costs`: the Costs page's queries at the size `npm run bench:dashboard` left its
 * scratch database at (1,000,000 tasks by default, ~70% with a pull request), for an admin and for a
 * member who sees half the repositories, against the page as it was before merges were kept in
 * TaskCost: the same reads followed by the join of the month's tasks to their pull requests (cost per
 * merged PR and merge rate per template, campaign and model), measured in turns in the same run. Also
 * the cost of keeping the counts: bringing them up to date on the existing rows (the migration's
 * rebuild, after seeding or with BENCH_REBUILD=1), and merging 1,000 pull requests in one statement
 * (rolled back).
 *
 * Reuses the scratch database of bench:dashboard (`.data/pg-bench-dashboard`, database
 * `switchyard_bench_dashboard`; run that first, or copy a ready data directory there) and migrates it
 * to this checkout. BENCH_DATABASE_PORT (54369) moves its Postgres.
 * Last line: `bench:costs tasks=<n> costs_p95_ms=<n> scoped_costs_p95_ms=<n> join_costs_p95_ms=<n>
 * join_scoped_costs_p95_ms=<n> ratio=<join page p95 / page p95, member>`.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { migrateDeploy } from "../scripts/lib/database";
import { DASHBOARD_DATABASE as DATABASE, startDashboardDatabase } from "./support/dashboard-database";
import type { Viewer } from "../lib/visibility/scope";
import { line, measure, measurePair, ms } from "./support/measure";
import { seedPullRequests } from "./support/seed-pull-requests";

const RUNS = 30;
/** bench:dashboard's member, who sees every other repository; the same person as an admin. */
const VIEWER_ID = "bench-user-0";

const server = await startDashboardDatabase();
let disconnect: (() => Promise<void>) | undefined;
let client: pg.Client | undefined;

try {
  const url = new URL(server.url);
  url.pathname = `/${DATABASE}`;
  const databaseUrl = url.toString();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DATABASE]);
  await admin.end();
  if (exists.rowCount === 0)
    throw new Error(`No ${DATABASE} in .data/pg-bench-dashboard: run npm run bench:dashboard first.`);

  // Brings the scratch database to this checkout's schema; the first time, the counts are rebuilt.
  const migrateStart = performance.now();
  await migrateDeploy(databaseUrl);
  const migrateS = (performance.now() - migrateStart) / 1000;

  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A database seeded before PR tracking has tasks with PR artifacts but no pull requests: add them
  // as bench:dashboard now seeds them, triggers off as in its bulk load (the rebuild below counts).
  const linked = await client.query(`SELECT EXISTS (SELECT 1 FROM "TaskPullRequest") AS linked`);
  const seedNow = !linked.rows[0].linked;
  if (seedNow) {
    const seedStart = performance.now();
    await client.query(`ALTER TABLE "TaskPullRequest" DISABLE TRIGGER USER`);
    const ids = await client.query(`SELECT min(id) AS first, max(id) AS last FROM "Task"`);
    await seedPullRequests(client, [ids.rows[0].first, ids.rows[0].last]);
    await client.query(`ALTER TABLE "TaskPullRequest" ENABLE TRIGGER USER`);
    console.info(
      `seeded the tasks' pull requests in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
  }
  const sizes = await client.query<{ tasks: string; pulls: string; merged: string; refs: string }>(
    `SELECT (SELECT count(*) FROM "Task") AS tasks, (SELECT count(*) FROM "TaskPullRequest") AS pulls,
       (SELECT count(*) FROM "PullRequest" WHERE state = 'merged') AS merged,
       (SELECT count(*) FROM "TaskCostMerge") AS refs`,
  );
  const size = sizes.rows[0]!;
  const tasks = Number(size.tasks);
  if (tasks === 0) throw new Error(`${DATABASE} has no tasks: run npm run bench:dashboard first.`);
  // Rebuilding the counts from every link, as the migration does on existing data: after seeding,
  // or with BENCH_REBUILD=1 (minutes at a million tasks).
  let rebuildS: number | null = null;
  if (seedNow || process.env.BENCH_REBUILD === "1") {
    const rebuildStart = performance.now();
    await client.query(`SELECT switchyard_rebuild_task_merges()`);
    rebuildS = (performance.now() - rebuildStart) / 1000;
    await client.query(`VACUUM (ANALYZE) "TaskCost", "TaskCostMerge", "TaskMergeCount"`);
  }

  // The upkeep: 1,000 open pull requests merged in one statement, rolled back.
  await client.query("BEGIN");
  const mergeStart = performance.now();
  const merged = await client.query(
    `UPDATE "PullRequest" SET state = 'merged', "mergedAt" = now()
     WHERE id IN (SELECT p.id FROM "PullRequest" p WHERE p.state = 'open' ORDER BY p.id LIMIT 1000)`,
  );
  const mergeMs = performance.now() - mergeStart;
  await client.query("ROLLBACK");
  const plainStart = performance.now();
  await client.query("BEGIN");
  await client.query(`ALTER TABLE "PullRequest" DISABLE TRIGGER "PullRequest_merge_update"`);
  await client.query(
    `UPDATE "PullRequest" SET state = 'merged', "mergedAt" = now()
     WHERE id IN (SELECT p.id FROM "PullRequest" p WHERE p.state = 'open' ORDER BY p.id LIMIT 1000)`,
  );
  const plainMs = performance.now() - plainStart;
  await client.query("ROLLBACK");

  process.env.DATABASE_URL = databaseUrl;
  const { getCostsPage } = await import("../lib/dal/costs");
  const { mergesByJoin } = await import("../lib/costs/merges-by-join");
  const { db } = await import("../lib/db");
  disconnect = () => db.$disconnect();

  const adminViewer: Viewer = { id: VIEWER_ID, role: "admin" };
  const member: Viewer = { id: VIEWER_ID, role: "member" };
  // The latest full month, as bench:dashboard reads it.
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const month = lastMonth.toISOString().slice(0, 7);
  const page = (viewer: Viewer) => getCostsPage(viewer, { month, granularity: "day" });
  // Before: the same reads, then the join for cost per merged PR (template, campaign, model).
  const joinPage = async (viewer: Viewer) => {
    await page(viewer);
    await mergesByJoin(db, viewer, lastMonth, ["total", "template", "campaign", "model"]);
  };

  console.info(
    `costs: ${tasks.toLocaleString("en")} tasks, ${Number(size.pulls).toLocaleString("en")} linked pull requests ` +
      `(${Number(size.merged).toLocaleString("en")} merged), ${Number(size.refs).toLocaleString("en")} TaskCostMerge rows; month ${month}`,
  );
  console.info(
    `  migrate deploy (the counts checked) ${migrateS.toFixed(1)} s` +
      (rebuildS === null ? "" : `; a full rebuild of the counts ${rebuildS.toFixed(1)} s`),
  );
  console.info(
    `  merging ${merged.rowCount} pull requests in one statement: ${ms(mergeMs)} ms with the counts kept, ` +
      `${ms(plainMs)} ms without the trigger`,
  );
  const [costs, joinCosts] = await measurePair(
    () => page(adminViewer),
    () => joinPage(adminViewer),
    RUNS,
  );
  const [scoped, joinScoped] = await measurePair(
    () => page(member),
    () => joinPage(member),
    RUNS,
  );
  // The merges alone, every breakdown: the page now reads them with the credits, the join per group.
  const joinAll = await measure(() => mergesByJoin(db, member, lastMonth), Math.min(RUNS, 10), 1);
  // Where the member's page time goes, query by query (each alone, so they add up to more than the
  // page, which runs them side by side).
  const { COST_BREAKDOWNS, costBreakdown, costSeries, expensiveTasks, monthTotals, retryChains } =
    await import("../lib/costs/report");
  const parts: [string, () => Promise<unknown>][] = [
    ["month totals (with merges)", () => monthTotals(db, member, lastMonth)],
    ["chart by day", () => costSeries(db, member, "day", lastMonth, now)],
    ...COST_BREAKDOWNS.map(
      (breakdown) =>
        [
          `breakdown by ${breakdown} (with merges)`,
          () => costBreakdown(db, member, breakdown, lastMonth),
        ] as [string, () => Promise<unknown>],
    ),
    ["most expensive tasks", () => expensiveTasks(db, member, lastMonth)],
    ["retry chains", () => retryChains(db, member, lastMonth)],
  ];
  const timed: [string, Awaited<ReturnType<typeof measure>>][] = [];
  for (const [label, run] of parts) timed.push([label, await measure(run, Math.min(RUNS, 10), 1)]);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  line("costs page data (admin)", costs, `   join/counters p95 ${ratio(joinCosts.p95, costs.p95)}`);
  line("baseline: the same with the merge join (admin)", joinCosts);
  line(
    "costs page data (member, half the repositories)",
    scoped,
    `   join/counters p95 ${ratio(joinScoped.p95, scoped.p95)}`,
  );
  line("baseline: the same with the merge join (member)", joinScoped);
  line("the join for all six breakdowns (member)", joinAll);
  console.info("  the member's page, query by query:");
  for (const [label, figures] of timed) line(`  ${label}`, figures);
  console.info(
    `bench:costs tasks=${tasks} costs_p95_ms=${ms(costs.p95)} scoped_costs_p95_ms=${ms(scoped.p95)} ` +
      `join_costs_p95_ms=${ms(joinCosts.p95)} join_scoped_costs_p95_ms=${ms(joinScoped.p95)} ` +
      `ratio=${(joinScoped.p95 / scoped.p95).toFixed(1)}`,
  );
} finally {
  await disconnect?.().catch(() => {});
  await client?.end().catch(() => {});
  await server.stop();
}
