/**
 * Schedules against the emulator and a database of their own: each slot runs exactly once with two
 * workers ticking and running at the same time, a worker killed mid-run never leads to a second
 * start, missed slots follow the schedule's policy, and a run that cannot start is recorded and
 * tells its owner.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { isolatedDatabase } from "@/test/isolated-database";
import { startHarness, type Harness } from "@/test/sync-harness";
import { withUserClient } from "@/lib/sync/common";
import { runCampaignSlice } from "@/lib/campaigns/runner";
import { startWorker } from "@/worker/runner";
import { nextSlots } from "./cron";
import { executeScheduleRun, fillSlotValues, type ScheduleRunDeps } from "./run";
import { createSchedule } from "./store";
import { claimDueSlots } from "./tick";

let h: Harness;
let databaseUrl: string;
let alice: string;
let templateId: string;

beforeAll(async () => {
  databaseUrl = await isolatedDatabase("schedules");
  h = await startHarness({ databaseUrl, emulator: { seedTasks: false, speed: 1000 } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.control("POST", "/reset");
  await h.db
    .$executeRaw`TRUNCATE "ScheduleRun", "Schedule", "Launch", "Task", "Notification", "Event", "CampaignTarget", "Campaign", "AuditEvent" CASCADE`;
  await h.db.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  alice = await h.signIn("alice");
  const template = await h.db.template.upsert({
    where: { slug: "schedule-test" },
    create: {
      slug: "schedule-test",
      name: "Schedule test",
      versions: {
        create: {
          version: 1,
          body: "Prepare release {{params.releaseName}} [emulator:outcome=completed]",
          parameters: [{ name: "releaseName", label: "Release", type: "text", required: true }],
          defaultCreatePullRequest: false,
        },
      },
    },
    update: {},
  });
  templateId = template.id;
});

function runDeps(db = h.db): ScheduleRunDeps {
  const deps = { ...h.deps("schedule-test"), db };
  return {
    db,
    appUrl: "http://localhost:3000",
    actingFor: (user) => ({ db, user, withClient: (work) => withUserClient(deps, user.id, work) }),
  };
}

const WEEKLY = "0 9 * * 1";
const ZONE = "Europe/Berlin";

/** A weekly schedule created `weeksAgo` weeks before `now` (so that many slots fell due since). */
async function schedule(options: {
  missed?: "run_once" | "skip";
  overlap?: "skip" | "start_anyway";
  createdAt: Date;
}) {
  return h.db.$transaction((tx) =>
    createSchedule(
      tx,
      { id: alice },
      {
        name: "Weekly release",
        templateId,
        target: "repository",
        repository: "acme/checkout-api",
        cron: WEEKLY,
        timeZone: ZONE,
        overlap: options.overlap ?? "skip",
        missed: options.missed ?? "run_once",
        "param.releaseName": "{date}",
      },
      options.createdAt,
    ),
  );
}

function tasksOnGitHub() {
  return (h.gh.state.store.tasksByCreator.get("alice") ?? []).filter((task) =>
    task.sessions[0]?.prompt.startsWith("Prepare release"),
  );
}

const jobs = async (task: string) =>
  Number(
    (
      await h.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM graphile_worker._private_jobs j
        JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = ${task}`
    )[0]!.n,
  );

describe("schedule slots", () => {
  it("says when it runs: the next slots are Mondays 09:00 in Berlin, across the clock change", () => {
    const slots = nextSlots(WEEKLY, ZONE, new Date("2026-03-20T00:00:00Z"), 3).map((d) => d.toISOString());
    // CET (UTC+1) until 29 March, CEST (UTC+2) after.
    expect(slots).toEqual([
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-04-06T07:00:00.000Z",
    ]);
    expect(fillSlotValues({ r: "release-{date}" }, new Date("2026-03-30T07:00:00Z"), ZONE)).toEqual({
      r: "release-2026-03-30",
    });
  });

  it("runs each slot exactly once with two workers ticking and running at the same time", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    const s = await schedule({ createdAt: new Date(slot.getTime() - 3_600_000) });
    const second = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    try {
      // Two workers' ticks race, several times over, at the slot's time.
      const reports = await Promise.all(
        Array.from({ length: 6 }, (_, i) => claimDueSlots(i % 2 ? second : h.db, slot)),
      );
      expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBe(1);
      expect(await h.db.scheduleRun.count({ where: { scheduleId: s.id } })).toBe(1);
      expect(await jobs("schedule_run")).toBe(1);

      // Two real workers share the job queue; the run's job runs in one of them, once.
      const handled: string[] = [];
      const workers = await Promise.all(
        [h.db, second].map((db, i) =>
          startWorker({
            connectionString: databaseUrl,
            concurrency: 2,
            taskList: {
              schedule_run: async (payload) => {
                handled.push(`worker${i}`);
                await executeScheduleRun(runDeps(db), (payload as { runId: string }).runId);
              },
            },
          }),
        ),
      );
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const run = await h.db.scheduleRun.findFirst({ where: { scheduleId: s.id } });
        if (run && run.status !== "pending" && run.status !== "starting") break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await Promise.all(workers.map((worker) => worker.stop()));
      // And running it again by hand (a duplicate job) starts nothing.
      const run = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
      await Promise.all([executeScheduleRun(runDeps(), run.id), executeScheduleRun(runDeps(second), run.id)]);

      expect(handled).toHaveLength(1);
      const done = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
      expect(done.status).toBe("started");
      expect(done.taskIds).toHaveLength(1);
      expect(tasksOnGitHub()).toHaveLength(1);
      const releaseDate = fillSlotValues({ d: "{date}" }, slot, ZONE).d;
      expect(tasksOnGitHub()[0]!.sessions[0]!.prompt).toContain(`Prepare release ${releaseDate}`);
      const audit = await h.db.auditEvent.findMany({
        where: { action: { in: ["task.start", "schedule.run"] } },
      });
      expect(audit.map((a) => a.action).sort()).toEqual(["schedule.run", "task.start"]);
      // A later tick at the same time finds nothing due.
      expect((await claimDueSlots(h.db, slot)).claimed).toBe(0);
    } finally {
      await second.$disconnect();
    }
  });

  it("never starts a slot twice when the worker is killed mid-run", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    const s = await schedule({ createdAt: new Date(slot.getTime() - 3_600_000) });
    await claimDueSlots(h.db, slot);
    const run = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
    const { token } = await h.control<{ token: string }>("POST", "/tokens", {
      login: "alice",
      kind: "github_app",
    });

    const child = spawn("npx", ["tsx", path.resolve("test/fixtures/schedule-run-killed.ts")], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        GITHUB_URL: h.gh.url,
        GITHUB_TOKEN: token,
        RUN_ID: run.id,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("posted")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`the worker exited (${code}) before it posted`)));
    });
    child.kill("SIGKILL");
    expect(tasksOnGitHub()).toHaveLength(1);
    expect((await h.db.scheduleRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("starting");

    // graphile-worker runs the job again (its lock expired): it must not start a second task.
    await executeScheduleRun(runDeps(), run.id);
    const after = await h.db.scheduleRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.status).toBe("unknown");
    expect(tasksOnGitHub()).toHaveLength(1);
    // The launch intent written before the POST is left for the reconciler to match with the task.
    expect(await h.db.launch.count({ where: { userId: alice, status: "pending" } })).toBe(1);
    // The owner hears that this run did not settle.
    expect(await h.db.notification.count({ where: { userId: alice, kind: "schedule" } })).toBe(1);
  }, 60_000);

  it("after downtime runs once for the missed slots (run_once), or records them skipped (skip)", async () => {
    const now = new Date();
    const longAgo = new Date(now.getTime() - 30 * 86_400_000);
    const once = await schedule({ missed: "run_once", createdAt: longAgo });
    const skip = await schedule({ missed: "skip", createdAt: longAgo });
    const report = await claimDueSlots(h.db, now);
    expect(report).toEqual({ claimed: 1, skipped: 1 });

    const latest = nextSlots(WEEKLY, ZONE, new Date(now.getTime() - 7 * 86_400_000), 1)[0]!;
    const [onceRun] = await h.db.scheduleRun.findMany({ where: { scheduleId: once.id } });
    expect(onceRun).toMatchObject({ status: "pending", slot: latest });
    expect(onceRun!.reason).toMatch(/One run for [45] missed times/);
    const [skipRun] = await h.db.scheduleRun.findMany({ where: { scheduleId: skip.id } });
    expect(skipRun).toMatchObject({ status: "skipped", code: "missed", slot: latest });
    expect(await jobs("schedule_run")).toBe(1);

    // Both wait for the next slot from here on.
    const next = nextSlots(WEEKLY, ZONE, now, 1)[0]!;
    for (const id of [once.id, skip.id])
      expect((await h.db.schedule.findUniqueOrThrow({ where: { id } })).nextSlotAt).toEqual(next);
    // On time, a skip schedule runs as usual.
    expect(await claimDueSlots(h.db, next)).toEqual({ claimed: 2, skipped: 0 });
  });

  it("records why a run could not start, and tells the owner: signed out, then overlap", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    const s = await schedule({ createdAt: new Date(slot.getTime() - 3_600_000) });
    await claimDueSlots(h.db, slot);
    await h.db.account.updateMany({ where: { userId: alice }, data: { tokenProblem: "revoked" } });
    const run = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
    await executeScheduleRun(runDeps(), run.id);
    expect(await h.db.scheduleRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "failed",
      code: "signed_out",
    });
    expect(tasksOnGitHub()).toHaveLength(0);
    const [notice] = await h.db.notification.findMany({ where: { userId: alice } });
    expect(notice).toMatchObject({ kind: "schedule" });
    expect(notice!.title).toContain("Weekly release");
    expect(await h.db.event.count({ where: { type: "schedule.run_failed" } })).toBe(1);

    // Signed in again: the next slot starts; the one after is skipped while that task is going.
    await h.signIn("alice");
    const [second, third] = nextSlots(WEEKLY, ZONE, slot, 2) as [Date, Date];
    await claimDueSlots(h.db, second);
    const secondRun = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id, slot: second } });
    await executeScheduleRun(runDeps(), secondRun.id);
    expect((await h.db.scheduleRun.findUniqueOrThrow({ where: { id: secondRun.id } })).status).toBe(
      "started",
    );
    await claimDueSlots(h.db, third);
    const thirdRun = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id, slot: third } });
    await executeScheduleRun(runDeps(), thirdRun.id);
    expect(await h.db.scheduleRun.findUniqueOrThrow({ where: { id: thirdRun.id } })).toMatchObject({
      status: "skipped",
      code: "overlap",
    });
    expect(tasksOnGitHub()).toHaveLength(1);
  });
});

const CAMPAIGN_REPOS = ["acme/checkout-api", "acme/web-storefront", "acme/docs-site"];

/** A weekly campaign schedule over a list of repositories, created an hour before `slot`. */
async function campaignSchedule(slot: Date, fields: Record<string, string> = {}) {
  return h.db.$transaction((tx) =>
    createSchedule(
      tx,
      { id: alice },
      {
        name: "Weekly release campaign",
        templateId,
        target: "campaign",
        repository: "",
        cron: WEEKLY,
        timeZone: ZONE,
        overlap: "skip",
        missed: "run_once",
        targetKind: "list",
        repositories: CAMPAIGN_REPOS.join("\n"),
        maxInFlight: "5",
        failurePauseThreshold: "50",
        "param.releaseName": "{date}",
        ...fields,
      },
      new Date(slot.getTime() - 3_600_000),
    ),
  );
}

describe("campaign schedules", () => {
  it("checks the campaign form's rules on save: a bad target spec is refused with its field", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    await expect(campaignSchedule(slot, { repositories: "not a repository/" })).rejects.toMatchObject({
      failure: {
        code: "invalid_input",
        fieldErrors: { repositories: expect.arrayContaining([expect.any(String)]) },
      },
    });
    await expect(campaignSchedule(slot, { canarySize: "500" })).rejects.toMatchObject({
      failure: { fieldErrors: { canarySize: [expect.any(String)] } },
    });
    expect(await h.db.schedule.count()).toBe(0);
    const s = await campaignSchedule(slot, { canarySize: "1" });
    expect(await h.db.schedule.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      target: "campaign",
      repository: null,
      targetSpec: { kind: "list", repositories: CAMPAIGN_REPOS },
      campaignSettings: expect.objectContaining({ maxInFlight: "5", canarySize: "1" }),
    });
  });

  it("runs a slot once across two workers: one campaign over the spec, dry-run, launched and linked", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    const s = await campaignSchedule(slot);
    const second = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    try {
      const reports = await Promise.all(
        Array.from({ length: 6 }, (_, i) => claimDueSlots(i % 2 ? second : h.db, slot)),
      );
      expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBe(1);
      const run = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
      // The run's job and a duplicate of it, in two workers at the same time.
      await Promise.all([executeScheduleRun(runDeps(), run.id), executeScheduleRun(runDeps(second), run.id)]);
    } finally {
      await second.$disconnect();
    }
    const done = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
    expect(done).toMatchObject({ status: "started", code: null });
    expect(done.reason).toMatch(/Launched: 3 repositories/);
    const campaigns = await h.db.campaign.findMany({ include: { targets: true } });
    expect(campaigns).toHaveLength(1);
    const [campaign] = campaigns;
    expect(done.campaignId).toBe(campaign!.id);
    const releaseDate = fillSlotValues({ d: "{date}" }, slot, ZONE).d;
    expect(campaign).toMatchObject({
      status: "running",
      name: `Weekly release campaign — ${releaseDate}`,
      createdById: alice,
      ownerUserId: alice,
      launchedById: alice,
      maxInFlight: 5,
      failurePauseThreshold: 0.5,
      targetSpec: { kind: "list", repositories: CAMPAIGN_REPOS },
      parameters: { releaseName: releaseDate },
    });
    expect(campaign!.targets.map((t) => `${t.owner}/${t.name}`).sort()).toEqual([...CAMPAIGN_REPOS].sort());
    expect(campaign!.targets.every((t) => t.status === "pending")).toBe(true);
    // One campaign created and launched, one run recorded (the duplicate's refused launch is on record too).
    const audit = await h.db.auditEvent.findMany({
      where: { targetId: { in: [s.id, campaign!.id] }, outcome: "ok" },
    });
    const count = (action: string) => audit.filter((a) => a.action === action).length;
    expect([count("campaign.create"), count("campaign.launch"), count("schedule.run")]).toEqual([1, 1, 1]);
    expect(count("campaign.dry_run")).toBeGreaterThanOrEqual(1);

    // The campaign's runner starts its tasks (paced: a slice at a time, as the worker ticks it), as
    // alice, with the slot's release name.
    const runner = {
      ...h.deps("schedule-test"),
      campaignConfig: { reconcileAfterMs: 0, recheckMs: 50, maxInlineWaitMs: 200, sliceMs: 5_000 },
    };
    const until = Date.now() + 20_000;
    while (tasksOnGitHub().length < 3 && Date.now() < until) await runCampaignSlice(runner, campaign!.id);
    expect(tasksOnGitHub()).toHaveLength(3);
    expect(
      tasksOnGitHub().every((t) => t.sessions[0]!.prompt.includes(`Prepare release ${releaseDate}`)),
    ).toBe(true);
  });

  it("skips a slot while the previous run's campaign is going, and runs once it completed", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    const s = await campaignSchedule(slot);
    const [second, third] = nextSlots(WEEKLY, ZONE, slot, 2) as [Date, Date];
    await claimDueSlots(h.db, slot);
    const first = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id, slot } });
    await executeScheduleRun(runDeps(), first.id);
    const { campaignId } = await h.db.scheduleRun.findUniqueOrThrow({ where: { id: first.id } });

    await claimDueSlots(h.db, second);
    const skipped = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id, slot: second } });
    await executeScheduleRun(runDeps(), skipped.id);
    expect(await h.db.scheduleRun.findUniqueOrThrow({ where: { id: skipped.id } })).toMatchObject({
      status: "skipped",
      code: "overlap",
      campaignId: null,
    });
    expect((await h.db.scheduleRun.findUniqueOrThrow({ where: { id: skipped.id } })).reason).toMatch(
      /campaign is still going/,
    );
    expect(await h.db.campaign.count()).toBe(1);

    await h.db.campaign.update({ where: { id: campaignId! }, data: { status: "completed" } });
    await claimDueSlots(h.db, third);
    const next = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id, slot: third } });
    await executeScheduleRun(runDeps(), next.id);
    const ran = await h.db.scheduleRun.findUniqueOrThrow({ where: { id: next.id } });
    expect(ran.status).toBe("started");
    expect(ran.campaignId).not.toBe(campaignId);
    expect(await h.db.campaign.count()).toBe(2);
  });

  it("carries on with the same campaign after a worker stopped mid-run, and never makes a second", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    const s = await campaignSchedule(slot);
    await claimDueSlots(h.db, slot);
    const run = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
    // A worker that stops for good during the dry run (after the campaign was created and linked).
    const base = runDeps();
    let stopped = false;
    void executeScheduleRun(
      {
        ...base,
        actingFor: (user) => ({
          ...base.actingFor(user),
          withClient: () => {
            stopped = true;
            return new Promise<never>(() => {});
          },
        }),
      },
      run.id,
    );
    const deadline = Date.now() + 10_000;
    while (!stopped && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(true);
    const halfway = await h.db.scheduleRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(halfway.status).toBe("starting");
    expect(halfway.campaignId).not.toBeNull();
    expect(await h.db.campaign.findUniqueOrThrow({ where: { id: halfway.campaignId! } })).toMatchObject({
      status: "draft",
    });

    // graphile-worker runs the job again: the same campaign is dry-run and launched.
    await executeScheduleRun(runDeps(), run.id);
    const after = await h.db.scheduleRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after).toMatchObject({ status: "started", campaignId: halfway.campaignId });
    expect(await h.db.campaign.count()).toBe(1);
    expect((await h.db.campaign.findUniqueOrThrow({ where: { id: after.campaignId! } })).status).toBe(
      "running",
    );
    // And again (a duplicate job): nothing changes.
    await executeScheduleRun(runDeps(), run.id);
    expect(await h.db.campaign.count()).toBe(1);
    expect(await h.db.auditEvent.count({ where: { action: "campaign.launch" } })).toBe(1);
  });

  it("records a campaign run that cannot start, and tells the owner: nothing passes the dry run", async () => {
    const slot = nextSlots(WEEKLY, ZONE, new Date(), 1)[0]!;
    const s = await campaignSchedule(slot, { repositories: "acme/does-not-exist" });
    await claimDueSlots(h.db, slot);
    const run = await h.db.scheduleRun.findFirstOrThrow({ where: { scheduleId: s.id } });
    await executeScheduleRun(runDeps(), run.id);
    const failed = await h.db.scheduleRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(failed).toMatchObject({ status: "failed", code: "invalid_state" });
    expect(failed.reason).toMatch(/No repository passed the dry run/);
    // The draft stays linked, so its dry run shows why.
    expect(failed.campaignId).not.toBeNull();
    const event = await h.db.event.findFirstOrThrow({ where: { type: "schedule.run_failed" } });
    expect(event.campaignId).toBe(failed.campaignId);
    expect(await h.db.notification.count({ where: { userId: alice, kind: "schedule" } })).toBe(1);
  });
});
