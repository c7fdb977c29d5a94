/**
 * Ownership against the GitHub emulator and a real Postgres: every rule and its precedence, the
 * CODEOWNERS cache (no request when fresh, a 304 when old), and GitHub team mirroring.
 * Rows are our own: repositories 970000100+, tasks "own-…", GitHub ids 970… for made-up people.
 * The emulator's people (alice 1001, bob 1002, carol 1003, dave 1004) are upserted by GitHub id,
 * as the sync tests do, and never deleted.
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Prisma, PrismaClient, type TaskState } from "@/generated/prisma/client";
import { startEmulator, type RunningEmulator } from "@/github-emulator/server";
import { createGitHubClient, getFileContent, listTeamMembers, type GitHubClient } from "@/lib/github";
import { readCodeowners, type RepositoryRef } from "./codeowners";
import { mirrorGitHubTeam, resolveOwner, UNOWNED_REASON } from "./ownership";
import { REVIEW_STATE } from "./sla";
import { routingRuleSchema } from "@/lib/settings/inputs";
import { withTaskWriteLock } from "@/lib/sync/store";
import { emulatorControl } from "@/test/emulator-control";

const RUN = randomBytes(4).toString("hex");
/** A GitHub id no Switchyard user has: tasks need a creator id ≥ 900,000 so the sync tests leave them alone. */
const NOBODY = 970_999_000 + (parseInt(RUN.slice(0, 4), 16) % 1000);
const SEED_PEOPLE = { alice: 1001, bob: 1002, carol: 1003, dave: 1004 } as const;
type Person = keyof typeof SEED_PEOPLE;

let gh: RunningEmulator;
let db: PrismaClient;
let alice: GitHubClient;
const people = {} as Record<Person, string>;
const createdRules: string[] = [];
const createdUsers: string[] = [];
const createdTeams: string[] = [];
const createdRepos: bigint[] = [];
const createdCampaigns: string[] = [];
let templateVersionId: string;
let taskCounter = 0;
let repoCounter = 0;

// `gh` starts in beforeAll: its URL is read on each call.
const control = <T = unknown>(method: string, path: string, body?: unknown) =>
  emulatorControl(gh.url)<T>(method, path, body);

type Counters = { routes: Record<string, { total: number; byStatus: Record<string, number> }> };
const CONTENTS_ROUTE = "GET /repos/{owner}/{repo}/contents/{path+}";

async function contentRequests(): Promise<{ total: number; byStatus: Record<string, number> }> {
  const counters = await control<Counters>("GET", "/counters");
  return counters.routes[CONTENTS_ROUTE] ?? { total: 0, byStatus: {} };
}

async function upsertByGithubId(githubId: number, login: string): Promise<string> {
  const upsert = () =>
    db.user.upsert({ where: { githubId }, create: { githubId, login }, update: {}, select: { id: true } });
  try {
    return (await upsert()).id;
  } catch (error) {
    // The sync tests may create the same person at the same moment.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return (await upsert()).id;
    }
    throw error;
  }
}

async function makeUser(label: string, githubId?: number): Promise<{ id: string; login: string }> {
  const login = `own-${RUN}-${label}`;
  const user = await db.user.create({ data: { login, githubId }, select: { id: true, login: true } });
  createdUsers.push(user.id);
  return { id: user.id, login };
}

/** A template of this run's own (rules limited to a template name a real one). */
async function makeTemplate(label: string): Promise<string> {
  const template = await db.template.create({
    data: { slug: `own-${RUN}-${label}`, name: `own-${RUN}-${label}` },
    select: { id: true },
  });
  return template.id;
}

async function makeTeam(label: string): Promise<string> {
  const team = await db.team.create({ data: { name: `own-${RUN}-${label}` }, select: { id: true } });
  createdTeams.push(team.id);
  return team.id;
}

/** Our own Repository row for an emulator repository (its GitHub id is ours, its name the emulator's). */
async function repository(owner: string, name: string): Promise<RepositoryRef> {
  const id = BigInt(970_000_100 + repoCounter++);
  await db.repository.create({ data: { id, owner, name } });
  createdRepos.push(id);
  return { id, owner, name };
}

async function task(
  repo: RepositoryRef,
  fields: {
    creatorGithubId?: number;
    campaignId?: string;
    templateId?: string;
    launchedBy?: { userId: string; login: string };
  } = {},
): Promise<string> {
  const id = `own-${RUN}-${taskCounter++}`;
  const now = new Date();
  await db.task.create({
    data: {
      id,
      repositoryId: repo.id,
      creatorGithubId: BigInt(fields.creatorGithubId ?? NOBODY),
      state: "waiting_for_user",
      createdAt: now,
      githubUpdatedAt: now,
      campaignId: fields.campaignId,
      templateId: fields.templateId,
    },
  });
  if (fields.launchedBy) {
    await db.launch.create({
      data: {
        userId: fields.launchedBy.userId,
        githubLogin: fields.launchedBy.login,
        owner: repo.owner,
        repo: repo.name,
        prompt: "Fix the flaky test",
        status: "started",
        taskId: id,
      },
    });
  }
  return id;
}

async function rule(data: {
  name: string;
  position: number;
  repositoryPattern?: string;
  organisation?: string;
  campaignId?: string;
  templateId?: string;
  states?: TaskState[];
  targetUserId?: string;
  targetTeamId?: string;
}): Promise<void> {
  const created = await db.routingRule.create({ data: { ...data, createdById: "own-test" } });
  createdRules.push(created.id);
}

async function campaign(owner: { userId?: string; teamId?: string } = {}): Promise<string> {
  const created = await db.campaign.create({
    data: {
      name: `own-${RUN}-campaign-${createdCampaigns.length}`,
      templateVersionId,
      createdById: people.alice,
      ownerUserId: owner.userId,
      ownerTeamId: owner.teamId,
    },
    select: { id: true },
  });
  createdCampaigns.push(created.id);
  return created.id;
}

const withAlice = { clientForRepository: async () => alice };
const waiting = (taskId: string) => ({ taskId, state: "waiting_for_user" as const });

async function teamMembers(teamId: string): Promise<string[]> {
  const rows = await db.teamMember.findMany({
    where: { teamId },
    select: { user: { select: { login: true } } },
  });
  return rows.map((row) => row.user.login ?? "").sort();
}

beforeAll(async () => {
  gh = await startEmulator({ port: 0, seedTasks: false });
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 5 }) });
  for (const [login, githubId] of Object.entries(SEED_PEOPLE)) {
    people[login as Person] = await upsertByGithubId(githubId, login);
  }
  const { token } = await control<{ token: string }>("POST", "/tokens", {
    login: "alice",
    kind: "oauth_app",
  });
  alice = createGitHubClient({ token, baseUrl: gh.url, waitUnitMs: 5 });
  const template = await db.template.create({
    data: {
      slug: `own-${RUN}-template`,
      name: `own-${RUN}`,
      versions: { create: { version: 1, body: "Fix it" } },
    },
    select: { versions: { select: { id: true } } },
  });
  templateVersionId = template.versions[0]!.id;
});

afterAll(async () => {
  if (db) {
    await db.routingRule.deleteMany({ where: { id: { in: createdRules } } });
    await db.campaign.deleteMany({ where: { id: { in: createdCampaigns } } });
    await db.template.deleteMany({ where: { slug: { startsWith: `own-${RUN}-` } } });
    await db.launch.deleteMany({ where: { taskId: { startsWith: `own-${RUN}-` } } });
    await withTaskWriteLock(db, (tx) => tx.task.deleteMany({ where: { id: { startsWith: `own-${RUN}-` } } }));
    await db.codeownersCache.deleteMany({ where: { repositoryId: { in: createdRepos } } });
    await db.repository.deleteMany({ where: { id: { in: createdRepos } } });
    await db.team.deleteMany({ where: { id: { in: createdTeams } } });
    await db.user.deleteMany({ where: { id: { in: createdUsers } } });
    await db.$disconnect();
  }
  await gh?.close();
});

beforeEach(async () => {
  await control("POST", "/counters/reset");
});

describe("contents and team members", () => {
  it("decodes a file, answers 304 for its etag and null for a missing file or a directory", async () => {
    const file = await getFileContent(alice, {
      owner: "acme",
      repo: "checkout-api",
      path: ".github/CODEOWNERS",
    });
    expect(file).toMatchObject({
      notModified: false,
      text: "# Code owners for acme/checkout-api\n* @acme/payments\n",
    });
    const etag = file.etag;
    expect(etag).toBeTruthy();

    const again = await getFileContent(alice, {
      owner: "acme",
      repo: "checkout-api",
      path: ".github/CODEOWNERS",
      etag,
    });
    expect(again.notModified).toBe(true);

    expect(await getFileContent(alice, { owner: "acme", repo: "checkout-api", path: "CODEOWNERS" })).toEqual({
      notModified: false,
      text: null,
      etag: undefined,
    });
    const directory = await getFileContent(alice, { owner: "acme", repo: "checkout-api", path: ".github" });
    expect(directory).toMatchObject({ notModified: false, text: null });
    expect((await contentRequests()).byStatus).toEqual({ "200": 2, "304": 1, "404": 1 });
  });

  it("lists a GitHub team's members", async () => {
    expect((await listTeamMembers(alice, { org: "acme", teamSlug: "payments" })).sort()).toEqual([
      "alice",
      "bob",
    ]);
  });
});

describe("readCodeowners", () => {
  it("caches the root owners: no request while fresh, a conditional GET (304) once old", async () => {
    const repo = await repository("acme", "checkout-api");
    const t0 = new Date("2026-06-01T10:00:00Z");

    expect(await readCodeowners(db, alice, repo, { now: t0 })).toEqual({
      owners: ["@acme/payments"],
      path: ".github/CODEOWNERS",
    });
    expect((await contentRequests()).total).toBe(1);

    const fresh = new Date(t0.getTime() + 59 * 60_000);
    expect(await readCodeowners(db, alice, repo, { now: fresh })).toEqual({
      owners: ["@acme/payments"],
      path: ".github/CODEOWNERS",
    });
    expect((await contentRequests()).total).toBe(1);

    const old = new Date(t0.getTime() + 2 * 3600_000);
    expect(await readCodeowners(db, alice, repo, { now: old })).toEqual({
      owners: ["@acme/payments"],
      path: ".github/CODEOWNERS",
    });
    expect((await contentRequests()).byStatus).toEqual({ "200": 1, "304": 1 });
    const row = await db.codeownersCache.findUniqueOrThrow({ where: { repositoryId: repo.id } });
    expect(row.fetchedAt).toEqual(old);
    expect(row.etag).toBeTruthy();
  });

  it("picks a reader only when GitHub must be asked, and says null when nobody can read", async () => {
    const repo = await repository("acme", "checkout-api");
    const t0 = new Date("2026-06-01T10:00:00Z");
    let picks = 0;
    const reader = async () => (picks++, alice);
    expect(await readCodeowners(db, async () => null, repo, { now: t0 })).toBeNull();
    expect((await readCodeowners(db, reader, repo, { now: t0 }))?.owners).toEqual(["@acme/payments"]);
    expect(picks).toBe(1);
    // A cache hit: no reader picked (picking one is a query per triage item).
    const fresh = new Date(t0.getTime() + 60_000);
    expect((await readCodeowners(db, reader, repo, { now: fresh }))?.owners).toEqual(["@acme/payments"]);
    expect(picks).toBe(1);
  });

  it("finds CODEOWNERS at the root and in docs/, in GitHub's order", async () => {
    const recommendations = await repository("acme", "recommendations");
    expect(await readCodeowners(db, alice, recommendations)).toEqual({
      owners: ["@dave"],
      path: "CODEOWNERS",
    });
    expect((await contentRequests()).byStatus).toEqual({ "404": 1, "200": 1 });

    const docs = await repository("acme", "docs-site");
    expect(await readCodeowners(db, alice, docs)).toEqual({
      owners: ["@acme/web", "@carol"],
      path: "docs/CODEOWNERS",
    });
  });

  it("caches a repository without CODEOWNERS and looks again once the entry is old", async () => {
    const repo = await repository("acme", "inventory-service");
    const t0 = new Date("2026-06-01T10:00:00Z");
    expect(await readCodeowners(db, alice, repo, { now: t0 })).toEqual({ owners: [], path: null });
    expect((await contentRequests()).byStatus).toEqual({ "404": 3 });

    await readCodeowners(db, alice, repo, { now: new Date(t0.getTime() + 60_000) });
    expect((await contentRequests()).total).toBe(3);

    await readCodeowners(db, alice, repo, { now: new Date(t0.getTime() + 60_000), maxAgeSeconds: 30 });
    expect((await contentRequests()).total).toBe(6);
  });

  it("re-reads a file that changed since it was cached", async () => {
    const repo = await repository("acme", "pricing-engine");
    const t0 = new Date("2026-06-01T10:00:00Z");
    expect((await readCodeowners(db, alice, repo, { now: t0 }))?.owners).toEqual(["@acme/payments"]);

    const files = gh.state.store.repo("acme", "pricing-engine")!.files;
    const original = files[".github/CODEOWNERS"]!;
    files[".github/CODEOWNERS"] = "* @acme/payments\n/** @bob\n*.md @carol\n";
    try {
      const later = new Date(t0.getTime() + 2 * 3600_000);
      expect(await readCodeowners(db, alice, repo, { now: later })).toEqual({
        owners: ["@bob"],
        path: ".github/CODEOWNERS",
      });
      expect((await contentRequests()).byStatus).toEqual({ "200": 2 });
    } finally {
      files[".github/CODEOWNERS"] = original;
    }
  });
});

describe("resolveOwner", () => {
  it("a routing rule beats CODEOWNERS; rules apply in position order and only when every field matches", async () => {
    const repo = await repository("acme", "checkout-api");
    const template = await makeTemplate("rules");
    const campaignId = await campaign();
    const id = await task(repo, { templateId: template, campaignId });
    const winner = await makeUser("rule-winner");
    const leaver = await makeUser("rule-leaver");
    const teamId = await makeTeam("rule-team");

    await rule({
      name: "wrong state",
      position: 1,
      templateId: template,
      states: ["failed"],
      targetUserId: winner.id,
    });
    await rule({
      name: "wrong org",
      position: 2,
      templateId: template,
      organisation: "globex",
      targetTeamId: teamId,
    });
    await rule({
      name: "wrong campaign",
      position: 3,
      templateId: template,
      campaignId: await campaign(),
      targetTeamId: teamId,
    });
    await rule({ name: "deleted target", position: 4, templateId: template, targetUserId: leaver.id });
    await db.user.delete({ where: { id: leaver.id } });
    await rule({
      name: "checkout repos",
      position: 5,
      repositoryPattern: "ACME/checkout-*",
      organisation: "acme",
      campaignId,
      templateId: template,
      states: ["waiting_for_user", "failed"],
      targetUserId: winner.id,
    });
    await rule({
      name: "later rule",
      position: 6,
      repositoryPattern: "acme/**",
      templateId: template,
      targetTeamId: teamId,
    });

    expect(await resolveOwner(db, waiting(id), withAlice)).toEqual({
      ownerUserId: winner.id,
      ownerTeamId: null,
      reason: "Routing rule: checkout repos",
      source: "rule",
    });
    expect((await contentRequests()).total).toBe(0);

    expect(await resolveOwner(db, { taskId: id, state: "failed" }, withAlice)).toMatchObject({
      ownerUserId: winner.id,
      reason: "Routing rule: wrong state",
    });
    expect(await resolveOwner(db, { taskId: id, state: "timed_out" }, withAlice)).toMatchObject({
      ownerTeamId: teamId,
      reason: "Routing rule: later rule",
    });
  });

  it("a rule on the review state alone routes review items and leaves failures to the next owner", async () => {
    const repo = await repository("acme", "review-rules");
    const template = await makeTemplate("review-rules");
    const id = await task(repo, { templateId: template });
    const reviewer = await makeUser("review-rule-target");
    await rule({
      name: "reviews of review-rules",
      position: 1,
      templateId: template,
      states: [REVIEW_STATE],
      targetUserId: reviewer.id,
    });

    expect(await resolveOwner(db, { taskId: id, state: REVIEW_STATE }, withAlice)).toMatchObject({
      ownerUserId: reviewer.id,
      reason: "Routing rule: reviews of review-rules",
    });
    expect(await resolveOwner(db, { taskId: id, state: "failed" }, withAlice)).not.toMatchObject({
      reason: "Routing rule: reviews of review-rules",
    });
    // Settings accepts the review state in a rule, and still refuses a state no item can be in.
    const form = (states: string[]) => ({ name: "Reviews", states, target: `user:${reviewer.id}` });
    expect(routingRuleSchema.safeParse(form(["completed"])).success).toBe(true);
    expect(routingRuleSchema.safeParse(form(["in_progress"])).success).toBe(false);
  });
  it("glob patterns: * stays in one segment, ** crosses, ? is one character", async () => {
    const repo = await repository("acme", "checkout-api");
    const template = await makeTemplate("globs");
    const id = await task(repo, { templateId: template });
    const teamId = await makeTeam("glob-team");
    await rule({
      name: "star",
      position: 1,
      repositoryPattern: "*",
      templateId: template,
      targetTeamId: teamId,
    });
    await rule({
      name: "question",
      position: 2,
      repositoryPattern: "acme/checkout-ap?",
      templateId: template,
      targetTeamId: teamId,
    });
    expect((await resolveOwner(db, waiting(id))).reason).toBe("Routing rule: question");
  });

  it("a campaign without an owner, or no longer stored, falls through to CODEOWNERS", async () => {
    const repo = await repository("acme", "recommendations");
    const deleted = await campaign({ userId: people.carol });
    const gone = await task(repo, { campaignId: deleted });
    await db.campaign.delete({ where: { id: deleted } });
    expect(await resolveOwner(db, waiting(gone), withAlice)).toEqual({
      ownerUserId: people.dave,
      ownerTeamId: null,
      reason: "CODEOWNERS: @dave",
      source: "codeowners",
    });
    const ownerless = await task(repo, { campaignId: await campaign() });
    expect(await resolveOwner(db, waiting(ownerless), withAlice)).toMatchObject({ source: "codeowners" });
  });

  it("the campaign's owner comes after routing rules and before the repository's owning team", async () => {
    const repo = await repository("acme", "checkout-api");
    const owningTeam = await makeTeam("owning-for-campaign");
    await db.repository.update({ where: { id: repo.id }, data: { owningTeamId: owningTeam } });
    const ownerTeam = await makeTeam("campaign-team");
    const personal = await campaign({ userId: people.carol });
    const byTeam = await campaign({ teamId: ownerTeam });
    const both = await campaign({ userId: people.bob, teamId: ownerTeam });

    const first = await task(repo, {
      campaignId: personal,
      launchedBy: { userId: people.dave, login: "dave" },
    });
    expect(await resolveOwner(db, waiting(first), withAlice)).toEqual({
      ownerUserId: people.carol,
      ownerTeamId: null,
      reason: `Campaign owner: carol (campaign own-${RUN}-campaign-${createdCampaigns.indexOf(personal)})`,
      source: "campaign",
    });
    expect((await contentRequests()).total).toBe(0);

    const second = await task(repo, { campaignId: byTeam });
    expect(await resolveOwner(db, waiting(second), withAlice)).toMatchObject({
      ownerUserId: null,
      ownerTeamId: ownerTeam,
      reason: expect.stringMatching(/^Campaign owner: team own-.*-campaign-team \(campaign /),
      source: "campaign",
    });
    const third = await task(repo, { campaignId: both });
    expect(await resolveOwner(db, waiting(third), withAlice)).toMatchObject({
      ownerUserId: people.bob,
      ownerTeamId: ownerTeam,
      source: "campaign",
    });

    await rule({ name: "campaign rule", position: 1, campaignId: personal, targetTeamId: owningTeam });
    expect(await resolveOwner(db, waiting(first), withAlice)).toMatchObject({
      ownerTeamId: owningTeam,
      reason: "Routing rule: campaign rule",
      source: "rule",
    });
  });

  it("the repository's owning team beats CODEOWNERS and the launcher", async () => {
    const repo = await repository("acme", "checkout-api");
    const owningTeam = await makeTeam("owning");
    await db.repository.update({ where: { id: repo.id }, data: { owningTeamId: owningTeam } });
    const id = await task(repo, {
      campaignId: await campaign(),
      launchedBy: { userId: people.dave, login: "dave" },
    });
    expect(await resolveOwner(db, waiting(id), withAlice)).toEqual({
      ownerUserId: null,
      ownerTeamId: owningTeam,
      reason: `Owning team of acme/checkout-api, registered in Switchyard: own-${RUN}-owning`,
      source: "repository",
    });
    expect((await contentRequests()).total).toBe(0);

    // Once the team is deleted, the repository has no owning team and CODEOWNERS decides again.
    await db.team.delete({ where: { id: owningTeam } });
    expect(await resolveOwner(db, waiting(id), withAlice)).toMatchObject({
      reason: "CODEOWNERS: @acme/payments",
      source: "codeowners",
    });
  });

  it("a CODEOWNERS team beats the launcher and is mirrored with its Switchyard members", async () => {
    const repo = await repository("acme", "checkout-api");
    const id = await task(repo, { launchedBy: { userId: people.dave, login: "dave" } });
    const seen: RepositoryRef[] = [];
    const decision = await resolveOwner(db, waiting(id), {
      clientForRepository: async (r) => {
        seen.push(r);
        return alice;
      },
    });
    expect(seen).toEqual([{ id: repo.id, owner: "acme", name: "checkout-api" }]);
    expect(decision).toMatchObject({
      ownerUserId: null,
      reason: "CODEOWNERS: @acme/payments",
      source: "codeowners",
    });
    const team = await db.team.findUniqueOrThrow({ where: { id: decision.ownerTeamId! } });
    expect(team).toMatchObject({ name: "acme/payments", githubOrg: "acme", githubSlug: "payments" });
    expect(await teamMembers(team.id)).toEqual(expect.arrayContaining(["alice", "bob"]));
  });

  it("a CODEOWNERS user", async () => {
    const repo = await repository("acme", "user-profile-service");
    const id = await task(repo);
    expect(await resolveOwner(db, waiting(id), withAlice)).toEqual({
      ownerUserId: people.bob,
      ownerTeamId: null,
      reason: "CODEOWNERS: @bob",
      source: "codeowners",
    });
  });

  it("takes the first CODEOWNERS owner that resolves", async () => {
    const files = gh.state.store.repo("acme", "email-templates")!.files;
    files["CODEOWNERS"] =
      "# first two are unknown here\n* @acme/ghosts @nobody-here nobody@acme.example @bob\n";
    try {
      const repo = await repository("acme", "email-templates");
      const id = await task(repo, { launchedBy: { userId: people.dave, login: "dave" } });
      expect(await resolveOwner(db, waiting(id), withAlice)).toEqual({
        ownerUserId: people.bob,
        ownerTeamId: null,
        reason: "CODEOWNERS: @bob",
        source: "codeowners",
      });
      expect(await db.team.findFirst({ where: { githubOrg: "acme", githubSlug: "ghosts" } })).toBeNull();
    } finally {
      delete files["CODEOWNERS"];
    }
  });

  it("the launcher when there is no CODEOWNERS or no client", async () => {
    const noCodeowners = await repository("acme", "inventory-service");
    const first = await task(noCodeowners, { launchedBy: { userId: people.dave, login: "dave" } });
    expect(await resolveOwner(db, waiting(first), withAlice)).toEqual({
      ownerUserId: people.dave,
      ownerTeamId: null,
      reason: "Launched by dave",
      source: "launcher",
    });

    const withCodeowners = await repository("acme", "checkout-api");
    const second = await task(withCodeowners, { launchedBy: { userId: people.carol, login: "carol" } });
    expect(await resolveOwner(db, waiting(second), { clientForRepository: async () => null })).toMatchObject({
      ownerUserId: people.carol,
      reason: "Launched by carol",
      source: "launcher",
    });
    expect(await resolveOwner(db, waiting(second))).toMatchObject({ source: "launcher" });
    expect((await contentRequests()).total).toBe(3);
  });

  it("falls back to the task's creator when they use Switchyard", async () => {
    const githubId = 970_500_000 + (parseInt(RUN.slice(0, 4), 16) % 100_000);
    const creator = await makeUser("creator", githubId);
    const repo = await repository("acme", "inventory-service");
    const id = await task(repo, { creatorGithubId: githubId });
    expect(await resolveOwner(db, waiting(id), withAlice)).toEqual({
      ownerUserId: creator.id,
      ownerTeamId: null,
      reason: `Started by ${creator.login} on GitHub`,
      source: "launcher",
    });
  });

  it("is unowned when nothing resolves", async () => {
    const repo = await repository("acme", "inventory-service");
    const id = await task(repo);
    expect(await resolveOwner(db, waiting(id), withAlice)).toEqual({
      ownerUserId: null,
      ownerTeamId: null,
      reason: UNOWNED_REASON,
      source: "unowned",
    });
    expect(UNOWNED_REASON).toBe("No owner found: no routing rule, CODEOWNERS or known launcher");
  });

  it("a GitHub failure reading CODEOWNERS falls through to the launcher", async () => {
    const repo = await repository("acme", "checkout-api");
    const id = await task(repo, { launchedBy: { userId: people.bob, login: "bob" } });
    await control("POST", "/faults", {
      type: "status",
      status: 403,
      path: "/repos/*/*/contents/**",
      body: { message: "Resource not accessible by integration" },
    });
    try {
      expect(await resolveOwner(db, waiting(id), withAlice)).toMatchObject({
        ownerUserId: people.bob,
        reason: "Launched by bob",
      });
    } finally {
      await control("DELETE", "/faults");
    }
    expect(await db.codeownersCache.findUnique({ where: { repositoryId: repo.id } })).toBeNull();
  });
});

describe("mirrorGitHubTeam", () => {
  it("creates the team and makes its members exactly the Switchyard users in the GitHub team", async () => {
    const teamId = await mirrorGitHubTeam(db, alice, { org: "acme", slug: "platform" });
    const team = await db.team.findUniqueOrThrow({ where: { id: teamId } });
    expect(team).toMatchObject({ name: "acme/platform", githubOrg: "acme", githubSlug: "platform" });
    expect(await teamMembers(teamId)).toEqual(["alice", "dave"]);

    const stranger = await makeUser("stranger");
    await db.teamMember.create({ data: { teamId, userId: stranger.id } });
    await db.teamMember.deleteMany({ where: { teamId, userId: people.dave } });

    expect(await mirrorGitHubTeam(db, alice, { org: "ACME", slug: "Platform" })).toBe(teamId);
    expect(await teamMembers(teamId)).toEqual(["alice", "dave"]);
  });

  it("adopts an existing team with the same name", async () => {
    const existing = await db.team.upsert({
      where: { name: "acme/security" },
      create: { name: "acme/security" },
      update: {},
    });
    expect(await mirrorGitHubTeam(db, alice, { org: "acme", slug: "security" })).toBe(existing.id);
    expect(await teamMembers(existing.id)).toEqual(["alice"]);
  });
});
