/**
 * `npm run bench:campaign`: a 500-repository campaign run by the real worker process against the
 * emulator (secondary limit 80 creations/min, task clock ×30 so tasks finish), campaign cap 60/min.
 *
 * Run 1 (alice): clean. Run 2 (dave): the worker is SIGKILLed at 20 random moments and restarted,
 * and 10% of create responses are lost after the emulator created the task (`drop_response`).
 *
 * Reports per run: achieved start rate as a ratio of the cap (first to last start), secondary-limit
 * responses, duplicate GitHub tasks (more than one task for a repository), repositories skipped (no
 * task), reconciled starts. Goals: rate ≥ 0.9 of the cap, 0 secondary hits, 0 duplicates, 0 skipped.
 * Last line: `bench:campaign rate_ratio=<worst> secondary_hits=<n> duplicates=<n> skipped=<n>`.
 *
 * BENCH_REPOS (default 500) shortens it for a smoke run.
 */
import { migrateDeploy, recreateDatabase, resolveDatabase } from "../scripts/lib/database";
import { demoEnvironment } from "../scripts/lib/demo";
import { queueCampaignTick } from "../lib/campaigns/schedule";
import { startHarness } from "../test/sync-harness";
import { spawnWorkerProcess, type WorkerProcess } from "./support/worker-process";

const REPOS = Number(process.env.BENCH_REPOS ?? 500);
const CAP = 60;
const KILLS = 20;
const LOST_SHARE = 0.1;

const server = await resolveDatabase({ name: "pg-bench", port: 54359, database: "postgres" });
const databaseUrl = await recreateDatabase(server.url, "switchyard_bench_campaign");
await migrateDeploy(databaseUrl);
const h = await startHarness({
  databaseUrl,
  // The primary limit is raised so sync and reconciliation never wait on it; the secondary
  // (creation) limit stays at GitHub's 80 per minute: that is what the campaign must respect.
  emulator: {
    seedTasks: false,
    primaryRateLimit: 1_000_000,
    secondaryCreateLimitPerMinute: 80,
    speed: 30,
    seed: 7,
  },
});

const workerEnv = {
  ...process.env,
  ...demoEnvironment(h.gh.url, "http://localhost:3999"),
  DATABASE_URL: databaseUrl,
  TOKEN_ENCRYPTION_KEY: h.tokenKey,
  SYNC_SETTLED_SECONDS: "5",
};

let worker: WorkerProcess | null = null;
function startWorkerProcess() {
  worker = spawnWorkerProcess(workerEnv, {
    quiet: /secondary rate limit|ECONNRESET|socket hang up|fetch failed/i,
  });
}
async function stopWorkerProcess(signal: NodeJS.Signals) {
  await worker?.stop(signal);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Counters = { routes: Record<string, { byStatus: Record<string, number> }> };
async function secondaryHits(): Promise<number> {
  const { routes } = await h.control<Counters>("GET", "/counters");
  let hits = 0;
  for (const [route, counter] of Object.entries(routes))
    if (route.startsWith("POST") && /tasks|repos/.test(route))
      hits += (counter.byStatus["403"] ?? 0) + (counter.byStatus["429"] ?? 0);
  return hits;
}

async function createCampaign(login: string, runId: string) {
  const userId = await h.signIn(login);
  const template = await h.db.template.upsert({
    where: { slug: "bench-campaign" },
    create: { slug: "bench-campaign", name: "Bench campaign" },
    update: {},
  });
  const version = await h.db.templateVersion.upsert({
    where: { templateId_version: { templateId: template.id, version: 1 } },
    create: { templateId: template.id, version: 1, body: "Tidy {{repo.name}}" },
    update: {},
  });
  const campaign = await h.db.campaign.create({
    data: {
      name: `Bench ${runId}`,
      templateVersionId: version.id,
      createdById: userId,
      launchedById: userId,
      launchedByLogin: login,
      status: "running",
      createPullRequest: false,
      maxInFlight: 100,
      startsPerMinute: CAP,
      failurePauseThreshold: null,
      launchedAt: new Date(),
      targets: {
        create: Array.from({ length: REPOS }, (_, i) => {
          const name = `bench-${String(i + 1).padStart(4, "0")}`;
          return {
            owner: "acme",
            name,
            defaultBranch: "main",
            position: i,
            prompt: `[${runId}] Tidy ${name}: remove unused files. [emulator:outcome=completed]`,
          };
        }),
      },
    },
  });
  return { campaign, login, runId };
}

type RunResult = { ratio: number; secondary: number; duplicates: number; skipped: number; seconds: number };

async function run(
  label: string,
  login: string,
  faults: { kills: number; lostShare: number },
): Promise<RunResult> {
  await h.control("POST", "/rate-limit/reset");
  await h.control("POST", "/counters/reset");
  await h.control("DELETE", "/faults");
  const runId = `${label}-${Date.now().toString(36)}`;
  const { campaign } = await createCampaign(login, runId);
  if (faults.lostShare > 0)
    await h.control("POST", "/faults", {
      type: "drop_response",
      method: "POST",
      path: "/agents/repos/*/*/tasks",
      probability: faults.lostShare,
    });
  const expectedMs = (REPOS / CAP) * 60_000;
  const killAt = Array.from({ length: faults.kills }, () => 2_000 + Math.random() * expectedMs * 0.95).sort(
    (a, b) => a - b,
  );
  const began = Date.now();
  startWorkerProcess();
  await queueCampaignTick(h.db, campaign.id);
  let kills = 0;
  let lastReport = 0;
  for (;;) {
    await sleep(250);
    const elapsed = Date.now() - began;
    if (kills < killAt.length && elapsed >= killAt[kills]!) {
      await stopWorkerProcess("SIGKILL");
      kills++;
      startWorkerProcess();
    }
    const open = await h.db.campaignTarget.count({
      where: { campaignId: campaign.id, status: { in: ["pending", "starting", "unknown"] } },
    });
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      console.info(
        `  ${label}: ${REPOS - open}/${REPOS} started after ${(elapsed / 1000).toFixed(0)} s, ${kills} kills`,
      );
    }
    if (open === 0 && kills >= killAt.length) break;
    if (elapsed > expectedMs * 3 + 120_000) {
      console.error(`  ${label}: gave up after ${(elapsed / 1000).toFixed(0)} s with ${open} targets open`);
      break;
    }
  }
  await stopWorkerProcess("SIGTERM");
  await h.control("DELETE", "/faults");

  // What GitHub holds: tasks of this run per repository.
  const perRepo = new Map<number, number>();
  for (const task of h.gh.state.store.tasksByCreator.get(login) ?? [])
    if (task.sessions[0]?.prompt.startsWith(`[${runId}]`))
      perRepo.set(task.repoId, (perRepo.get(task.repoId) ?? 0) + 1);
  const duplicates = [...perRepo.values()].reduce((sum, n) => sum + (n - 1), 0);
  const skipped = REPOS - perRepo.size;
  const started = await h.db.launch.findMany({
    where: { campaignId: campaign.id },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, status: true, errorKind: true },
  });
  const first = started[0]!.createdAt.getTime();
  const last = started.at(-1)!.createdAt.getTime();
  const rate = ((started.length - 1) / Math.max(1, last - first)) * 60_000;
  const attempts = started.length;
  const reconciled = await h.db.auditEvent.count({
    where: { action: "launch.reconcile", githubIdentity: login },
  });
  const secondary = await secondaryHits();
  const targets = await h.db.campaignTarget.groupBy({
    by: ["status"],
    where: { campaignId: campaign.id },
    _count: true,
  });
  const seconds = (Date.now() - began) / 1000;
  console.info(
    `  ${label}: ${perRepo.size}/${REPOS} repositories have a task; ${attempts} POSTs for ${REPOS} targets; ` +
      `${reconciled} starts reconciled; targets ${targets.map((t) => `${t.status}=${t._count}`).join(" ")}`,
  );
  console.info(
    `  ${label}: start rate ${rate.toFixed(1)}/min = ${(rate / CAP).toFixed(3)} of the ${CAP}/min cap, ` +
      `secondary-limit responses ${secondary}, duplicates ${duplicates}, skipped ${skipped}, ${seconds.toFixed(0)} s`,
  );
  return { ratio: rate / CAP, secondary, duplicates, skipped, seconds };
}

try {
  await h.control("POST", "/repos/bulk", { org: "acme", count: REPOS, prefix: "bench-" });
  console.info(`campaign: ${REPOS} repositories, cap ${CAP}/min, emulator secondary limit 80/min`);
  const clean = await run("clean", "alice", { kills: 0, lostShare: 0 });
  console.info(
    `campaign: again with ${KILLS} SIGKILLs of the worker and ${LOST_SHARE * 100}% of create responses lost`,
  );
  const faulty = await run("faults", "dave", { kills: KILLS, lostShare: LOST_SHARE });
  const worst = Math.min(clean.ratio, faulty.ratio);
  console.info(
    `bench:campaign rate_ratio=${worst.toFixed(3)} secondary_hits=${clean.secondary + faulty.secondary} ` +
      `duplicates=${clean.duplicates + faulty.duplicates} skipped=${clean.skipped + faulty.skipped}`,
  );
} finally {
  await stopWorkerProcess("SIGKILL").catch(() => {});
  await h.close();
  await server.stop();
}
