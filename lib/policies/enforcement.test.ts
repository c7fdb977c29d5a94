/**
 * Policy enforcement on the one start path (startRecordedTask), against the GitHub emulator and a
 * real Postgres: a branch-only repository never gets `create_pull_request: true`, whatever the form
 * said, and a model outside the allowed list is refused before anything is written or sent.
 * Rows are our own: policies on repositories named pol-<run>-…, and a person with a GitHub id of
 * 970… (this emulator's alice, renumbered) so the sync tests leave the tasks alone.
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { startEmulator, type RunningEmulator } from "@/github-emulator/server";
import { createGitHubClient, type GitHubClient, type StartTaskParams } from "@/lib/github";
import { withTaskWriteLock } from "@/lib/sync/store";
import { startRecordedTask } from "@/lib/tasks/start-core";
import { emulatorControl } from "@/test/emulator-control";

const RUN = randomBytes(4).toString("hex");
const PREFIX = `pol-${RUN}-`;
const BRANCH_ONLY = `${PREFIX}0001`;
const OPUS_ONLY = `${PREFIX}0002`;
const OPEN = `${PREFIX}0003`;
const GITHUB_ID = 970_800_000 + (parseInt(RUN.slice(0, 4), 16) % 100_000);

let gh: RunningEmulator;
let db: PrismaClient;
let client: GitHubClient;
let actor: { userId: string; login: string };
const policyIds: string[] = [];

const withClient = <T>(work: (c: GitHubClient) => Promise<T>) => work(client);

// `gh` starts in beforeAll: its URL is read on each call.
const control = <T = unknown>(method: string, path: string, body?: unknown) =>
  emulatorControl(gh.url)<T>(method, path, body);

function emulatorTasks(repo: string) {
  const record = gh.state.store.repo("acme", repo)!;
  return gh.state.store.data.tasks.filter((task) => task.repoId === record.id);
}

const input = (repo: string, fields: Partial<StartTaskParams> = {}): StartTaskParams => ({
  owner: "acme",
  repo,
  prompt: `Add a CHANGELOG entry (${RUN})`,
  ...fields,
});

beforeAll(async () => {
  gh = await startEmulator({ port: 0, seedTasks: false });
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 5 }) });
  // This emulator's alice gets an id of our own, so her tasks here are not the sync tests' alice's.
  gh.state.store.user("alice")!.id = GITHUB_ID;
  gh.state.store.reindex();
  await control("POST", "/repos/bulk", { org: "acme", count: 3, prefix: PREFIX });
  const { token } = await control<{ token: string }>("POST", "/tokens", {
    login: "alice",
    kind: "oauth_app",
  });
  client = createGitHubClient({ token, baseUrl: gh.url, waitUnitMs: 5 });
  const login = `pol-${RUN}-alice`;
  const user = await db.user.create({ data: { githubId: GITHUB_ID, login }, select: { id: true } });
  actor = { userId: user.id, login };

  const policies = [
    // Upper case on purpose: patterns match without regard to case.
    { pattern: `ACME/${BRANCH_ONLY}`, pullRequests: "branch_only" as const, position: 1 },
    { pattern: `acme/${OPUS_ONLY}`, allowedModels: ["claude-opus-4.6"], maxCampaignSize: 10, position: 2 },
  ];
  for (const data of policies) policyIds.push((await db.repositoryPolicy.create({ data })).id);
});

afterAll(async () => {
  if (db) {
    await db.repositoryPolicy.deleteMany({ where: { id: { in: policyIds } } });
    if (actor) {
      const launches = await db.launch.findMany({
        where: { userId: actor.userId },
        select: { taskId: true },
      });
      const taskIds = launches.flatMap((launch) => (launch.taskId ? [launch.taskId] : []));
      await db.launch.deleteMany({ where: { userId: actor.userId } });
      await withTaskWriteLock(db, (tx) => tx.task.deleteMany({ where: { id: { in: taskIds } } }));
      await db.repository.deleteMany({ where: { name: { startsWith: PREFIX } } });
      await db.user.deleteMany({ where: { id: actor.userId } });
    }
    await db.$disconnect();
  }
  await gh?.close();
});

describe("startRecordedTask applies repository policy", () => {
  it("a branch-only repository never gets a pull request, whatever the form said", async () => {
    const outcome = await startRecordedTask(
      db,
      actor,
      input(BRANCH_ONLY, { create_pull_request: true }),
      withClient,
    );
    expect(outcome.status).toBe("started");
    if (outcome.status !== "started") return;
    expect(outcome.input.create_pull_request).toBe(false);
    expect(outcome.notes).toHaveLength(1);
    expect(outcome.notes[0]).toContain(`acme/${BRANCH_ONLY} is branch-only`);

    // What GitHub (the emulator) was asked for: no pull request.
    const created = emulatorTasks(BRANCH_ONLY);
    expect(created.map((task) => task.id)).toEqual([outcome.task.id]);
    expect(created[0]!.createPullRequest).toBe(false);

    const launch = await db.launch.findUniqueOrThrow({ where: { id: outcome.launchId } });
    expect(launch).toMatchObject({
      status: "started",
      taskId: outcome.task.id,
      createPullRequest: false,
      policyNotes: outcome.notes,
    });
  });

  it("an unset pull request on a branch-only repository is sent as false, without a note", async () => {
    const outcome = await startRecordedTask(db, actor, input(BRANCH_ONLY), withClient);
    expect(outcome).toMatchObject({ status: "started", notes: [] });
    if (outcome.status !== "started") return;
    const task = gh.state.store.tasksById.get(outcome.task.id)!;
    expect(task.createPullRequest).toBe(false);
    expect(await db.launch.findUniqueOrThrow({ where: { id: outcome.launchId } })).toMatchObject({
      createPullRequest: false,
      policyNotes: [],
    });
  });

  it("a model outside the allowed list is refused: no launch, no task on GitHub", async () => {
    const launchesBefore = await db.launch.count({ where: { userId: actor.userId, repo: OPUS_ONLY } });
    for (const model of ["gpt-5.4", undefined]) {
      const outcome = await startRecordedTask(
        db,
        actor,
        input(OPUS_ONLY, { model, create_pull_request: true }),
        withClient,
      );
      expect(outcome).toMatchObject({ status: "refused", launchId: null });
      if (outcome.status !== "refused") return;
      expect(outcome.policyMessage).toContain(`acme/${OPUS_ONLY}`);
      expect(outcome.policyMessage).toContain("claude-opus-4.6");
    }
    expect(await db.launch.count({ where: { userId: actor.userId, repo: OPUS_ONLY } })).toBe(launchesBefore);
    expect(emulatorTasks(OPUS_ONLY)).toEqual([]);
  });

  it("an allowed model starts, and keeps the pull request where pull requests are allowed", async () => {
    const outcome = await startRecordedTask(
      db,
      actor,
      input(OPUS_ONLY, { model: "claude-opus-4.6", create_pull_request: true }),
      withClient,
    );
    expect(outcome).toMatchObject({ status: "started", notes: [] });
    if (outcome.status !== "started") return;
    expect(gh.state.store.tasksById.get(outcome.task.id)!.createPullRequest).toBe(true);

    const open = await startRecordedTask(
      db,
      actor,
      input(OPEN, { model: "gpt-5.4", create_pull_request: true }),
      withClient,
    );
    expect(open).toMatchObject({ status: "started", notes: [] });
    expect(emulatorTasks(OPEN).map((task) => task.createPullRequest)).toEqual([true]);
  });
});
