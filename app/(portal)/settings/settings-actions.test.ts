/**
 * Settings' server actions against a real Postgres: every export is a kit action, members are
 * turned away, bad input changes nothing, and a change never outlives its audit record (a trigger
 * refuses the audit inserts of one admin, and every settings row that admin touched stays as it was).
 * Other test files share the database: rows are this file's own, and global rows (SLA targets) are
 * only touched by calls that must roll back.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SignedInUser } from "@/lib/auth/session";
import { session } from "@/test/signed-in-session";

vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { db } = await import("@/lib/db");
const { isKitAction } = await import("@/lib/actions/kit");
const teams = await import("./teams/actions");
const routing = await import("./routing/actions");
const policies = await import("./policies/actions");
const sla = await import("./sla/actions");

const tag = `sa${Date.now().toString(36)}`;
let member: SignedInUser;
let admin: SignedInUser;
/** An admin whose audit records the database refuses. */
let unrecordable: SignedInUser;
const created = { teams: [] as string[], policies: [] as string[], rules: [] as string[] };

beforeAll(async () => {
  const people = await Promise.all(
    (["member", "admin", "unrecordable"] as const).map((name) =>
      db.user.create({
        data: {
          login: `${tag}-${name}`,
          role: name === "member" ? "member" : "admin",
          accounts: { create: { type: "oauth", provider: "github", providerAccountId: `${tag}-${name}` } },
        },
      }),
    ),
  );
  [member, admin, unrecordable] = people.map((person) => ({
    id: person.id,
    login: person.login!,
    role: person.role,
  })) as [SignedInUser, SignedInUser, SignedInUser];
  await db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION ${tag}_refuse_audit() RETURNS trigger AS $$
    BEGIN
      IF NEW."actorLogin" = '${unrecordable.login}' THEN RAISE EXCEPTION 'audit refused'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER ${tag}_refuse_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION ${tag}_refuse_audit()`,
  );
});

afterAll(async () => {
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${tag}_refuse_audit ON "AuditEvent"`);
  await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${tag}_refuse_audit()`);
  await db.routingRule.deleteMany({ where: { id: { in: created.rules } } });
  await db.repositoryPolicy.deleteMany({ where: { id: { in: created.policies } } });
  await db.team.deleteMany({ where: { id: { in: created.teams } } });
  await db.user.deleteMany({ where: { login: { startsWith: tag } } });
});

beforeEach(() => {
  session.user = admin;
});

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields))
    for (const item of Array.isArray(value) ? value : [value]) data.append(key, item);
  return data;
}

const records = (where: { action?: string; actorId?: string; targetId?: string }) =>
  db.auditEvent.findMany({ where, orderBy: { at: "asc" } });

async function newTeam(name: string) {
  const result = await teams.saveTeamAction(null, form({ name: `${tag} ${name}` }));
  if (!result.ok) throw new Error(result.message);
  created.teams.push(result.data.id);
  return result.data.id;
}

describe("Settings actions", () => {
  it("are all declared with the action kit", () => {
    for (const actions of [teams, routing, policies, sla])
      for (const [name, value] of Object.entries(actions)) expect(isKitAction(value), name).toBe(true);
  });

  it("turn members away, record the attempt, and change nothing", async () => {
    session.user = member;
    const result = await teams.saveTeamAction(null, form({ name: `${tag} by a member` }));
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await db.team.count({ where: { name: `${tag} by a member` } })).toBe(0);
    expect(await records({ actorId: member.id })).toMatchObject([
      { action: "team.save", outcome: "forbidden" },
    ]);
  });

  it("answer bad input with the field's message and the typed values, and change nothing", async () => {
    const result = await policies.saveRepositoryPolicyAction(
      null,
      form({ pattern: `${tag}/x-*`, pullRequests: "branch_only", maxCampaignSize: "0" }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { maxCampaignSize: ["At least 1 repository."] },
      values: { pattern: `${tag}/x-*`, maxCampaignSize: "0" },
    });
    expect(await db.repositoryPolicy.count({ where: { pattern: `${tag}/x-*` } })).toBe(0);

    const rule = await routing.saveRoutingRuleAction(
      null,
      form({ name: `${tag} rule`, organisation: tag, target: "user:no-such-person" }),
    );
    expect(rule).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { target: ["Only people who have signed in to Switchyard can own work."] },
    });
    expect(await db.routingRule.count({ where: { name: `${tag} rule` } })).toBe(0);
  });

  it("record a team's webhook by host only, and show a new signing secret once", async () => {
    const result = await teams.saveTeamAction(
      null,
      form({
        name: `${tag} hooks`,
        webhookUrl: "https://hooks.example.com/services/T0/B0/very-secret-path",
        newSecret: "on",
      }),
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.data.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    created.teams.push(result.data.id);
    const [record] = await records({ action: "team.create", targetId: result.data.id });
    expect(record).toMatchObject({ actorId: admin.id, outcome: "ok", targetType: "team" });
    expect(record!.details).toMatchObject({ webhookHost: "hooks.example.com", secretRotated: true });
    expect(JSON.stringify(record)).not.toContain("very-secret-path");
    expect(JSON.stringify(record)).not.toContain(result.data.secret!);
  });

  it("never keep a change whose audit record could not be written", async () => {
    const teamId = await newTeam("kept");
    // One after the other, so the second is right below the first.
    for (const name of ["a", "b"]) {
      const result = await policies.saveRepositoryPolicyAction(
        null,
        form({ pattern: `${tag}/${name}-*`, pullRequests: "allowed" }),
      );
      if (!result.ok) throw new Error(result.message);
      created.policies.push(result.data.id);
    }
    const [first, second] = created.policies.slice(-2);
    const positions = async () =>
      Object.fromEntries(
        (
          await db.repositoryPolicy.findMany({
            where: { id: { in: [first!, second!] } },
            select: { id: true, position: true },
          })
        ).map((row) => [row.id, row.position]),
      );
    const policyPositions = await positions();
    const slaBefore = await db.slaTarget.findMany({ orderBy: { state: "asc" } });

    session.user = unrecordable;
    const refused = [
      await teams.saveTeamAction(null, form({ id: teamId, name: `${tag} renamed` })),
      await teams.deleteTeamAction(null, form({ id: teamId })),
      await routing.saveRoutingRuleAction(
        null,
        form({ name: `${tag} unrecorded`, organisation: tag, target: `team:${teamId}` }),
      ),
      await policies.moveRepositoryPolicyAction(null, form({ id: second!, direction: "up" })),
      await policies.deleteRepositoryPolicyAction(null, form({ id: first! })),
      await sla.saveSlaTargetsAction(null, form({ waiting_for_user: "17", failed: "", timed_out: "" })),
    ];
    for (const result of refused) expect(result).toMatchObject({ ok: false, code: "unknown" });

    expect(await db.team.findUnique({ where: { id: teamId } })).toMatchObject({ name: `${tag} kept` });
    expect(await db.routingRule.count({ where: { name: `${tag} unrecorded` } })).toBe(0);
    expect(await positions()).toEqual(policyPositions);
    expect(await db.slaTarget.findMany({ orderBy: { state: "asc" } })).toEqual(slaBefore);

    // The same calls by an admin whose records are written do change things, each with its record.
    session.user = admin;
    expect(await teams.saveTeamAction(null, form({ id: teamId, name: `${tag} renamed` }))).toMatchObject({
      ok: true,
    });
    expect(
      await policies.moveRepositoryPolicyAction(null, form({ id: second!, direction: "up" })),
    ).toMatchObject({ ok: true, data: { moved: true } });
    expect(await records({ action: "team.update", targetId: teamId })).toHaveLength(1);
    expect(await records({ action: "repository_policy.move", targetId: second! })).toMatchObject([
      { outcome: "ok", details: { direction: "up", moved: true } },
    ]);
  });
});
