/**
 * Teams against a real Postgres: membership rules, unique names and mirrored GitHub teams, webhook
 * secrets never read back, and deletion refused while routing rules use a team. Other test files
 * share the database: committed rows are this file's own.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listSignedInPeople } from "./people";
import { createRoutingRule, deleteRoutingRule } from "./routing-rules";
import { addTeamMember, deleteTeam, listTeams, removeTeamMember, saveTeam } from "./teams";
import { openWebhookField, requireKeyring } from "@/lib/secrets/webhook-secrets";

const run = randomBytes(4).toString("hex");
const created = { users: [] as string[], teams: [] as string[], rules: [] as string[] };

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
  const saved = await saveTeam(db, {
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

describe("teams", () => {
  it("adds only people who have signed in, once each", async () => {
    const teamId = await createTeam("Members");
    const member = await createUser("member", true);
    const stranger = await createUser("stranger", false);

    expect(await addTeamMember(db, { teamId, userId: stranger.id })).toEqual({
      ok: false,
      reason: "not_signed_in",
    });
    expect(await addTeamMember(db, { teamId, userId: "no-such-user" })).toEqual({
      ok: false,
      reason: "not_signed_in",
    });
    expect(await addTeamMember(db, { teamId: "no-such-team", userId: member.id })).toEqual({
      ok: false,
      reason: "team_not_found",
    });
    expect(await addTeamMember(db, { teamId, userId: member.id })).toEqual({
      ok: true,
      teamName: `Members ${run}`,
      login: member.login,
    });
    expect(await addTeamMember(db, { teamId, userId: member.id })).toEqual({
      ok: false,
      reason: "already_member",
    });

    const team = (await listTeams()).find((t) => t.id === teamId);
    expect(team?.members).toEqual([{ userId: member.id, login: member.login }]);

    const people = (await listSignedInPeople()).map((person) => person.id);
    expect(people).toContain(member.id);
    expect(people).not.toContain(stranger.id);

    expect(await removeTeamMember(db, { teamId, userId: member.id })).toMatchObject({ ok: true });
    expect(await removeTeamMember(db, { teamId, userId: member.id })).toEqual({
      ok: false,
      reason: "not_member",
    });
  });

  it("keeps team names and mirrored GitHub teams unique, and never returns the webhook secret", async () => {
    const teamId = await createTeam("Unique");
    const org = `settings-${run}`;
    expect(
      await saveTeam(db, {
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
      await saveTeam(db, { name: `Unique ${run}`, githubOrg: null, githubSlug: null, digestMinutes: null }),
    ).toEqual({
      ok: false,
      reason: "conflict",
      field: "name",
    });
    expect(
      await saveTeam(db, {
        name: `Other ${run}`,
        githubOrg: org,
        githubSlug: "payments",
        digestMinutes: null,
      }),
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
    await saveTeam(db, {
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
    await saveTeam(db, {
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
      await saveTeam(db, {
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
    const rule = await db.$transaction((tx) =>
      createRoutingRule(tx, {
        name: `busy rule ${run}`,
        repositoryPattern: `settings-test-${run}/*`,
        organisation: null,
        campaignId: null,
        templateId: null,
        states: [],
        targetUserId: null,
        targetTeamId: teamId,
        createdById: owner.id,
      }),
    );
    created.rules.push(rule.id);
    expect(await deleteTeam(db, teamId)).toEqual({
      ok: false,
      reason: "in_use",
      rules: [`busy rule ${run}`],
    });
    await db.$transaction((tx) => deleteRoutingRule(tx, rule.id));
    expect(await deleteTeam(db, teamId)).toEqual({ ok: true, name: `Busy ${run}` });
    expect(await deleteTeam(db, teamId)).toEqual({ ok: false, reason: "not_found" });
  });
});
