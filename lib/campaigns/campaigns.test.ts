/**
 * Campaigns against the in-process emulator and a real Postgres: target resolution (list, org, topic,
 * pattern), the dry run's checks, and the launch/approval rules. Policies are global, so the ones
 * made here match only this run's own repositories (acme/cmp<run>-…, created in the emulator).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubClient } from "@/lib/github";
import { startHarness, type Harness } from "@/test/sync-harness";
import { updateDraft } from "./draft";
import { runDryRun, type DryRunCheck, type WithClient } from "./dry-run";
import { runQueuedDryRun } from "./dry-run-job";
import {
  approveCampaign,
  approveCanary,
  campaignSizeLimit,
  launchCampaign,
  needsAdminApproval,
  pauseCampaign,
  resumeCampaign,
  retryFailedStarts,
  stopCampaign,
  type CampaignActor,
} from "./lifecycle";
import { campaignJobKey } from "./schedule";
import { parseRepositoryList, resolveTargets, targetSpecSchema } from "./targets";

const run = randomBytes(3).toString("hex");
const prefix = `cmp${run}-`;
const repo = (n: number) => `${prefix}${String(n).padStart(4, "0")}`;

let h: Harness;
let client: GitHubClient;
let withClient: WithClient;
let aliceId: string;
let memberId: string;
let otherId: string;
let templateVersionId: string;
let templateId: string;
const campaigns: string[] = [];
const policies: string[] = [];

beforeAll(async () => {
  h = await startHarness({ databaseUrl: process.env.DATABASE_URL!, emulator: { seedTasks: false } });
  await h.control("POST", "/repos/bulk", { org: "acme", count: 5, prefix });
  aliceId = await h.signIn("alice");
  client = await h.deps().clientFor(aliceId, { forceRefresh: false });
  withClient = (work) => work(client);
  memberId = (await h.db.user.create({ data: { login: `cmp-member-${run}` } })).id;
  otherId = (await h.db.user.create({ data: { login: `cmp-other-${run}` } })).id;
  // The admin below acts in audit records, which name a real person.
  await h.db.user.upsert({
    where: { id: "admin-id" },
    create: { id: "admin-id", login: `cmp-admin-${run}`, role: "admin" },
    update: {},
  });
  const template = await h.db.template.create({
    data: {
      slug: `campaign-test-${run}`,
      name: `Campaign test ${run}`,
      versions: {
        create: {
          version: 1,
          body:
            "Upgrade {{params.dependency}} in {{repo.fullName}} on {{baseRef}}.\n" +
            "{{#facts.testCommand}}Run {{facts.testCommand}}.{{/facts.testCommand}}\n" +
            "Owners: {{facts.codeowners}}",
          parameters: [{ name: "dependency", label: "Dependency", type: "text", required: true }],
        },
      },
    },
    include: { versions: true },
  });
  templateId = template.id;
  templateVersionId = template.versions[0]!.id;
});

afterAll(async () => {
  if (!h) return;
  await h.db
    .$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ANY(${campaigns.map(campaignJobKey)}::text[])`;
  await h.db.task.deleteMany({ where: { campaignId: { in: campaigns } } });
  await h.db.campaign.deleteMany({ where: { id: { in: campaigns } } });
  await h.db.repositoryPolicy.deleteMany({ where: { id: { in: policies } } });
  await h.db.template.deleteMany({ where: { id: templateId } });
  await h.db.user.deleteMany({ where: { id: { in: [memberId, otherId] } } });
  await h.close();
});

async function policy(
  pattern: string,
  data: { pullRequests?: "allowed" | "branch_only"; allowedModels?: string[]; maxCampaignSize?: number },
) {
  const row = await h.db.repositoryPolicy.create({ data: { pattern, ...data } });
  policies.push(row.id);
}

async function campaign(data: {
  targetSpec: unknown;
  parameters?: Record<string, string>;
  model?: string;
  baseRef?: string;
  canarySize?: number;
  createdById?: string;
}) {
  const row = await h.db.campaign.create({
    data: {
      name: `Test ${run}`,
      templateVersionId,
      parameters: data.parameters ?? { dependency: "node" },
      targetSpec: data.targetSpec as object,
      createdById: data.createdById ?? aliceId,
      model: data.model ?? null,
      baseRef: data.baseRef ?? null,
      canarySize: data.canarySize ?? null,
    },
  });
  campaigns.push(row.id);
  return row.id;
}

const targetsOf = (campaignId: string) =>
  h.db.campaignTarget.findMany({ where: { campaignId }, orderBy: { position: "asc" } });
const check = (checks: unknown, name: string) => (checks as DryRunCheck[]).find((c) => c.check === name);

describe("target resolution", () => {
  it("parses a pasted list and de-duplicates it", async () => {
    expect(parseRepositoryList("acme/a, acme/b\nhttps://github.com/acme/c.git  acme/A")).toEqual([
      "acme/a",
      "acme/b",
      "acme/c",
      "acme/A",
    ]);
    const spec = targetSpecSchema.parse({ kind: "list", repositories: ["acme/a", "acme/A", "acme/b"] });
    const resolved = await resolveTargets(client, spec);
    expect(resolved.targets.map((t) => t.name)).toEqual(["a", "b"]);
    expect(resolved.skipped).toEqual([{ repository: "acme/A", reason: "Listed twice" }]);
    expect(targetSpecSchema.safeParse({ kind: "list", repositories: ["not a repo"] }).success).toBe(false);
  });

  it("lists a whole organisation, skipping archived repositories", async () => {
    const archived = h.gh.state.store.repo("acme", repo(5))!;
    archived.archived = true;
    const resolved = await resolveTargets(client, { kind: "org", org: "acme" });
    const names = resolved.targets.map((t) => t.name);
    expect(names).toContain("checkout-api");
    expect(names).toContain(repo(1));
    expect(names).not.toContain(repo(5));
    expect(resolved.skipped).toContainEqual({ repository: `acme/${repo(5)}`, reason: "Archived" });
    expect(names.length).toBeGreaterThanOrEqual(33 + 4);
    expect(resolved.targets.every((t) => t.repositoryId !== null && t.defaultBranch)).toBe(true);
    archived.archived = false;
  });

  it("filters by topic and by name pattern", async () => {
    const byTopic = await resolveTargets(client, { kind: "topic", org: "acme", topic: "mobile" });
    expect(byTopic.targets.map((t) => t.name).sort()).toEqual(
      ["android-app", "ios-app", "mobile-app"].sort(),
    );
    // Only * and ? (lib/patterns/glob.ts): the org's other repositories stay out.
    const byPattern = await resolveTargets(client, {
      kind: "pattern",
      org: "acme",
      pattern: `${prefix}000?`,
    });
    expect(byPattern.targets.map((t) => t.name)).toEqual([repo(1), repo(2), repo(3), repo(4), repo(5)]);
    const one = await resolveTargets(client, { kind: "pattern", org: "acme", pattern: `*${run}-0003` });
    expect(one.targets.map((t) => t.name)).toEqual([repo(3)]);
    const glob = await resolveTargets(client, { kind: "pattern", org: "acme", pattern: "PAYMENTS-*" });
    expect(glob.targets.map((t) => t.name)).toEqual(["payments-ledger"]);
  });
});

describe("dry run", () => {
  it("checks visibility, base ref, policy, prompt and open tasks, and renders each prompt", async () => {
    await policy(`acme/${repo(1)}`, { pullRequests: "branch_only" });
    await policy(`acme/${repo(2)}`, { allowedModels: ["gpt-5.4"] });
    const id = await campaign({
      targetSpec: {
        kind: "list",
        repositories: [
          `acme/${repo(1)}`,
          `acme/${repo(2)}`,
          `acme/${repo(3)}`,
          `acme/nope-${run}`,
          `ACME/${repo(4).toUpperCase()}`,
        ],
      },
      model: "claude-sonnet-4.6",
      canarySize: 1,
    });
    const summary = await runDryRun(h.db, id, withClient);
    expect(summary).toMatchObject({ total: 5, eligible: 3, excluded: 2, canary: 1 });
    const rows = await targetsOf(id);
    const by = Object.fromEntries(rows.map((row) => [row.name, row]));

    // Branch-only: eligible, with a note.
    const branchOnly = by[repo(1)]!;
    expect(branchOnly.status).toBe("pending");
    expect(branchOnly.canary).toBe(true);
    expect(check(branchOnly.checks, "policy")).toMatchObject({ ok: true });
    expect(check(branchOnly.checks, "policy")!.message).toMatch(/branch-only/);
    expect(branchOnly.prompt).toBe(`Upgrade node in acme/${repo(1)} on main.\nRun npm test.\nOwners:`);
    expect(branchOnly.warnings.join(" ")).toMatch(/CODEOWNERS/i);
    expect(branchOnly.repositoryId).not.toBeNull();

    // A model the policy does not allow excludes the target.
    const refused = by[repo(2)]!;
    expect(refused.status).toBe("excluded");
    expect(check(refused.checks, "policy")).toMatchObject({ ok: false });
    expect(refused.skipReason).toMatch(/claude-sonnet-4.6 is not allowed/);

    expect(by[repo(3)]).toMatchObject({ status: "pending", canary: false });
    // GitHub's spelling replaces the list's.
    expect(by[repo(4)]).toMatchObject({ status: "pending", owner: "acme" });

    const invisible = by[`nope-${run}`]!;
    expect(invisible.status).toBe("excluded");
    expect(check(invisible.checks, "visible")).toMatchObject({ ok: false });
    expect(invisible.skipReason).toMatch(/not visible/i);
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);

    // An open task of this campaign in a repository excludes it on the next dry run.
    await h.db.task.create({
      data: {
        id: `cmp-task-${run}`,
        repositoryId: by[repo(3)]!.repositoryId!,
        state: "in_progress",
        createdAt: new Date(),
        githubUpdatedAt: new Date(),
        campaignId: id,
        creatorGithubId: 990_000,
      },
    });
    const again = await runDryRun(h.db, id, withClient);
    expect(again.eligible).toBe(2);
    const open = (await targetsOf(id)).find((row) => row.name === repo(3))!;
    expect(open.status).toBe("excluded");
    expect(check(open.checks, "open_task")).toMatchObject({ ok: false });
  });

  it("excludes targets whose base ref is missing or whose prompt lacks a required parameter", async () => {
    const noBranch = await campaign({
      targetSpec: { kind: "list", repositories: [`acme/${repo(1)}`, `acme/${repo(2)}`] },
      baseRef: "release/9",
    });
    await runDryRun(h.db, noBranch, withClient);
    for (const row of await targetsOf(noBranch)) {
      expect(row.status).toBe("excluded");
      expect(check(row.checks, "base_ref")).toMatchObject({
        ok: false,
        message: "Branch release/9 does not exist.",
      });
    }

    const existing = await campaign({
      targetSpec: { kind: "list", repositories: ["acme/billing-service"] },
      baseRef: "develop",
    });
    await runDryRun(h.db, existing, withClient);
    const [billing] = await targetsOf(existing);
    expect(check(billing!.checks, "base_ref")).toMatchObject({ ok: true });
    expect(billing!.prompt).toContain("on develop.");

    const missing = await campaign({
      targetSpec: { kind: "list", repositories: [`acme/${repo(3)}`] },
      parameters: {},
    });
    await runDryRun(h.db, missing, withClient);
    const [row] = await targetsOf(missing);
    expect(row).toMatchObject({ status: "excluded" });
    expect(check(row!.checks, "prompt")).toMatchObject({
      ok: false,
      message: "Missing required parameters: dependency.",
    });
  });

  it("refuses a template whose list sections nest (saved before the rule) without rendering it", async () => {
    // The security review's body: 3^10 copies of "x" from 400 characters, more with every level.
    const nested = `${"{{#facts.topicList}}".repeat(10)}x${"{{/facts.topicList}}".repeat(10)}`;
    const version = await h.db.templateVersion.create({
      data: { templateId, version: 2, body: nested, parameters: [] },
    });
    const row = await h.db.campaign.create({
      data: {
        name: `Test ${run} nested`,
        templateVersionId: version.id,
        parameters: {},
        targetSpec: { kind: "list", repositories: ["acme/mobile-app", `acme/${repo(1)}`] },
        createdById: aliceId,
      },
    });
    campaigns.push(row.id);
    const summary = await runDryRun(h.db, row.id, withClient);
    expect(summary).toMatchObject({ total: 2, eligible: 0 });
    for (const target of await targetsOf(row.id)) {
      expect(target).toMatchObject({ status: "excluded", prompt: "" });
      expect(check(target.checks, "prompt")).toMatchObject({
        ok: false,
        message: expect.stringContaining("{{#facts.topicList}} cannot be inside {{#facts.topicList}}"),
      });
    }
  });
});

describe("launch and approval", () => {
  const member: () => CampaignActor = () => ({ id: memberId, login: "member", role: "member" });
  const admin: CampaignActor = { id: "admin-id", login: "admin", role: "admin" };

  it("takes the smallest maxCampaignSize of the policies matching any target", () => {
    const rules = [
      { pattern: "acme/*", maxCampaignSize: 50 },
      { pattern: "acme/payments-*", maxCampaignSize: 2 },
      { pattern: "other/*", maxCampaignSize: 1 },
      { pattern: "acme/web-*", maxCampaignSize: null },
    ];
    expect(campaignSizeLimit(rules, [{ owner: "acme", name: "web-storefront" }])).toEqual({
      limit: 50,
      patterns: ["acme/*"],
    });
    expect(campaignSizeLimit(rules, [{ owner: "acme", name: "payments-ledger" }])).toEqual({
      limit: 2,
      patterns: ["acme/payments-*"],
    });
    expect(campaignSizeLimit(rules, [{ owner: "x", name: "y" }])).toEqual({ limit: null, patterns: [] });
    expect(needsAdminApproval(3, 2, { role: "member" })).toBe(true);
    expect(needsAdminApproval(3, 2, { role: "admin" })).toBe(false);
    expect(needsAdminApproval(2, 2, { role: "member" })).toBe(false);
  });

  it("needs a dry run, holds a too-large campaign for an admin, and lets only managers act", async () => {
    await policy(`acme/${prefix}*`, { maxCampaignSize: 2 });
    const id = await campaign({
      targetSpec: { kind: "list", repositories: [3, 4, 5].map((n) => `acme/${repo(n)}`) },
      createdById: memberId,
      canarySize: 1,
    });
    expect(await launchCampaign(h.db, member(), id)).toMatchObject({ ok: false, kind: "no_dry_run" });
    await runDryRun(h.db, id, withClient);
    expect((await targetsOf(id)).filter((t) => t.status === "pending")).toHaveLength(3);

    const stranger: CampaignActor = { id: otherId, login: "other", role: "member" };
    expect(await launchCampaign(h.db, stranger, id)).toMatchObject({ ok: false, kind: "forbidden" });

    expect(await launchCampaign(h.db, member(), id)).toMatchObject({ ok: true, status: "awaiting_approval" });
    let row = await h.db.campaign.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ requiresApproval: true, launchedById: memberId, launchedAt: null });
    expect(await approveCampaign(h.db, member(), id)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await approveCampaign(h.db, admin, id)).toMatchObject({ ok: true, status: "running" });
    row = await h.db.campaign.findUniqueOrThrow({ where: { id } });
    // The launcher stays the member: the runner starts tasks as them.
    expect(row).toMatchObject({ status: "running", approvedById: "admin-id", launchedById: memberId });
    expect(row.launchedAt).not.toBeNull();
    const jobs = await h.db.$queryRaw<{ key: string }[]>`
      SELECT key FROM graphile_worker._private_jobs WHERE key = ${campaignJobKey(id)}`;
    expect(jobs).toHaveLength(1);

    // Pause / resume / approve canary / stop.
    expect(await resumeCampaign(h.db, member(), id)).toMatchObject({ ok: false, kind: "invalid_state" });
    expect(await pauseCampaign(h.db, member(), id)).toMatchObject({ ok: true, status: "paused" });
    expect(await resumeCampaign(h.db, member(), id)).toMatchObject({ ok: true, status: "running" });
    await h.db.campaign.update({ where: { id }, data: { status: "canary_wait" } });
    expect(await approveCanary(h.db, member(), id)).toMatchObject({ ok: true, status: "running" });
    expect((await h.db.campaign.findUniqueOrThrow({ where: { id } })).canaryApprovedAt).not.toBeNull();
    await h.db.campaignTarget.updateMany({
      where: { campaignId: id, name: repo(3) },
      data: { status: "failed" },
    });
    expect(await retryFailedStarts(h.db, member(), id)).toMatchObject({ ok: true, changed: 1 });
    expect(await stopCampaign(h.db, member(), id)).toMatchObject({ ok: true, status: "stopped", changed: 3 });
    expect((await targetsOf(id)).every((t) => t.status === "cancelled")).toBe(true);
    expect(await runDryRun(h.db, id, withClient).catch((e: Error) => e.message)).toMatch(/draft/);
  });

  it("runs at once when an admin launches, or when the campaign is within every limit", async () => {
    const large = await campaign({
      targetSpec: { kind: "list", repositories: [3, 4, 5].map((n) => `acme/${repo(n)}`) },
    });
    await runDryRun(h.db, large, withClient);
    expect(await launchCampaign(h.db, { id: aliceId, login: "alice", role: "admin" }, large)).toMatchObject({
      ok: true,
      status: "running",
    });
    expect(await h.db.campaign.findUniqueOrThrow({ where: { id: large } })).toMatchObject({
      requiresApproval: true,
      approvedById: aliceId,
      launchedByLogin: "alice",
    });

    const small = await campaign({
      targetSpec: { kind: "list", repositories: [`acme/${repo(3)}`, `acme/${repo(4)}`] },
      createdById: memberId,
    });
    await runDryRun(h.db, small, withClient);
    expect(await launchCampaign(h.db, member(), small)).toMatchObject({ ok: true, status: "running" });
  });
});

describe("dry run in the worker", () => {
  it("runs with the requester's access, records progress and who asked, and says why when it cannot", async () => {
    const id = await campaign({
      targetSpec: { kind: "list", repositories: [`acme/${repo(3)}`, `acme/${repo(4)}`, `acme/${repo(4)}`] },
    });
    await h.db.campaign.update({
      where: { id },
      data: { dryRun: { create: { requestedAt: new Date(), requestedById: aliceId } } },
    });
    await runQueuedDryRun(h.deps(), id);
    const done = await h.db.campaignDryRun.findUniqueOrThrow({ where: { campaignId: id } });
    expect(done).toMatchObject({
      requestedAt: null,
      checked: 2,
      total: 2,
      error: null,
    });
    expect(done.completedAt).not.toBeNull();
    expect(done.skipped).toEqual([{ repository: `acme/${repo(4)}`, reason: "Listed twice" }]);
    expect(await targetsOf(id)).toHaveLength(2);
    expect(
      await h.db.auditEvent.count({ where: { action: "campaign.dry_run", targetId: id, actorId: aliceId } }),
    ).toBe(1);

    // No longer a draft: the run leaves a message instead of targets.
    await h.db.campaign.update({
      where: { id },
      data: { status: "paused", dryRun: { update: { requestedAt: new Date(), requestedById: aliceId } } },
    });
    await runQueuedDryRun(h.deps(), id);
    expect((await h.db.campaignDryRun.findUniqueOrThrow({ where: { campaignId: id } })).error).toMatch(
      /draft/,
    );
  });
});

describe("a dry run whose draft changes while it runs (security review finding 20)", () => {
  it("writes no targets from the old spec when the draft is edited, or asked again, meanwhile", async () => {
    const id = await campaign({
      targetSpec: { kind: "list", repositories: [`acme/${repo(3)}`, `acme/${repo(4)}`] },
    });
    const requestedAt = new Date(Date.now() - 1_000);
    await h.db.campaign.update({
      where: { id },
      data: { dryRun: { create: { requestedAt, requestedById: aliceId } } },
    });
    const alice = { id: aliceId, login: "alice", role: "member" as const };
    // The draft is edited (a new dependency, one repository) while the dry run reads repositories.
    const edited = runDryRun(h.db, id, withClient, {
      requestedAt,
      onProgress: async (checked) => {
        if (checked !== 0) return;
        const row = await h.db.campaign.findUniqueOrThrow({ where: { id } });
        await h.db.$transaction((tx) =>
          updateDraft(tx, alice, id, {
            name: row.name,
            templateVersionId: row.templateVersionId,
            parameters: { dependency: "python" },
            targetSpec: { kind: "list", repositories: [`acme/${repo(3)}`] },
          }),
        );
      },
    });
    await expect(edited).rejects.toThrow(/changed while the dry run ran/);
    expect(await targetsOf(id)).toEqual([]);
    expect(
      (await h.db.campaignDryRun.findUnique({ where: { campaignId: id } }))?.completedAt ?? null,
    ).toBeNull();

    // A newer request replaces the stamp: the older run's results are not kept either.
    await h.db.campaign.update({
      where: { id },
      data: { dryRun: { upsert: { create: { requestedAt }, update: { requestedAt } } } },
    });
    const superseded = runDryRun(h.db, id, withClient, {
      requestedAt,
      onProgress: async (checked) => {
        if (checked === 0)
          await h.db.campaign.update({
            where: { id },
            data: { dryRun: { update: { requestedAt: new Date() } } },
          });
      },
    });
    await expect(superseded).rejects.toThrow(/changed while the dry run ran/);
    expect(await targetsOf(id)).toEqual([]);

    // The request that still stands writes its targets, from the edited spec.
    const current = (await h.db.campaignDryRun.findUniqueOrThrow({ where: { campaignId: id } })).requestedAt!;
    await runDryRun(h.db, id, withClient, { requestedAt: current });
    const targets = await targetsOf(id);
    expect(targets.map((t) => t.name)).toEqual([repo(3)]);
    expect(targets[0]!.prompt).toContain("Upgrade python");
  });
});

describe("scale", () => {
  it("dry-runs 500 repositories", async () => {
    const big = `big${run}-`;
    await h.control("POST", "/repos/bulk", { org: "acme", count: 500, prefix: big });
    await h.control("POST", "/rate-limit/reset");
    const id = await campaign({
      targetSpec: { kind: "pattern", org: "acme", pattern: `${big}*` },
      canarySize: 5,
    });
    const started = Date.now();
    const summary = await runDryRun(h.db, id, withClient);
    expect(summary).toMatchObject({ total: 500, eligible: 500, canary: 5 });
    const rows = await targetsOf(id);
    expect(rows[499]!.prompt).toContain(`acme/${big}0500`);
    console.info(`dry run of 500 repositories: ${Date.now() - started} ms`);
  }, 120_000);
});
