/**
 * `npm run bench:lighthouse`: Lighthouse 12.2 (desktop preset: simulated throttling, 1350×940) on
 * the pages people open first — `/`, `/tasks`, `/triage`, `/launch` and a campaign — against
 * `next start` with the demo data (the GitHub emulator's seed, synced by the worker) and alice's
 * signed-in session (a real OAuth sign-in through the emulator, made with Playwright's browser).
 *
 * Runs each page BENCH_RUNS times (5) and reports the medians (one run of a page moves by ten points
 * or more on a busy machine) of its performance, accessibility and best-practices scores, its largest
 * contentful paint and total blocking time, every run's performance score, and LCP as a ratio to a
 * baseline measured in the same run: the sign-in page (signed out), the app's smallest page. Every audit that kept a score below 100 is
 * listed under its page.
 * Goals: performance ≥ 95, accessibility = 100, best practices ≥ 95 on every page.
 * Last line: `bench:lighthouse perf_min=<n> a11y_min=<n> bp_min=<n>`.
 *
 * Chromium: CHROME_PATH (or CHROMIUM_PATH), else /usr/bin/chromium. BENCH_SKIP_BUILD=1 reuses the
 * last `.next` build (it must have been built by this script: the security headers are fixed at
 * build); BENCH_PORT (3200), BENCH_DATABASE_PORT (54369) and BENCH_EMULATOR_PORT (4012) move the app,
 * the scratch Postgres and the emulator. BENCH_PAGES=/tasks,/launch audits only those pages (the
 * baseline always runs). Each page's full Lighthouse report (with its main-thread breakdown and
 * script boot-up times) is written to `.data/lighthouse/`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { computeMedianRun, filterToValidRuns } from "lighthouse/core/lib/median-run.js";
import pg from "pg";
import { startEmulator } from "../github-emulator/server";
import { migrateDeploy, recreateDatabase, resolveDatabase, ROOT, run } from "../scripts/lib/database";
import { demoEnvironment } from "../scripts/lib/demo";
import { stats } from "./support/measure";

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 4012);
const CHROME_PATH = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const BASE_URL = `http://localhost:${PORT}`;
const CAMPAIGN_ID = "lighthouse-campaign";
const ALL_PAGES = ["/", "/tasks", "/triage", "/launch", `/campaigns/${CAMPAIGN_ID}`];
const PAGES = process.env.BENCH_PAGES
  ? ALL_PAGES.filter((page) => process.env.BENCH_PAGES!.split(",").includes(page))
  : ALL_PAGES;
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
/** Runs per page (BENCH_RUNS); their medians count. */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
type LighthouseResult = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];

const children: ChildProcess[] = [];
let stopping = false;

function start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  // The last lines of its output, said if it fails.
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split("\n"));
    tail.splice(0, Math.max(0, tail.length - 80));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", (code) => {
    if (!stopping && code && code !== 0)
      console.error(`${path.basename(args[0] ?? command)} exited ${code}:\n${tail.join("\n")}`);
  });
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds: number): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

type SignedIn = { header: string; cookies: { name: string; value: string; domain: string; path: string }[] };

/** Alice's session cookies, from a real sign-in through the emulator's OAuth pages. */
async function signIn(): Promise<SignedIn> {
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}/sign-in`);
    await page.getByRole("button", { name: "Sign in with GitHub" }).click();
    await page.getByRole("button", { name: "Sign in as alice" }).click();
    await page.getByTestId("signed-in-login").waitFor();
    const cookies = await page.context().cookies(BASE_URL);
    return {
      header: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; "),
      cookies: cookies.map(({ name, value, domain, path }) => ({ name, value, domain, path })),
    };
  } finally {
    await browser.close();
  }
}

type PageResult = {
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  /** Every measured run's performance score, in run order (the scores above are the runs' medians). */
  performanceRuns: number[];
  lcpMs: number;
  tbtMs: number;
  /** Main-thread time by kind of work (script evaluation, style and layout, …), in ms. */
  mainThread: Record<string, number>;
  shortfalls: string[];
};

/** Where an audit failed: the first few elements (or issue kinds) it names. */
function where(result: { details?: unknown }): string {
  const items = (result.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const named = items.slice(0, 3).flatMap((item) => {
    const node = item.node as { selector?: string; snippet?: string } | undefined;
    const text = node?.selector ?? (typeof item.issueType === "string" ? item.issueType : undefined);
    return text ? [text] : [];
  });
  return named.length ? ` — ${named.join("; ")}` : "";
}

/**
 * Puts the session into the browser's own cookie jar. Lighthouse's `extraHeaders` cannot carry it:
 * Chrome sends the jar's Cookie header instead whenever it holds any cookie for the site (the time
 * zone cookie every page sets), and Lighthouse's storage reset leaves cookies alone.
 */
async function storeCookies(chromePort: number, cookies: SignedIn["cookies"]) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chromePort}` });
  try {
    const page = await browser.newPage();
    await page.setCookie(...cookies);
    await page.close();
  } finally {
    await browser.disconnect();
  }
}

/** One Lighthouse run of a page; throws when Lighthouse could not measure it. */
async function lighthouseRun(chromePort: number, pagePath: string): Promise<LighthouseResult> {
  const result = await lighthouse(
    `${BASE_URL}${pagePath}`,
    { port: chromePort, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] },
    desktopConfig,
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${pagePath}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${pagePath}: ${lhr.runtimeError.message}`);
  if (new URL(lhr.finalDisplayedUrl).pathname !== pagePath)
    throw new Error(`${pagePath} ended at ${lhr.finalDisplayedUrl} (not signed in?)`);
  return lhr;
}

/**
 * A page's result over RUNS runs, as Lighthouse's variability guide advises instead of one: each
 * category's score, LCP and TBT are the runs' medians (Lighthouse CI's "median" aggregation; the
 * lower middle of an even count); the main-thread breakdown, the shortfalls and the full report in
 * `.data/lighthouse/` are those of the run Lighthouse's own `computeMedianRun` picks (closest to the
 * median first paint and time to interactive). Every run's performance score is kept, to show the
 * spread.
 */
async function audit(chromePort: number, pagePath: string): Promise<PageResult> {
  const runs: LighthouseResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Lighthouse sometimes loses the trace on a busy machine (NO_NAVSTART): such a run is repeated once.
    runs.push(
      await lighthouseRun(chromePort, pagePath).catch((error: unknown) => {
        console.info(
          `  (${pagePath}: ${error instanceof Error ? error.message : String(error)}; running it again)`,
        );
        return lighthouseRun(chromePort, pagePath);
      }),
    );
  }
  const valid: LighthouseResult[] = filterToValidRuns(runs);
  if (!valid.length) throw new Error(`Lighthouse measured no run of ${pagePath} completely`);
  const lhr: LighthouseResult = computeMedianRun(valid);
  const reports = path.join(ROOT, ".data", "lighthouse");
  mkdirSync(reports, { recursive: true });
  const slug = pagePath.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "dashboard";
  writeFileSync(path.join(reports, `${slug}.json`), JSON.stringify(lhr));
  const score = (run: LighthouseResult, id: (typeof CATEGORIES)[number]) =>
    Math.round((run.categories[id]?.score ?? 0) * 100);
  const scores = Object.fromEntries(
    CATEGORIES.map((id) => [id, stats(valid.map((run) => score(run, id))).p50]),
  ) as PageResult["scores"];
  const metric = (id: string) => stats(valid.map((run) => run.audits[id]?.numericValue ?? 0)).p50;
  const shortfalls = CATEGORIES.flatMap((id) =>
    (lhr.categories[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id]!)
      .filter((a) => a.score !== null && a.score < 1)
      .map(
        (a) =>
          `${id}: ${a.id} (${Math.round((a.score ?? 0) * 100)}) ${a.displayValue ?? ""}`.trim() + where(a),
      ),
  );
  return {
    path: pagePath,
    scores,
    performanceRuns: valid.map((run) => score(run, "performance")),
    lcpMs: metric("largest-contentful-paint"),
    tbtMs: metric("total-blocking-time"),
    mainThread: Object.fromEntries(
      (
        (
          lhr.audits["mainthread-work-breakdown"]?.details as {
            items?: { groupLabel: string; duration: number }[];
          }
        )?.items ?? []
      ).map((item) => [item.groupLabel, Math.round(item.duration)]),
    ),
    shortfalls,
  };
}

async function main() {
  const database = await resolveDatabase({
    name: "pg-bench-lighthouse",
    port: Number(process.env.BENCH_DATABASE_PORT ?? 54369),
    database: "postgres",
  });
  const emulator = await startEmulator({ port: EMULATOR_PORT, stateFile: undefined });
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    const databaseUrl = await recreateDatabase(database.url, "switchyard_lighthouse");
    await migrateDeploy(databaseUrl);
    const env = {
      ...process.env,
      ...demoEnvironment(emulator.url, BASE_URL),
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    } as NodeJS.ProcessEnv;
    await run("tsx", ["prisma/seed.ts"], env as Record<string, string>, true);
    const skipBuild = process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(ROOT, ".next/BUILD_ID"));
    if (skipBuild) console.info("next build: skipped (BENCH_SKIP_BUILD=1)");
    else {
      const started = Date.now();
      await run("next", ["build"], env as Record<string, string>, true);
      console.info(`next build: ${Math.round((Date.now() - started) / 1000)} s`);
    }
    start(
      process.execPath,
      [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT)],
      env,
    );
    start(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "worker/index.ts"], env);
    await waitFor(
      "next start",
      async () => ((await fetch(`${BASE_URL}/api/health`)).ok ? true : undefined),
      120,
    );

    const signedIn = await signIn();
    const cookie = signedIn.header;
    // The demo data: alice's first sync has copied her tasks, and a campaign draft to open.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tasks = await waitFor(
        "alice's first sync",
        async () => {
          const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Task"`);
          return Number(rows[0]!.n) > 0 ? Number(rows[0]!.n) : undefined;
        },
        120,
      );
      await client.query(
        `INSERT INTO "Campaign" (id, name, "templateVersionId", "targetSpec", "createdById", "ownerUserId", "updatedAt")
         SELECT $1, 'Documentation sync (Lighthouse)', v.id, $2::jsonb, u.id, u.id, now()
         FROM "TemplateVersion" v JOIN "Template" t ON t.id = v."templateId", "User" u
         WHERE t.slug = 'docs-sync' AND v.version = 1 AND u.login = 'alice'`,
        [
          CAMPAIGN_ID,
          JSON.stringify({ kind: "list", repositories: ["acme/checkout-api", "acme/web-storefront"] }),
        ],
      );
      console.info(`demo data: ${tasks} tasks synced for alice, one campaign draft`);
    } finally {
      await client.end();
    }

    chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
    // Warm the server (first renders compile nothing in production, but fill caches and pools).
    for (const pagePath of ["/sign-in", ...PAGES])
      await fetch(`${BASE_URL}${pagePath}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
    const port = chrome.port;
    // The baseline signed out, then every page signed in.
    const baseline = await audit(port, "/sign-in");
    await storeCookies(port, signedIn.cookies);
    const results: PageResult[] = [];
    for (const pagePath of PAGES) results.push(await audit(port, pagePath));

    console.info(
      `\nLighthouse ${lighthouseVersion()} (desktop preset), ${new Date().toISOString()}: medians of ${RUNS} run(s) per page (each run's performance in brackets)`,
    );
    const row = (r: PageResult, label = r.path) =>
      console.info(
        `  ${label.padEnd(34)} perf ${String(r.scores.performance).padStart(3)} [${r.performanceRuns.join(" ")}]  a11y ${String(r.scores.accessibility).padStart(3)}  bp ${String(r.scores["best-practices"]).padStart(3)}  LCP ${Math.round(r.lcpMs).toString().padStart(5)} ms (${(r.lcpMs / baseline.lcpMs).toFixed(2)}× baseline)  TBT ${Math.round(r.tbtMs).toString().padStart(4)} ms`,
      );
    const work = (r: PageResult) =>
      console.info(
        `      main thread: ${Object.entries(r.mainThread)
          .map(([kind, ms]) => `${kind} ${ms} ms`)
          .join(", ")}`,
      );
    row(baseline, "baseline: /sign-in (signed out)");
    work(baseline);
    for (const r of results) {
      row(r);
      work(r);
      for (const shortfall of r.shortfalls) console.info(`      ${shortfall}`);
    }
    const min = (id: (typeof CATEGORIES)[number]) => Math.min(...results.map((r) => r.scores[id]));
    const report = path.join(ROOT, ".data", "bench-lighthouse.json");
    writeFileSync(report, JSON.stringify({ baseline, results }, null, 2));
    console.info(
      `\ngoals: perf ≥ 95, a11y = 100, bp ≥ 95 on every page; details in ${path.relative(ROOT, report)}`,
    );
    console.info(
      `bench:lighthouse perf_min=${min("performance")} a11y_min=${min("accessibility")} bp_min=${min("best-practices")}`,
    );
  } finally {
    stopping = true;
    await chrome?.kill();
    for (const child of children)
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await emulator.close();
    await database.stop();
  }
}

function lighthouseVersion(): string {
  const manifest = path.join(ROOT, "node_modules/lighthouse/package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

main().catch((error: unknown) => {
  console.error(`bench:lighthouse failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
