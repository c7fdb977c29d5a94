/**
 * Settings against a real Postgres: SLA defaults and overrides, routing-rule order and moves, and
 * team membership rules. Other test files share the database, so everything global (SLA rows, rule
 * positions) runs in a transaction that is rolled back, and committed rows are this file's own.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { openWebhookField, requireKeyring } from "@/lib/notifications/webhook-secrets";
import { NEEDS_HUMAN_STATES } from "@/lib/tasks/states";
import { DEFAULT_SLA_MINUTES, slaMinutes, slaTargets } from "@/lib/triage/sla";
import {
  addTeamMember,
  createRoutingRule,
  deleteRoutingRule,
  deleteTeam,
  listRoutingRules,
  listSignedInPeople,
  listSlaTargets,
  listTeams,
  removeTeamMember,
  saveTeam,
  swapRoutingRule,
  writeSlaTargets,
} from "./settings";

const run = randomBytes(4).toString("hex");
const created = { users: [] as string[], teams: [] as string[], rules: [] as string[] };

class Rollback extends Error {}

/** Runs `work` in a transaction and always rolls it back. */
async function rolledBack(work: (tx: Prisma.TransactionClient) => Promise<void>) {
  try {
    await db.$transaction(
      async (tx) => {
        await work(tx);
        throw new Rollback();
      },
      { timeout: 20_000 },
    );
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
}

async function createUser(name: string, signedIn: boolean) {
  const user = await db.user.create({ data: { login: `settings-${name}-${run}` } });
  created.users.push(user.id);
  if (signedIn)
    await db.account.create({
      data: {
        userId: user.id,
        type: "oauth",
        provider: "github",
        providerAccountId: `settings-${name}-${run}`,
      },
    });
  return user;
}

async function createTeam(name: string) {
  const saved = await saveTeam({
    name: `${name} ${run}`,
    githubOrg: null,
    githubSlug: null,
    digestMinutes: null,
  });
  if (!saved.ok) throw new Error(`could not create team ${name}: ${saved.reason}`);
  created.teams.push(saved.id);
  return saved.id;
}

afterAll(async () => {
  await db.routingRule.deleteMany({ where: { id: { in: created.rules } } });
  await db.team.deleteMany({ where: { id: { in: created.teams } } });
  await db.user.deleteMany({ where: { id: { in: created.users } } });
});

describe("SLA targets", () => {
  it("uses the defaults for states without a stored target, and stored rows override them", async () => {
    expect(DEFAULT_SLA_MINUTES).toEqual({ waiting_for_user: 240, failed: 1440, timed_out: 1440 });
    await rolledBack(async (tx) => {
      await tx.slaTarget.deleteMany({ where: { state: { in: [...NEEDS_HUMAN_STATES] } } });
      expect(await slaTargets(tx)).toEqual(DEFAULT_SLA_MINUTES);
      expect(await slaMinutes(tx, "waiting_for_user")).toBe(240);
      expect((await listSlaTargets(tx)).every((target) => !target.overridden)).toBe(true);

      await writeSlaTargets(tx, { waiting_for_user: 60, failed: null, timed_out: 2880 });
      expect(await slaTargets(tx)).toEqual({ waiting_for_user: 60, failed: 1440, timed_out: 2880 });
      expect(await slaMinutes(tx, "waiting_for_user")).toBe(60);
      expect(await slaMinutes(tx, "failed")).toBe(1440);
      expect(await listSlaTargets(tx)).toEqual([
        { state: "waiting_for_user", minutes: 60, defaultMinutes: 240, overridden: true },
        { state: "failed", minutes: 1440, defaultMinutes: 1440, overridden: false },
        { state: "timed_out", minutes: 2880, defaultMinutes: 1440, overridden: true },
      ]);

      // A blank field (null) goes back to the default.
      await writeSlaTargets(tx, { waiting_for_user: null, failed: null, timed_out: 2880 });
      expect(await slaMinutes(tx, "waiting_for_user")).toBe(240);
      expect(await tx.slaTarget.count({ where: { state: "waiting_for_user" } })).toBe(0);
    });
  });

  it("falls back to the longest default for states that never open items", async () => {
    await rolledBack(async (tx) => {
      await tx.slaTarget.deleteMany({ where: { state: "completed" } });
      expect(await slaMinutes(tx, "completed")).toBe(1440);
    });
  });
});

describe("routing rules", () => {
  let teamId: string;
  let personId: string;

  beforeAll(async () => {
    teamId = await createTeam("Routing");
    personId = (await createUser("router", true)).id;
  });

  // Conditions no real task matches, so other test files routing tasks never pick these rules.
  const inert = (name: string) => ({
    name: `${name} ${run}`,
    repositoryPattern: `settings-test-${run}/*`,
    organisation: null,
    campaignId: null,
    templateId: `settings-test-${run}`,
    states: [],
    targetUserId: null,
    targetTeamId: null,
  });

  it("places a new rule last and lists rules in order with their target names", async () => {
    const before = await listRoutingRules();
    const rule = await createRoutingRule({
      ...inert("to team"),
      targetTeamId: teamId,
      createdById: personId,
    });
    created.rules.push(rule.id);
    const person = await createRoutingRule({
      ...inert("to person"),
      states: ["failed"],
      targetUserId: personId,
      createdById: personId,
    });
    created.rules.push(person.id);
    expect(rule.position).toBeGreaterThan(Math.max(0, ...before.map((r) => r.position)));
    expect(person.position).toBeGreaterThan(rule.position);

    const rules = await listRoutingRules();
    const ids = rules.map((r) => r.id);
    expect(ids.indexOf(person.id)).toBeGreaterThan(ids.indexOf(rule.id));
    expect(rules.find((r) => r.id === rule.id)?.target).toEqual({
      type: "team",
      id: teamId,
      name: `Routing ${run}`,
    });
    expect(rules.find((r) => r.id === person.id)).toMatchObject({
      states: ["failed"],
      target: { type: "user", id: personId, name: `settings-router-${run}` },
    });
  });

  it("reports a rule whose target was deleted as having none", async () => {
    const rule = await createRoutingRule({
      ...inert("orphan"),
      targetTeamId: "no-such-team",
      createdById: personId,
    });
    created.rules.push(rule.id);
    expect((await listRoutingRules()).find((r) => r.id === rule.id)?.target).toBeNull();
    expect(await deleteRoutingRule(rule.id)).toEqual({ name: `orphan ${run}` });
    expect(await deleteRoutingRule(rule.id)).toBeNull();
  });

  it("moves a rule by swapping positions with its neighbour", async () => {
    await rolledBack(async (tx) => {
      // Far below every other file's rules, so the neighbours are our own.
      const base = 2_000_000_000;
      const [a, b, c] = await Promise.all(
        ["A", "B", "C"].map((name, i) =>
          tx.routingRule.create({
            data: {
              ...inert(`move ${name}`),
              position: base + i,
              targetTeamId: teamId,
              createdById: personId,
            },
          }),
        ),
      );
      const order = async () =>
        (
          await tx.routingRule.findMany({
            where: { position: { gte: base } },
            orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
            select: { id: true },
          })
        ).map((rule) => rule.id);

      expect(await swapRoutingRule(tx, { id: b!.id, direction: "up" })).toEqual({
        ok: true,
        moved: true,
        name: `move B ${run}`,
      });
      expect(await order()).toEqual([b!.id, a!.id, c!.id]);
      const positions = await tx.routingRule.findMany({
        where: { id: { in: [a!.id, b!.id] } },
        select: { id: true, position: true },
      });
      expect(Object.fromEntries(positions.map((p) => [p.id, p.position]))).toEqual({
        [b!.id]: base,
        [a!.id]: base + 1,
      });

      await swapRoutingRule(tx, { id: b!.id, direction: "down" });
      await swapRoutingRule(tx, { id: b!.id, direction: "down" });
      expect(await order()).toEqual([a!.id, c!.id, b!.id]);

      // The last rule cannot go further down.
      expect(await swapRoutingRule(tx, { id: b!.id, direction: "down" })).toMatchObject({
        ok: true,
        moved: false,
      });
      expect(await order()).toEqual([a!.id, c!.id, b!.id]);

      expect(await swapRoutingRule(tx, { id: "no-such-rule", direction: "up" })).toEqual({
        ok: false,
        reason: "not_found",
      });
    });
  });
});

describe("teams", () => {
  it("adds only people who have signed in, once each", async () => {
    const teamId = await createTeam("Members");
    const member = await createUser("member", true);
    const stranger = await createUser("stranger", false);

    expect(await addTeamMember({ teamId, userId: stranger.id })).toEqual({
      ok: false,
      reason: "not_signed_in",
    });
    expect(await addTeamMember({ teamId, userId: "no-such-user" })).toEqual({
      ok: false,
      reason: "not_signed_in",
    });
    expect(await addTeamMember({ teamId: "no-such-team", userId: member.id })).toEqual({
      ok: false,
      reason: "team_not_found",
    });
    expect(await addTeamMember({ teamId, userId: member.id })).toEqual({
      ok: true,
      teamName: `Members ${run}`,
      login: member.login,
    });
    expect(await addTeamMember({ teamId, userId: member.id })).toEqual({
      ok: false,
      reason: "already_member",
    });

    const team = (await listTeams()).find((t) => t.id === teamId);
    expect(team?.members).toEqual([{ userId: member.id, login: member.login }]);

    const people = (await listSignedInPeople()).map((person) => person.id);
    expect(people).toContain(member.id);
    expect(people).not.toContain(stranger.id);

    expect(await removeTeamMember({ teamId, userId: member.id })).toMatchObject({ ok: true });
    expect(await removeTeamMember({ teamId, userId: member.id })).toEqual({
      ok: false,
      reason: "not_member",
    });
  });

  it("keeps team names and mirrored GitHub teams unique, and never returns the webhook secret", async () => {
    const teamId = await createTeam("Unique");
    const org = `settings-${run}`;
    expect(
      await saveTeam({
        id: teamId,
        name: `Unique ${run}`,
        githubOrg: org,
        githubSlug: "payments",
        webhookUrl: "https://hooks.example.com/services/T000/B000/very-secret-path",
        webhookSecret: "whsec_test_secret",
        digestMinutes: 15,
      }),
    ).toEqual({ ok: true, id: teamId });

    expect(
      await saveTeam({ name: `Unique ${run}`, githubOrg: null, githubSlug: null, digestMinutes: null }),
    ).toEqual({
      ok: false,
      reason: "conflict",
      field: "name",
    });
    expect(
      await saveTeam({ name: `Other ${run}`, githubOrg: org, githubSlug: "payments", digestMinutes: null }),
    ).toEqual({ ok: false, reason: "conflict", field: "githubTeam" });

    const team = (await listTeams()).find((t) => t.id === teamId);
    expect(team).toMatchObject({
      githubOrg: org,
      githubSlug: "payments",
      webhookHost: "hooks.example.com",
      hasWebhookSecret: true,
      digestMinutes: 15,
    });
    expect(JSON.stringify(team)).not.toContain("whsec_test_secret");
    expect(JSON.stringify(team)).not.toContain("very-secret-path");

    // Renaming keeps the webhook when it is not given; removing the URL drops the secret too.
    await saveTeam({
      id: teamId,
      name: `Renamed ${run}`,
      githubOrg: null,
      githubSlug: null,
      digestMinutes: 15,
    });
    const renamed = await db.team.findUniqueOrThrow({ where: { id: teamId } });
    expect(renamed.name).toBe(`Renamed ${run}`);
    // Stored encrypted and bound to this team; it decrypts to the secret that was saved.
    expect(renamed.webhookSecret).not.toContain("whsec_test_secret");
    expect(renamed.webhookUrl).not.toContain("very-secret-path");
    const owner = { table: "Team" as const, id: teamId };
    expect(openWebhookField(requireKeyring(), owner, "webhookSecret", renamed.webhookSecret!)).toBe(
      "whsec_test_secret",
    );
    await saveTeam({
      id: teamId,
      name: `Renamed ${run}`,
      githubOrg: null,
      githubSlug: null,
      webhookUrl: null,
      digestMinutes: null,
    });
    expect(await db.team.findUnique({ where: { id: teamId } })).toMatchObject({
      webhookUrl: null,
      webhookSecret: null,
    });
    expect(
      await saveTeam({
        id: "no-such-team",
        name: `Ghost ${run}`,
        githubOrg: null,
        githubSlug: null,
        digestMinutes: null,
      }),
    ).toEqual({ ok: false, reason: "not_found" });
  });

  it("refuses to delete a team that routing rules still send work to", async () => {
    const teamId = await createTeam("Busy");
    const owner = await createUser("busy-owner", true);
    const rule = await createRoutingRule({
      name: `busy rule ${run}`,
      repositoryPattern: `settings-test-${run}/*`,
      organisation: null,
      campaignId: null,
      templateId: `settings-test-${run}`,
      states: [],
      targetUserId: null,
      targetTeamId: teamId,
      createdById: owner.id,
    });
    created.rules.push(rule.id);
    expect(await deleteTeam(teamId)).toEqual({ ok: false, reason: "in_use", rules: [`busy rule ${run}`] });
    await deleteRoutingRule(rule.id);
    expect(await deleteTeam(teamId)).toEqual({ ok: true, name: `Busy ${run}` });
    expect(await deleteTeam(teamId)).toEqual({ ok: false, reason: "not_found" });
  });
});
