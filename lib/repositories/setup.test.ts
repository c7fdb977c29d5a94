/**
 * New-repository setup against the in-process emulator and a real Postgres: both steps from a
 * template repository and from nothing, a name clash, no permission, a refused start resumed, and
 * unknown outcomes (a lost repository response, a lost task response) resolved without repeating.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAudit } from "@/lib/audit";
import type { GitHubClient } from "@/lib/github";
import { reconcileLaunches } from "@/lib/tasks/reconcile";
import { startRecordedTask } from "@/lib/tasks/start-core";
import { startResultOf } from "@/lib/tasks/start";
import { ensureStarterTemplates } from "@/lib/templates/starters";
import { startHarness, type Harness } from "@/test/sync-harness";
import { createRepositorySetup, resumeRepositorySetup, settleRepositorySetup, type SetupDeps } from "./setup";

let h: Harness;
let versionId: string;
let teamId: string;
const run = randomBytes(3).toString("hex");
const users: Record<string, string> = {};

function depsFor(login: string): SetupDeps {
  const userId = users[login]!;
  const syncDeps = h.deps("setup-test", {}, 3_000);
  const withClient = async <T>(work: (client: GitHubClient) => Promise<T>) =>
    work(await syncDeps.clientFor(userId, { forceRefresh: false }));
  return {
    db: h.db,
    actor: { id: userId, login },
    withClient,
    branchWaitMs: 10,
    // What startTask does in the app, without its session.
    startTask: async (input, options) =>
      startResultOf(await startRecordedTask(h.db, { userId, login }, input, withClient, options), input),
    record: (tx, fields = {}) =>
      writeAudit(tx, { action: "repository_setup", actorId: userId, actorLogin: login, ...fields }),
  };
}

function request(name: string, overrides: Partial<Parameters<typeof createRepositorySetup>[1]> = {}) {
  return {
    org: "acme",
    name,
    visibility: "internal" as const,
    description: "Made by a test",
    owningTeamId: teamId,
    templateRepository: null,
    templateVersionId: versionId,
    parameters: { team: "@acme/platform", stack: "Go", purpose: "Testing", includeDependabot: true },
    model: null,
    createPullRequest: true,
    ...overrides,
  };
}

async function faultsInjected(): Promise<number> {
  return (await h.control<{ faultsInjected: number }>("GET", "/counters")).faultsInjected;
}

function emulatorRepo(name: string) {
  return h.gh.state.store.repo("acme", name);
}

function emulatorTasks(name: string) {
  return [...h.gh.state.store.tasksByCreator.values()].flat().filter((task) => {
    const repo = h.gh.state.store.data.repos.find((r) => r.id === task.repoId);
    return repo?.name === name;
  });
}

beforeAll(async () => {
  h = await startHarness({ databaseUrl: process.env.DATABASE_URL! });
  users.alice = await h.signIn("alice");
  users.carol = await h.signIn("carol");
  await ensureStarterTemplates(h.db);
  const version = await h.db.templateVersion.findFirstOrThrow({
    where: { template: { slug: "new-repository-setup" } },
    orderBy: { version: "desc" },
  });
  versionId = version.id;
  teamId = (await h.db.team.create({ data: { name: `Setup team ${run}` } })).id;
});

afterAll(async () => {
  await h?.close();
});

describe("new-repository setup", () => {
  it("creates a repository from the template repository and starts the setup task on its default branch", async () => {
    const name = `svc-from-template-${run}`;
    const { setup, failure: problem } = await createRepositorySetup(
      depsFor("alice"),
      request(name, { templateRepository: "acme/service-template" }),
    );
    expect(problem).toBeNull();
    expect(setup.status).toBe("task_started");
    expect(setup.taskId).toBeTruthy();
    const repo = emulatorRepo(name)!;
    expect(repo.templateRepoId).toBe(emulatorRepo("service-template")!.id);
    expect(setup.repositoryId).toBe(BigInt(repo.id));
    expect(setup.defaultBranch).toBe(repo.defaultBranch);

    const stored = await h.db.repository.findUniqueOrThrow({ where: { id: BigInt(repo.id) } });
    expect(stored).toMatchObject({ owner: "acme", name, owningTeamId: teamId });

    const launch = await h.db.launch.findFirstOrThrow({ where: { repositorySetupId: setup.id } });
    expect(launch).toMatchObject({
      kind: "repository_setup",
      templateVersionId: versionId,
      status: "started",
      taskId: setup.taskId,
      baseRef: repo.defaultBranch,
      createPullRequest: true,
    });
    // The prompt is the setup template rendered for the new repository.
    expect(launch.prompt).toBe(setup.prompt);
    expect(launch.prompt).toContain(name);
    expect(launch.prompt).toContain("@acme/platform");
    expect(emulatorTasks(name)).toHaveLength(1);

    const audits = await h.db.auditEvent.findMany({
      where: { targetId: setup.id },
      select: { action: true },
    });
    expect(audits.map((a) => a.action).sort()).toEqual(["repository.create", "repository_setup.create"]);
  });

  it("creates an empty repository with a README when no template repository is chosen", async () => {
    const name = `svc-empty-${run}`;
    const { setup, failure: problem } = await createRepositorySetup(depsFor("alice"), request(name));
    expect(problem).toBeNull();
    expect(setup.status).toBe("task_started");
    const repo = emulatorRepo(name)!;
    expect(Object.keys(repo.files)).toEqual(["README.md"]);
    expect(repo.visibility).toBe("internal");
    expect(setup.defaultBranch).toBe("main");
    expect(emulatorTasks(name)).toHaveLength(1);
  });

  it("reports a name clash on the name field and starts nothing", async () => {
    const name = `svc-clash-${run}`;
    await createRepositorySetup(depsFor("alice"), request(name));
    const before = emulatorTasks(name).length;
    const { setup, failure: problem } = await createRepositorySetup(
      depsFor("alice"),
      request(name.toUpperCase()),
    );
    expect(problem).toMatchObject({ kind: "name_taken", field: "name" });
    expect(problem!.message).toMatch(/already exists/);
    expect(setup.status).toBe("repository_failed");
    expect(emulatorTasks(name)).toHaveLength(before);
    // Resuming cannot fix a clash: nothing is sent again.
    const resumed = await resumeRepositorySetup(depsFor("alice"), setup.id);
    expect(resumed!.failure?.kind).toBe("name_taken");
  });

  it("says clearly when the person may not create repositories in the organisation", async () => {
    const name = `svc-carol-${run}`;
    const { setup, failure: problem } = await createRepositorySetup(depsFor("carol"), request(name));
    expect(problem).toMatchObject({ kind: "forbidden", field: "org" });
    expect(problem!.message).toMatch(/permission to create repositories in acme/);
    expect(setup.status).toBe("repository_failed");
    expect(emulatorRepo(name)).toBeUndefined();
  });

  it("keeps the created repository when the task start is refused, and Resume starts only the task", async () => {
    const name = `svc-resume-${run}`;
    await h.control("POST", "/faults", {
      type: "status",
      status: 422,
      method: "POST",
      path: `/agents/repos/acme/${name}/tasks`,
      count: 1,
      body: {
        message: "Validation Failed",
        errors: [{ resource: "Task", code: "invalid", field: "prompt" }],
      },
    });
    const first = await createRepositorySetup(depsFor("alice"), request(name));
    expect(first.setup.status).toBe("task_failed");
    expect(first.setup.repositoryId).not.toBeNull();
    expect(first.failure?.kind).toBe("invalid_input");
    const repoId = emulatorRepo(name)!.id;
    expect(emulatorTasks(name)).toHaveLength(0);

    const resumed = await resumeRepositorySetup(depsFor("alice"), first.setup.id);
    expect(resumed!.failure).toBeNull();
    expect(resumed!.setup.status).toBe("task_started");
    expect(emulatorRepo(name)!.id).toBe(repoId);
    expect(emulatorTasks(name)).toHaveLength(1);
    const launches = await h.db.launch.findMany({ where: { repositorySetupId: first.setup.id } });
    expect(launches.map((l) => l.status).sort()).toEqual(["failed", "started"]);
    // Nothing left to resume.
    const again = await resumeRepositorySetup(depsFor("alice"), first.setup.id);
    expect(again!.setup.status).toBe("task_started");
    expect(emulatorTasks(name)).toHaveLength(1);
  });

  it("resolves a lost repository response by reading the repository back instead of creating again", async () => {
    const name = `svc-lost-repo-${run}`;
    await h.control("POST", "/faults", {
      type: "drop_response",
      method: "POST",
      path: "/orgs/acme/repos",
      count: 1,
    });
    const faults = await faultsInjected();
    const { setup, failure: problem } = await createRepositorySetup(depsFor("alice"), request(name));
    expect(await faultsInjected()).toBe(faults + 1);
    expect(problem).toBeNull();
    expect(setup.status).toBe("task_started");
    expect(setup.repositoryId).toBe(BigInt(emulatorRepo(name)!.id));
    expect(emulatorTasks(name)).toHaveLength(1);
  });

  it("after a 5xx on create, reads back that nothing exists, and Resume creates it once", async () => {
    const name = `svc-502-${run}`;
    await h.control("POST", "/faults", {
      type: "status",
      status: 502,
      method: "POST",
      path: "/orgs/acme/repos",
      count: 1,
    });
    const first = await createRepositorySetup(depsFor("alice"), request(name));
    expect(first.setup.status).toBe("repository_failed");
    expect(first.failure?.kind).toBe("unavailable");
    expect(emulatorRepo(name)).toBeUndefined();
    const resumed = await resumeRepositorySetup(depsFor("alice"), first.setup.id);
    expect(resumed!.failure).toBeNull();
    expect(resumed!.setup.status).toBe("task_started");
    expect(emulatorTasks(name)).toHaveLength(1);
  });

  it("never starts the task again while its start is unknown; the reconciler settles it", async () => {
    const name = `svc-lost-task-${run}`;
    await h.control("POST", "/faults", {
      type: "drop_response",
      method: "POST",
      path: `/agents/repos/acme/${name}/tasks`,
      count: 1,
    });
    const faults = await faultsInjected();
    const { setup, failure: problem } = await createRepositorySetup(depsFor("alice"), request(name));
    expect(await faultsInjected()).toBe(faults + 1);
    expect(problem?.kind).toBe("outcome_unknown");
    expect(setup.status).toBe("task_unknown");
    expect(emulatorTasks(name)).toHaveLength(1);

    const blocked = await resumeRepositorySetup(depsFor("alice"), setup.id);
    expect(blocked!.failure?.kind).toBe("task_unknown");
    expect(emulatorTasks(name)).toHaveLength(1);

    await reconcileLaunches(h.deps("setup-test"));
    const settled = await settleRepositorySetup(h.db, setup.id);
    expect(settled!.status).toBe("task_started");
    expect(settled!.taskId).toBe(emulatorTasks(name)[0]!.id);
  });
});
