/**
 * `npm run bench:dashboard`: the dashboard and the task queue at 100,000 and then 1,000,000 tasks, in a
 * scratch database seeded with realistic proportions (~500 repositories, ~300 creators, the usual state
 * mix, ~1.2 sessions and ~3 state changes per task, 5% archived, ~70% with a pull request).
 *
 * Reports, at each size: p50/p95 server time of the dashboard summary (all, mine, team; as an admin,
 * who sees every repository, and as a member who sees half of them on GitHub: every figure then
 * adds up only their repositories) and of the first page, a deep page (200 pages in) and a text
 * search of a filtered queue (as that member), next to baselines
 * measured in the same run (a plain `count(*) GROUP BY state` against the whole summary and against the
 * counters alone, OFFSET paging against the keyset deep page). At the largest size, against `next start`: requests/s, p50 and p95 of the dashboard page
 * under 20 concurrent clients, and the dashboard's first-load JavaScript (every script the HTML of `/`
 * references, gzipped).
 *
 * Goals at 1,000,000 tasks: summary (admin), scoped summary (the member) and first page p95 < 50 ms;
 * dashboard page (as the member) p95 < 300 ms at 20 concurrent clients; first-load JavaScript
 * < 200 KB gzipped.
 * Also the Costs page's data for the last full month (admin and member), from the TaskCost counters
 * and the merged pull requests (cost per merged PR), against summing the task table for one of its
 * six breakdowns.
 * Last line: `bench:dashboard tasks=<n> summary_p95_ms=<n> page_p95_ms=<n> http_p95_ms=<n> js_kb=<n>
 * scoped_p95_ms=<n> costs_p95_ms=<n> scoped_costs_p95_ms=<n>`.
 *
 * BENCH_SKIP_BUILD=1 reuses an existing `.next` build; BENCH_TASKS=10000,50000 changes the sizes;
 * BENCH_PORT (3200) and BENCH_DATABASE_PORT (54369) move the app and the scratch Postgres.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { TASK_MODELS } from "../lib/github/models";
import { migrateDeploy, recreateDatabase, ROOT } from "../scripts/lib/database";
import { DASHBOARD_DATABASE, startDashboardDatabase } from "./support/dashboard-database";
import { line, measure, measurePair, ms, stats, type Stats } from "./support/measure";
import { seedPullRequests } from "./support/seed-pull-requests";

const SIZES = (process.env.BENCH_TASKS ?? "100000,1000000").split(",").map(Number);
const REPOS = 500;
const CREATORS = 300;
const KNOWN_USERS = 50;
const RUNS = 50;
const DEEP_PAGES = 200;
// BENCH_PORT and BENCH_DATABASE_PORT let a run sit beside other engineers' servers on one machine.
const HTTP_PORT = Number(process.env.BENCH_PORT ?? 3200);
const HTTP_CLIENTS = 20;
const HTTP_SECONDS = 15;
/** Unmeasured concurrent load before the measured runs (see the warm-up below). */
const WARM_UP_SECONDS = 8;
const QUEUE_FILTER = "state=failed&state=timed_out&sort=updated";
/** Signs in for the HTTP load: a member who sees every other repository on GitHub (half of them). */
const VIEWER_ID = "bench-user-0";

const server = await startDashboardDatabase();
let app: ChildProcess | undefined;
let pgClient: pg.Client | undefined;
let disconnect: (() => Promise<void>) | undefined;

// ---------------------------------------------------------------------------------------------------
// Seeding: set-based SQL, with the counter triggers, secondary indexes and foreign keys off during the
// bulk load (rebuilt afterwards, as a bulk import would), then VACUUM ANALYZE.

const PHRASES = [
  "Fix flaky test in checkout flow",
  "Add retry with exponential backoff to webhook delivery",
  "Upgrade React to the latest minor version",
  "Refactor billing service to use the new pricing API",
  "Add pagination to the audit log endpoint",
  "Improve error messages in the CLI",
  "Remove the deprecated feature flag for search",
  "Write unit tests for the date parser",
  "Migrate CI from Jenkins to GitHub Actions",
  "Fix memory leak in the websocket gateway",
  "Document the deployment process",
  "Add dark mode to the settings page",
  "Retry failed uploads to object storage",
  "Bump dependencies and fix breaking changes",
  "Add rate limiting to the public API",
  "Fix timezone bug in scheduled reports",
  "Speed up the slow integration test suite",
  "Add an index for the orders lookup query",
  "Translate onboarding emails",
  "Fix accessibility issues on the sign-up form",
];
const DETAILS = [
  "Keep the public interface unchanged and add tests.",
  "Follow the conventions in CONTRIBUTING.md.",
  "The current behaviour is described in the linked issue.",
  "Open a draft pull request when done.",
  "Make sure the linter passes.",
];
const ERRORS = [
  "The agent could not push to the branch: protected branch rules",
  "Tests failed after 3 attempts",
  "Setup steps failed: npm ci exited with code 1",
  "The repository could not be cloned",
  "Model returned an invalid tool call",
];
/** The models tasks are seeded with: the ones a task can run with. */
const MODELS = [...TASK_MODELS];

const taskId = (n: number) => `T${String(n).padStart(8, "0")}`;

async function seedReferenceData(client: pg.Client) {
  await client.query(
    `INSERT INTO "Repository" (id, owner, name, "defaultBranch", visibility, "resolvedAt", "updatedAt")
     SELECT 700000000 + i, (ARRAY['acme', 'acme-labs', 'platform', 'infra', 'mobile'])[1 + i % 5],
       'service-' || lpad(i::text, 3, '0'), 'main', 'private', now(), now()
     FROM generate_series(0, $1::int - 1) i`,
    [REPOS],
  );
  // Creators are GitHub ids 1000..1299; the first 50 have signed in here (the rest are only seen on tasks).
  await client.query(
    `INSERT INTO "User" (id, "githubId", login, name, "updatedAt")
     SELECT 'bench-user-' || i, 1000 + i, 'dev-' || i, 'Developer ' || i, now() FROM generate_series(0, $1::int - 1) i`,
    [KNOWN_USERS],
  );
  await client.query(
    `INSERT INTO "UserSyncState" ("userId", watermark, "confirmedAt", "lastRunAt", "lastSuccessAt", "updatedAt")
     SELECT id, now(), now() - interval '1 minute', now(), now(), now() FROM "User"`,
  );
  await client.query(
    `INSERT INTO "Account" (id, "userId", type, provider, "providerAccountId", access_token, token_type, scope)
     SELECT 'bench-account-' || "githubId", id, 'oauth', 'github', "githubId"::text, 'bench-not-a-token', 'bearer', 'read:user,repo' FROM "User"`,
  );
  // What the viewer sees on GitHub, as the worker's refresh would have listed it.
  await client.query(
    `INSERT INTO "RepositoryAccess" ("userId", "repositoryId")
     SELECT $1, id FROM "Repository" WHERE id % 2 = 0`,
    [VIEWER_ID],
  );
  await client.query(
    `INSERT INTO "RepositoryAccessState" ("userId", status, "repositoryCount", "refreshedAt", "updatedAt")
     SELECT $1, 'ok', count(*), now(), now() FROM "RepositoryAccess" WHERE "userId" = $1`,
    [VIEWER_ID],
  );
  await client.query(
    `INSERT INTO "Team" (id, name, "updatedAt") VALUES ('bench-team-platform', 'platform', now()),
       ('bench-team-mobile', 'mobile', now())`,
  );
  await client.query(
    `INSERT INTO "TeamMember" ("teamId", "userId")
     SELECT CASE WHEN i < 10 THEN 'bench-team-platform' ELSE 'bench-team-mobile' END, 'bench-user-' || i
     FROM generate_series(0, 19) i`,
  );
  // The 25 campaigns some tasks belong to (Task.campaignId is a foreign key).
  await client.query(
    `INSERT INTO "Template" (id, slug, name, "updatedAt") VALUES ('bench-template', 'bench', 'Bench', now())`,
  );
  await client.query(
    `INSERT INTO "TemplateVersion" (id, "templateId", version, body) VALUES ('bench-template-1', 'bench-template', 1, 'Tidy')`,
  );
  await client.query(
    `INSERT INTO "Campaign" (id, name, "templateVersionId", "createdById", status, "updatedAt")
     SELECT 'campaign-' || i, 'Campaign ' || i, 'bench-template-1', 'bench-user-0', 'running', now()
     FROM generate_series(0, 24) i`,
  );
}

/** Tasks `from..to` (1-based numbers), with their sessions and state changes. */
async function seedTasks(client: pg.Client, from: number, to: number) {
  await client.query(`SELECT setseed($1)`, [(from % 1000) / 1000]);
  const started = performance.now();
  await client.query(
    `WITH g AS (
       SELECT n, random() AS r_state, random() AS r_age, random() AS r_dur, random() AS r_conf,
         random() AS r_arch, random() AS r_pr, random() AS r_sess, random() AS r_camp, random() AS r_via,
         floor(random() * 1000000)::int AS pick,
         1000 + floor($3::int * power(random(), 2))::int AS creator,
         random() AS r_home, random() AS r_repo
       FROM generate_series($1::int, $2::int) n
     ), s AS (
       SELECT *,
         CASE WHEN r_state < 0.60 THEN 'completed' WHEN r_state < 0.72 THEN 'failed'
              WHEN r_state < 0.78 THEN 'waiting_for_user' WHEN r_state < 0.83 THEN 'in_progress'
              WHEN r_state < 0.85 THEN 'queued' WHEN r_state < 0.90 THEN 'idle'
              WHEN r_state < 0.97 THEN 'cancelled' ELSE 'timed_out' END::"TaskState" AS state,
         -- People work mostly in a handful of "home" repositories (10 each), sometimes anywhere.
         700000000 + CASE WHEN r_home < 0.85 THEN (creator * 37 + floor(10 * power(r_repo, 1.5))::int) % $4::int
                          ELSE floor($4::int * power(r_repo, 1.5))::int END AS repo
       FROM g
     ), c AS (
       SELECT *, now() - interval '3 minutes' - CASE
           WHEN state IN ('queued', 'in_progress', 'idle') THEN r_age * interval '6 hours'
           WHEN state = 'waiting_for_user' THEN r_age * interval '7 days'
           ELSE r_age * interval '90 days' END AS created
       FROM s
     ), u AS (
       SELECT *, least(now(), created + interval '2 minutes' + r_dur * CASE
           WHEN state IN ('queued', 'in_progress', 'idle') THEN interval '20 minutes'
           ELSE interval '4 hours' END) AS updated
       FROM c
     )
     INSERT INTO "Task" (id, "repositoryId", "creatorGithubId", "creatorType", state, name, "htmlUrl", "apiUrl",
       "sessionCount", "headRef", "baseRef", "pullRequestId", "pullRequestGlobalId", "createdAt",
       "githubUpdatedAt", "archivedAt", "stateSince", "lastConfirmedAt", "detailUpdatedAt", prompt, model,
       "errorMessage", "creditsNano", "premiumRequests", "insertedAt", "campaignId")
     SELECT 'T' || lpad(n::text, 8, '0'), repo, creator, 'User', state,
       ($5::text[])[1 + pick % array_length($5::text[], 1)] || ' #' || (pick % 5000),
       'https://github.com/' || r.owner || '/' || r.name || '/tasks/T' || lpad(n::text, 8, '0'),
       'https://api.github.com/agents/repos/' || r.owner || '/' || r.name || '/tasks/T' || lpad(n::text, 8, '0'),
       1 + (r_sess < 0.2)::int, 'copilot/task-' || n, 'main',
       CASE WHEN (state = 'completed' AND r_pr < 0.95) OR (state <> 'completed' AND r_pr < 0.3)
            THEN 900000000 + n END,
       CASE WHEN (state = 'completed' AND r_pr < 0.95) OR (state <> 'completed' AND r_pr < 0.3)
            THEN 'PR_kwDO' || n END,
       created, updated,
       CASE WHEN state NOT IN ('queued', 'in_progress', 'idle') AND r_arch < 0.055
            THEN least(now(), updated + interval '1 day') END,
       updated,
       now() - CASE WHEN state IN ('queued', 'in_progress', 'idle') THEN r_conf * interval '1 minute'
                    ELSE r_conf * interval '10 minutes' END,
       updated,
       ($5::text[])[1 + pick % array_length($5::text[], 1)] || ' in ' || r.name || '. '
         || ($6::text[])[1 + (pick / 7) % array_length($6::text[], 1)],
       ($7::text[])[1 + (pick / 11) % array_length($7::text[], 1)],
       CASE WHEN state = 'failed' THEN ($8::text[])[1 + (pick / 13) % array_length($8::text[], 1)]
            WHEN state = 'timed_out' THEN 'The session timed out after 60 minutes' END,
       (r_dur * 4e9)::bigint, round((r_dur * 2)::numeric, 4), created,
       CASE WHEN r_camp < 0.03 THEN 'campaign-' || (pick % 25) END
     FROM u JOIN "Repository" r ON r.id = u.repo`,
    [from, to, CREATORS, REPOS, PHRASES, DETAILS, MODELS, ERRORS],
  );
  const tasksS = (performance.now() - started) / 1000;
  const range: [string, string] = [taskId(from), taskId(to)];
  await seedPullRequests(client, range);
  const sessions = await client.query(
    `INSERT INTO "TaskSession" (id, "taskId", state, name, prompt, "headRef", "baseRef", model, "githubUserId",
       "usageType", "creditsNano", "premiumRequests", "errorMessage", "createdAt", "githubUpdatedAt", "completedAt")
     SELECT t.id || '-s' || k, t.id, CASE WHEN k = t."sessionCount" THEN t.state ELSE 'completed' END,
       t.name, CASE WHEN k = 1 THEN t.prompt ELSE 'Address the review comments' END, t."headRef", t."baseRef",
       t.model, t."creatorGithubId", 'ai_credits', t."creditsNano" / t."sessionCount",
       round(t."premiumRequests" / t."sessionCount", 4),
       CASE WHEN k = t."sessionCount" THEN t."errorMessage" END,
       t."createdAt" + (t."githubUpdatedAt" - t."createdAt") * (k - 1) / t."sessionCount",
       t."createdAt" + (t."githubUpdatedAt" - t."createdAt") * k / t."sessionCount",
       CASE WHEN k < t."sessionCount" OR t.state NOT IN ('queued', 'in_progress', 'idle', 'waiting_for_user')
            THEN t."createdAt" + (t."githubUpdatedAt" - t."createdAt") * k / t."sessionCount" END
     FROM "Task" t CROSS JOIN LATERAL generate_series(1, t."sessionCount") k
     WHERE t.id BETWEEN $1 AND $2`,
    range,
  );
  // First seen queued, then in progress, then the current state: about three changes per task.
  const changes = await client.query(
    `INSERT INTO "TaskStateChange" ("taskId", "fromState", "toState", "githubUpdatedAt", "observedAt", "observedVia")
     SELECT id, NULL::"TaskState", 'queued'::"TaskState", "createdAt", "createdAt" + interval '5 seconds',
       CASE WHEN "campaignId" IS NOT NULL OR right(id, 1) = '7' THEN 'launch' ELSE 'user_list' END::"ObservedVia"
     FROM "Task" WHERE id BETWEEN $1 AND $2
     UNION ALL
     SELECT id, 'queued', 'in_progress', "createdAt" + interval '1 minute', "createdAt" + interval '65 seconds',
       'user_list'::"ObservedVia" FROM "Task" WHERE id BETWEEN $1 AND $2 AND state <> 'queued'
     UNION ALL
     SELECT id, 'in_progress', state, "githubUpdatedAt", "githubUpdatedAt" + interval '20 seconds', 'user_list'
     FROM "Task" WHERE id BETWEEN $1 AND $2 AND state NOT IN ('queued', 'in_progress')`,
    range,
  );
  return { tasksS, sessions: sessions.rowCount ?? 0, changes: changes.rowCount ?? 0 };
}

const BULK_TABLES = ["Task", "TaskSession", "TaskStateChange"];
const TRIGGERED_TABLES = ["Task", "TaskStateChange", "PullRequest", "TaskPullRequest"];

/** Runs a bulk load with secondary indexes, foreign keys and user triggers off; restores them after. */
async function bulkLoad(client: pg.Client, url: string, load: () => Promise<void>) {
  const indexes = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes i
     WHERE schemaname = current_schema() AND tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [BULK_TABLES],
  );
  const foreignKeys = await client.query<{ tbl: string; conname: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`,
    [BULK_TABLES.map((table) => `"${table}"`)],
  );
  for (const fk of foreignKeys.rows)
    await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT "${fk.conname}"`);
  for (const index of indexes.rows) await client.query(`DROP INDEX "${index.indexname}"`);
  // Every table the load writes that has counter or cost triggers; the rebuilds below count instead
  // (the merge triggers on a 700,000-link statement ran for over 20 minutes).
  for (const table of TRIGGERED_TABLES) await client.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
  try {
    await load();
  } finally {
    for (const table of TRIGGERED_TABLES) await client.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
  }
  const started = performance.now();
  // Two connections: the trigram index (the slowest, single-threaded) alongside the others.
  const second = new pg.Client({ connectionString: url });
  await second.connect();
  try {
    await second.query(`SET maintenance_work_mem = '256MB'`);
    const gin = indexes.rows.filter((index) => /USING gin/i.test(index.indexdef));
    const rest = indexes.rows.filter((index) => !/USING gin/i.test(index.indexdef));
    await Promise.all([
      (async () => {
        for (const index of gin) await second.query(index.indexdef);
      })(),
      (async () => {
        for (const index of rest) await client.query(index.indexdef);
      })(),
    ]);
  } finally {
    await second.end();
  }
  const indexesS = (performance.now() - started) / 1000;
  for (const fk of foreignKeys.rows)
    await client.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT "${fk.conname}" ${fk.def}`);
  await client.query(`SELECT switchyard_rebuild_task_counters()`);
  await client.query(`SELECT switchyard_rebuild_task_costs()`);
  await client.query(`SELECT switchyard_rebuild_task_hourly_change()`);
  await client.query(`SELECT switchyard_rebuild_pull_outcomes()`);
  await client.query(
    `VACUUM (ANALYZE) "Task", "TaskSession", "TaskStateChange", "TaskCounter", "TaskCreatorCounter", "TaskRepositoryCounter", "TaskCampaignCounter", "TaskDailyChange", "TaskHourlyChange", "TaskCost", "RepositoryAccess", "PullRequest", "TaskPullRequest", "PullRequestOutcomeCounter", "PullRequestCreatorOutcomeCounter", "TaskBandCounter", "TaskCampaignBandCounter"`,
  );
  return { indexesS, indexes: indexes.rows.length };
}

// ---------------------------------------------------------------------------------------------------
// Measuring.

// ---------------------------------------------------------------------------------------------------
// The app: build, start, sign in, load.

function runNext(args: string[], env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}) {
  return spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), ...args], {
    cwd: ROOT,
    env,
    detached: options.detached,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function collectOutput(child: ChildProcess) {
  const out: string[] = [];
  const keep = (chunk: Buffer) => {
    out.push(chunk.toString());
    if (out.length > 400) out.splice(0, out.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => out.join("").split("\n").slice(-40).join("\n");
}

async function build(env: NodeJS.ProcessEnv) {
  const child = runNext(["build"], env);
  const output = collectOutput(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output()}`);
}

/** Stops `next start` (its own process group, started above) and waits for it to exit. */
async function stopApp() {
  const child = app;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      child.kill(name);
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitForApp(baseUrl: string, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (app?.exitCode !== null) throw new Error(`next start exited (${app?.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not become ready within 90 s:\n${output()}`);
}

async function loadTest(url: string, cookie: string, seconds = HTTP_SECONDS, clients = HTTP_CLIENTS) {
  const samples: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
          await response.arrayBuffer();
          if (response.status === 200) samples.push(performance.now() - t0);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { ...stats(samples), rps: samples.length / elapsed, errors };
}

async function firstLoadJs(baseUrl: string, html: string) {
  // Every script of /_next/static the page references: <script src>, preloads, and the chunk lists in
  // the inline RSC payload. Polyfills in <script noModule> are left out: modern browsers skip them.
  const noModule = new Set(
    [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"[^>]*\bnoModule\b[^>]*>/gi)].map((m) => m[1]),
  );
  const scripts = [
    ...new Set([...html.matchAll(/\/_next\/static\/[A-Za-z0-9_\-./~%@]+?\.js/g)].map((m) => m[0])),
  ].filter((script) => !noModule.has(script));
  let gzipped = 0;
  let raw = 0;
  for (const script of scripts) {
    const response = await fetch(`${baseUrl}${script}`);
    if (!response.ok) throw new Error(`GET ${script}: ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    raw += body.length;
    gzipped += gzipSync(body).length;
  }
  return { files: scripts.length, skipped: noModule.size, kb: gzipped / 1024, rawKb: raw / 1024 };
}

// ---------------------------------------------------------------------------------------------------

try {
  const databaseUrl = await recreateDatabase(server.url, DASHBOARD_DATABASE);
  await migrateDeploy(databaseUrl);
  pgClient = new pg.Client({ connectionString: databaseUrl });
  await pgClient.connect();
  await pgClient.query(`SET synchronous_commit = off`);
  await pgClient.query(`SET maintenance_work_mem = '256MB'`);
  await seedReferenceData(pgClient);

  // The data functions read DATABASE_URL on first use.
  process.env.DATABASE_URL = databaseUrl;
  const { getDashboardSummary } = await import("../lib/dal/dashboard");
  const { listTasks } = await import("../lib/dal/tasks");
  const { getCostsPage } = await import("../lib/dal/costs");
  const { parseTaskFilters } = await import("../lib/validations/task-filters");
  const { db } = await import("../lib/db");
  disconnect = () => db.$disconnect();

  const filtersOf = (query: string) => {
    const parsed = parseTaskFilters(new URLSearchParams(query));
    if (!parsed.ok) throw new Error(`bad filters ${query}: ${JSON.stringify(parsed.fieldErrors)}`);
    return parsed.filters;
  };
  // The same person, as an admin (sees every repository) and as the member they are.
  const admin = { id: VIEWER_ID, role: "admin" as const };
  const viewer = { id: VIEWER_ID, role: "member" as const };
  const queue = filtersOf(QUEUE_FILTER);
  const search = filtersOf("q=retry");

  console.info(
    `dashboard: ${REPOS} repositories, ${CREATORS} creators (${KNOWN_USERS} signed in), queue filter "${QUEUE_FILTER}"`,
  );
  let seeded = 0;
  type Figures = {
    tasks: number;
    summary: Stats;
    scoped: Stats;
    firstPage: Stats;
    deepPage: Stats;
    costs: Stats;
    scopedCosts: Stats;
  };
  let last: Figures | undefined;
  for (const size of SIZES) {
    const seedStart = performance.now();
    let loaded = { tasksS: 0, sessions: 0, changes: 0 };
    const rebuilt = await bulkLoad(pgClient, databaseUrl, async () => {
      loaded = await seedTasks(pgClient!, seeded + 1, size);
    });
    const seedS = (performance.now() - seedStart) / 1000;
    const added = size - seeded;
    seeded = size;
    const counts = await pgClient.query<{
      tasks: string;
      sessions: string;
      changes: string;
      counters: string;
    }>(
      `SELECT (SELECT count(*) FROM "Task") AS tasks, (SELECT count(*) FROM "TaskSession") AS sessions,
         (SELECT count(*) FROM "TaskStateChange") AS changes, (SELECT count(*) FROM "TaskCounter") AS counters`,
    );
    const c = counts.rows[0]!;
    console.info(
      `\n${Number(c.tasks).toLocaleString("en")} tasks: seeded ${added.toLocaleString("en")} tasks ` +
        `(+${loaded.sessions.toLocaleString("en")} sessions, +${loaded.changes.toLocaleString("en")} state changes) ` +
        `in ${seedS.toFixed(1)} s (tasks ${loaded.tasksS.toFixed(1)} s, ${rebuilt.indexes} indexes ` +
        `${rebuilt.indexesS.toFixed(1)} s); totals ${Number(c.sessions).toLocaleString("en")} sessions, ` +
        `${Number(c.changes).toLocaleString("en")} state changes, ${Number(c.counters).toLocaleString("en")} counter rows`,
    );

    // The dashboard summary, against the naive count it replaces.
    // Admin (every repository) and member (half of them) in turns, scope by scope.
    const [summary, scoped] = await measurePair(
      () => getDashboardSummary({ scope: "all", viewer: admin }),
      () => getDashboardSummary({ scope: "all", viewer }),
    );
    const [mine, scopedMine] = await measurePair(
      () => getDashboardSummary({ scope: "mine", viewer: admin }),
      () => getDashboardSummary({ scope: "mine", viewer }),
    );
    const [team, scopedTeam] = await measurePair(
      () => getDashboardSummary({ scope: "team", viewer: admin }),
      () => getDashboardSummary({ scope: "team", viewer }),
    );
    const naive = await measure(
      () => db.$queryRawUnsafe(`SELECT state, count(*) FROM "Task" GROUP BY state`),
      Math.min(RUNS, 20),
      2,
    );
    // The counters on their own (the per-state totals of the summary), against the same baseline.
    const counters = await measure(() =>
      db.$queryRawUnsafe(
        `SELECT state, sum(count) FROM "TaskCreatorCounter" WHERE NOT archived GROUP BY state`,
      ),
    );
    line("summary (all)", summary, `   naive/summary p50 ratio ${(naive.p50 / summary.p50).toFixed(2)}×`);
    line("summary (mine)", mine);
    line("summary (team)", team);
    line("scoped summary: member, half the repositories", scoped);
    line("scoped summary (mine)", scopedMine);
    line("scoped summary (team)", scopedTeam);
    line(
      "state totals from TaskCreatorCounter",
      counters,
      `   naive/counters p50 ratio ${(naive.p50 / counters.p50).toFixed(1)}×`,
    );
    line("baseline: SELECT state, count(*) GROUP BY state", naive);

    // The filtered queue: first page, a deep page reached by following cursors, and a text search.
    const [firstPage, adminFirstPage] = await measurePair(
      () => listTasks({ filters: queue, viewer, cursor: null }),
      () => listTasks({ filters: queue, viewer: admin, cursor: null }),
    );
    let cursor: string | null = null;
    let pages = 0;
    for (; pages < DEEP_PAGES; pages++) {
      const page: { nextCursor: string | null } = await listTasks({ filters: queue, viewer, cursor });
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const deepCursor = cursor;
    const deepPage = await measure(() => listTasks({ filters: queue, viewer, cursor: deepCursor }));
    // Baseline for the deep page: the same query with OFFSET instead of a cursor.
    const offsetSql = `
      SELECT t.id, t.name, t.state::text AS state, t."stateSince", r.owner, r.name AS "repoName",
        u.login AS "creatorLogin", t."creatorGithubId", t."errorMessage", t."htmlUrl", t."pullRequestId",
        t."headRef", t.model, t."creditsNano", t."premiumRequests", t."createdAt", t."githubUpdatedAt",
        t."lastConfirmedAt", t."archivedAt", l."githubLogin" AS "launchedBy"
      FROM "Task" t
      JOIN "Repository" r ON r.id = t."repositoryId"
      LEFT JOIN "User" u ON u."githubId"::bigint = t."creatorGithubId"
      LEFT JOIN "Launch" l ON l."taskId" = t.id
      WHERE t.state::text = ANY($1) AND t."archivedAt" IS NULL
      ORDER BY t."githubUpdatedAt" DESC, t.id DESC OFFSET ${pages * 50} LIMIT 51`;
    const offset = await measure(() => db.$queryRawUnsafe(offsetSql, queue.state), Math.min(RUNS, 20), 2);
    const searchPage = await measure(() => listTasks({ filters: search, viewer, cursor: null }));
    line("queue first page (member, half the repositories)", firstPage);
    line("queue first page (admin)", adminFirstPage);
    line(
      `queue deep page (page ${pages + 1}, keyset)`,
      deepPage,
      `   OFFSET/keyset p50 ratio ${(offset.p50 / deepPage.p50).toFixed(1)}×`,
    );
    line(`baseline: same page with OFFSET ${pages * 50}`, offset);
    line('text search "retry" first page', searchPage);

    // The Costs page's data for last month, the latest full one (totals, the chart, six breakdowns
    // against the month before, costliest tasks and retry chains, budgets), from TaskCost, against
    // summing the task table for just one of its breakdowns.
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1));
    const costMonth = lastMonth.toISOString().slice(0, 7);
    const [costs, scopedCosts] = await measurePair(
      () => getCostsPage(admin, { month: costMonth, granularity: "day" }),
      () => getCostsPage(viewer, { month: costMonth, granularity: "day" }),
      Math.min(RUNS, 20),
    );
    const naiveCosts = await measure(
      () =>
        db.$queryRawUnsafe(
          `SELECT "creatorGithubId", sum("creditsNano"), sum("premiumRequests"), count(*) FROM "Task"
           WHERE "createdAt" >= $1 AND "createdAt" < $1::timestamp + interval '1 month' GROUP BY 1`,
          lastMonth,
        ),
      Math.min(RUNS, 10),
      1,
    );
    line(
      "costs page data (admin)",
      costs,
      `   naive one-breakdown/costs p50 ratio ${(naiveCosts.p50 / costs.p50).toFixed(1)}×`,
    );
    line("costs page data (member, half the repositories)", scopedCosts);
    line("baseline: one breakdown summed from Task", naiveCosts);
    last = { tasks: Number(c.tasks), summary, scoped, firstPage, deepPage, costs, scopedCosts };
  }
  if (!last) throw new Error("BENCH_TASKS is empty");

  // The dashboard page under load, against the production build.
  const baseUrl = `http://localhost:${HTTP_PORT}`;
  const sessionToken = randomBytes(32).toString("hex");
  await pgClient.query(
    `INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ('bench-session', $1, $2, now() + interval '1 day')`,
    [sessionToken, VIEWER_ID],
  );
  // The same page for an admin (every repository, as every viewer saw it before visibility), for
  // comparison in the same run.
  const adminToken = randomBytes(32).toString("hex");
  await pgClient.query(
    `INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ('bench-admin-session', $1, 'bench-user-1', now() + interval '1 day')`,
    [adminToken],
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    AUTH_URL: baseUrl,
    AUTH_TRUST_HOST: "true",
    AUTH_GITHUB_ID: "bench",
    AUTH_GITHUB_SECRET: "bench",
    GITHUB_WEB_URL: "http://127.0.0.1:9",
    GITHUB_API_URL: "http://127.0.0.1:9",
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SWITCHYARD_DEMO: "0",
    SWITCHYARD_ALLOWED_ORGS: "acme",
    // Roles follow this list on every request (a role stored in the database is corrected to it).
    SWITCHYARD_ADMINS: "dev-1",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const skipBuild = process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(ROOT, ".next/BUILD_ID"));
  if (!skipBuild) {
    const buildStart = performance.now();
    await build(env);
    console.info(`\nnext build: ${((performance.now() - buildStart) / 1000).toFixed(0)} s`);
  } else console.info(`\nnext build: skipped (BENCH_SKIP_BUILD=1)`);

  app = runNext(["start", "-p", String(HTTP_PORT)], env, { detached: true });
  const appOutput = collectOutput(app);
  await waitForApp(baseUrl, appOutput);
  const cookie = `authjs.session-token=${sessionToken}`;
  const check = await fetch(`${baseUrl}/`, { headers: { cookie }, redirect: "manual" });
  const html = await check.text();
  if (check.status !== 200)
    throw new Error(
      `GET / answered ${check.status} ${check.headers.get("location") ?? ""} (not signed in?):\n${appOutput()}`,
    );
  // The error page has the nav too: insist on a figure only the rendered dashboard has.
  if (!html.includes(`data-testid="count-failed"`)) throw new Error(`GET / did not render the dashboard`);
  const js = await firstLoadJs(baseUrl, html);
  // One client first (warms the server up), then the concurrent load.
  const serial = await measure(
    async () => (await fetch(`${baseUrl}/`, { headers: { cookie }, redirect: "manual" })).arrayBuffer(),
    20,
    5,
  );
  // Then the same concurrent load for a while, unmeasured, as both viewers: the first measured run
  // would otherwise pay for the JIT and the caches warming up under load, and the second not.
  await Promise.all([
    loadTest(`${baseUrl}/`, cookie, WARM_UP_SECONDS, HTTP_CLIENTS / 2),
    loadTest(`${baseUrl}/`, `authjs.session-token=${adminToken}`, WARM_UP_SECONDS, HTTP_CLIENTS / 2),
  ]);
  const http = await loadTest(`${baseUrl}/`, cookie);
  const adminHttp = await loadTest(`${baseUrl}/`, `authjs.session-token=${adminToken}`);
  // Baseline in the same run: the cheapest route under the same load (the server's floor here).
  const floor = await loadTest(`${baseUrl}/api/health`, cookie);
  console.info(
    `dashboard page, ${HTTP_CLIENTS} concurrent clients for ${HTTP_SECONDS} s against next start ` +
      `(${(html.length / 1024).toFixed(0)} KB of HTML):`,
  );
  console.info(`  one client: p50 ${ms(serial.p50)} ms, p95 ${ms(serial.p95)} ms`);
  console.info(
    `  ${HTTP_CLIENTS} clients (the member): ${http.rps.toFixed(1)} requests/s, p50 ${ms(http.p50)} ms, p95 ${ms(http.p95)} ms, ${http.n} ok, ${http.errors} errors`,
  );
  console.info(
    `  the same page as an admin (every repository): ${adminHttp.rps.toFixed(1)} requests/s, p50 ${ms(adminHttp.p50)} ms, ` +
      `p95 ${ms(adminHttp.p95)} ms, ${adminHttp.errors} errors`,
  );
  console.info(
    `  baseline /api/health, ${HTTP_CLIENTS} clients: ${floor.rps.toFixed(1)} requests/s, p95 ${ms(floor.p95)} ms ` +
      `(dashboard p95 = ${(http.p95 / Math.max(floor.p95, 0.1)).toFixed(1)}× the floor)`,
  );
  console.info(
    `  first-load JavaScript: ${js.kb.toFixed(1)} KB gzipped (${js.rawKb.toFixed(0)} KB raw, ${js.files} files; ` +
      `${js.skipped} noModule polyfill file(s) not counted)`,
  );

  const goals = [
    [`summary p95 < 50 ms at ${last.tasks} tasks (${ms(last.summary.p95)} ms)`, last.summary.p95 < 50],
    [`scoped summary p95 < 50 ms at ${last.tasks} tasks (${ms(last.scoped.p95)} ms)`, last.scoped.p95 < 50],
    [
      `queue first page p95 < 50 ms at ${last.tasks} tasks (${ms(last.firstPage.p95)} ms)`,
      last.firstPage.p95 < 50,
    ],
    [
      `dashboard page p95 < 300 ms at ${HTTP_CLIENTS} clients (${ms(http.p95)} ms)`,
      http.p95 < 300 && http.errors === 0,
    ],
    [`first-load JavaScript < 200 KB gzipped (${js.kb.toFixed(1)} KB)`, js.kb < 200],
  ] as const;
  for (const [goal, met] of goals) console.info(`  goal ${met ? "met" : "MISSED"}: ${goal}`);
  console.info(
    `bench:dashboard tasks=${last.tasks} summary_p95_ms=${ms(last.summary.p95)} page_p95_ms=${ms(last.firstPage.p95)} ` +
      `http_p95_ms=${ms(http.p95)} js_kb=${js.kb.toFixed(1)} scoped_p95_ms=${ms(last.scoped.p95)} ` +
      `costs_p95_ms=${ms(last.costs.p95)} scoped_costs_p95_ms=${ms(last.scopedCosts.p95)}`,
  );
  if (goals.some(([, met]) => !met)) {
    process.exitCode = 1;
  }
} finally {
  await stopApp();
  await disconnect?.().catch(() => {});
  await pgClient?.end().catch(() => {});
  await server.stop();
}
