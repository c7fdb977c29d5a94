/**
 * Routing rules against a real Postgres: order, targets, moves and deletes. Other test files share
 * the database: moves run in a transaction that is rolled back, and committed rows are this file's
 * own (conditions no real task matches).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rolledBack as rolledBackIn } from "@/test/rolled-back";
import { createRoutingRule, deleteRoutingRule, listRoutingRules, moveRoutingRule } from "./routing-rules";

const run = randomBytes(4).toString("hex");
const created = { users: [] as string[], teams: [] as string[], rules: [] as string[] };
const rolledBack = (work: Parameters<typeof rolledBackIn>[1]) => rolledBackIn(db, work);

async function createUser(name: string) {
  const user = await db.user.create({ data: { login: `settings-${name}-${run}` } });
  created.users.push(user.id);
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
  const team = await db.team.create({ data: { name: `${name} ${run}` } });
  created.teams.push(team.id);
  return team.id;
}

afterAll(async () => {
  await db.routingRule.deleteMany({ where: { id: { in: created.rules } } });
  await db.template.deleteMany({ where: { slug: `settings-test-${run}` } });
  await db.team.deleteMany({ where: { id: { in: created.teams } } });
  await db.user.deleteMany({ where: { id: { in: created.users } } });
});

describe("routing rules", () => {
  let teamId: string;
  let personId: string;
  let templateId: string;

  beforeAll(async () => {
    teamId = await createTeam("Routing");
    personId = (await createUser("router")).id;
    // A template no task is launched from: rules limited to it match nothing real.
    templateId = (
      await db.template.create({ data: { slug: `settings-test-${run}`, name: `Settings ${run}` } })
    ).id;
  });

  // Conditions no real task matches, so other test files routing tasks never pick these rules.
  const inert = (name: string) => ({
    name: `${name} ${run}`,
    repositoryPattern: `settings-test-${run}/*`,
    organisation: null,
    campaignId: null,
    templateId,
    states: [],
    targetUserId: null,
    targetTeamId: null,
  });

  it("places a new rule last and lists rules in order with their target names", async () => {
    const before = await listRoutingRules();
    const rule = await db.$transaction((tx) =>
      createRoutingRule(tx, {
        ...inert("to team"),
        targetTeamId: teamId,
        createdById: personId,
      }),
    );
    created.rules.push(rule.id);
    const person = await db.$transaction((tx) =>
      createRoutingRule(tx, {
        ...inert("to person"),
        states: ["failed"],
        targetUserId: personId,
        createdById: personId,
      }),
    );
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
    const leaving = await createUser("leaving");
    const rule = await db.$transaction((tx) =>
      createRoutingRule(tx, {
        ...inert("orphan"),
        targetUserId: leaving.id,
        createdById: personId,
      }),
    );
    created.rules.push(rule.id);
    // People are not deleted through Switchyard; when one is, the rule loses its target (SetNull).
    await db.user.delete({ where: { id: leaving.id } });
    expect((await db.routingRule.findUniqueOrThrow({ where: { id: rule.id } })).targetUserId).toBeNull();
    expect((await listRoutingRules()).find((r) => r.id === rule.id)?.target).toBeNull();
    expect(await db.$transaction((tx) => deleteRoutingRule(tx, rule.id))).toEqual({ name: `orphan ${run}` });
    expect(await db.$transaction((tx) => deleteRoutingRule(tx, rule.id))).toBeNull();
  });

  it("keeps a team or template a rule uses from being deleted (the database refuses)", async () => {
    const team = await createTeam("Kept");
    const rule = await db.$transaction((tx) =>
      createRoutingRule(tx, { ...inert("keeps"), targetTeamId: team, createdById: personId }),
    );
    created.rules.push(rule.id);
    await expect(db.team.delete({ where: { id: team } })).rejects.toThrow(/foreign key/i);
    await expect(db.template.delete({ where: { id: templateId } })).rejects.toThrow(/foreign key/i);
    expect(await db.team.count({ where: { id: team } })).toBe(1);
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

      expect(await moveRoutingRule(tx, { id: b!.id, direction: "up" })).toEqual({
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

      await moveRoutingRule(tx, { id: b!.id, direction: "down" });
      await moveRoutingRule(tx, { id: b!.id, direction: "down" });
      expect(await order()).toEqual([a!.id, c!.id, b!.id]);

      // The last rule cannot go further down.
      expect(await moveRoutingRule(tx, { id: b!.id, direction: "down" })).toMatchObject({
        ok: true,
        moved: false,
      });
      expect(await order()).toEqual([a!.id, c!.id, b!.id]);

      expect(await moveRoutingRule(tx, { id: "no-such-rule", direction: "up" })).toEqual({
        ok: false,
        reason: "not_found",
      });
    });
  });
});
