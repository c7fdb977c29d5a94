/**
 * Repository policies and owners in Settings, against a real Postgres. Other test files share the
 * database: moves run in a transaction that is rolled back, and committed rows are this file's own
 * (owner "sp-<run>", policies on that owner).
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rolledBack as rolledBackIn } from "@/test/rolled-back";
import {
  createRepositoryPolicy,
  deleteRepositoryPolicy,
  listKnownRepositories,
  listRepositoryPolicies,
  moveRepositoryPolicy,
  setRepositoryOwningTeam,
  updateRepositoryPolicy,
} from "./repository-policies";

const run = randomBytes(4).toString("hex");
const OWNER = `sp-${run}`;
const created = {
  policies: [] as string[],
  teams: [] as string[],
  repositories: [] as bigint[],
  users: [] as string[],
};
let repoCounter = 0;

const rolledBack = (work: Parameters<typeof rolledBackIn>[1]) => rolledBackIn(db, work);

async function repository(name: string, owner = OWNER) {
  const id = BigInt(971_000_000 + (parseInt(run.slice(0, 4), 16) % 10_000) * 100 + repoCounter++);
  await db.repository.create({ data: { id, owner, name } });
  created.repositories.push(id);
  return id;
}

const policyInput = (pattern: string) => ({
  pattern,
  pullRequests: "allowed" as const,
  allowedModels: [],
  maxCampaignSize: null,
  note: null,
});

afterAll(async () => {
  await db.repositoryPolicy.deleteMany({ where: { id: { in: created.policies } } });
  await db.repository.deleteMany({ where: { id: { in: created.repositories } } });
  await db.team.deleteMany({ where: { id: { in: created.teams } } });
  await db.user.deleteMany({ where: { id: { in: created.users } } });
});

/** The admin who writes the policies (createdById names a real person). */
async function admin(): Promise<string> {
  const user = await db.user.create({
    data: { login: `sp-admin-${run}-${created.users.length}`, role: "admin" },
  });
  created.users.push(user.id);
  return user.id;
}

describe("repository policies", () => {
  it("places a new policy last, lists the known repositories it matches, updates and deletes it", async () => {
    await repository("payments-api");
    await repository("Payments-Web");
    await repository("checkout");
    const createdById = await admin();
    const first = await db.$transaction((tx) =>
      createRepositoryPolicy(tx, { ...policyInput(`${OWNER}/payments-*`), createdById }),
    );
    const second = await db.$transaction((tx) =>
      createRepositoryPolicy(tx, { ...policyInput(`${OWNER}/*`), createdById }),
    );
    created.policies.push(first.id, second.id);
    expect(second.position).toBeGreaterThan(first.position);

    const listed = (await listRepositoryPolicies()).filter((policy) => created.policies.includes(policy.id));
    expect(listed.map((policy) => [policy.pattern, policy.matches])).toEqual([
      [`${OWNER}/payments-*`, [`${OWNER}/payments-api`, `${OWNER}/Payments-Web`]],
      [`${OWNER}/*`, [`${OWNER}/checkout`, `${OWNER}/payments-api`, `${OWNER}/Payments-Web`]],
    ]);

    expect(
      await updateRepositoryPolicy(db, first.id, {
        pattern: `${OWNER}/payments-api`,
        pullRequests: "branch_only",
        allowedModels: ["claude-opus-4.6"],
        maxCampaignSize: 10,
        note: "PCI",
      }),
    ).toBe(true);
    const [updated] = await listRepositoryPolicies([{ fullName: `${OWNER}/PAYMENTS-API` }]).then((rows) =>
      rows.filter((row) => row.id === first.id),
    );
    expect(updated).toMatchObject({
      pullRequests: "branch_only",
      allowedModels: ["claude-opus-4.6"],
      maxCampaignSize: 10,
      note: "PCI",
      matches: [`${OWNER}/PAYMENTS-API`],
    });

    expect(await db.$transaction((tx) => deleteRepositoryPolicy(tx, second.id))).toEqual({
      pattern: `${OWNER}/*`,
    });
    expect(await db.$transaction((tx) => deleteRepositoryPolicy(tx, second.id))).toBeNull();
    expect(await updateRepositoryPolicy(db, second.id, policyInput("a/b"))).toBe(false);
  });

  it("moves a policy by swapping it with its neighbour", async () => {
    await rolledBack(async (tx) => {
      const { _max } = await tx.repositoryPolicy.aggregate({ _max: { position: true } });
      const base = (_max.position ?? 0) + 1;
      const ids: string[] = [];
      for (const [i, name] of ["a", "b", "c"].entries()) {
        const policy = await tx.repositoryPolicy.create({
          data: { pattern: `${OWNER}/${name}`, position: base + i },
        });
        ids.push(policy.id);
      }
      const order = async () =>
        (await tx.repositoryPolicy.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }] }))
          .map((policy) => policy.id)
          .filter((id) => ids.includes(id));

      expect(await moveRepositoryPolicy(tx, { id: ids[2]!, direction: "up" })).toEqual({
        ok: true,
        moved: true,
        pattern: `${OWNER}/c`,
      });
      expect(await order()).toEqual([ids[0], ids[2], ids[1]]);
      expect(await moveRepositoryPolicy(tx, { id: ids[1]!, direction: "down" })).toMatchObject({
        moved: false,
      });
      expect(await moveRepositoryPolicy(tx, { id: ids[2]!, direction: "up" })).toMatchObject({ moved: true });
      expect(await order()).toEqual([ids[2], ids[0], ids[1]]);
      expect(await moveRepositoryPolicy(tx, { id: "nope", direction: "up" })).toEqual({
        ok: false,
        reason: "not_found",
      });
    });
  });
});

describe("repository owners", () => {
  it("sets, changes and clears a known repository's owning team, by name in any case", async () => {
    const id = await repository("ledger");
    const teams = await Promise.all(
      ["one", "two"].map((label) => db.team.create({ data: { name: `sp-${run}-${label}` } })),
    );
    created.teams.push(...teams.map((team) => team.id));

    expect(
      await setRepositoryOwningTeam(db, { owner: OWNER.toUpperCase(), name: "LEDGER", teamId: teams[0]!.id }),
    ).toEqual({
      ok: true,
      fullName: `${OWNER}/ledger`,
      teamName: `sp-${run}-one`,
      previousTeamName: null,
    });
    expect((await db.repository.findUniqueOrThrow({ where: { id } })).owningTeamId).toBe(teams[0]!.id);
    const known = (await listKnownRepositories()).find((row) => row.id === String(id));
    expect(known).toEqual({
      id: String(id),
      fullName: `${OWNER}/ledger`,
      owningTeam: { id: teams[0]!.id, name: `sp-${run}-one` },
    });

    expect(
      await setRepositoryOwningTeam(db, { owner: OWNER, name: "ledger", teamId: teams[1]!.id }),
    ).toMatchObject({
      teamName: `sp-${run}-two`,
      previousTeamName: `sp-${run}-one`,
    });
    expect(await setRepositoryOwningTeam(db, { owner: OWNER, name: "ledger", teamId: null })).toMatchObject({
      ok: true,
      teamName: null,
    });
    expect((await db.repository.findUniqueOrThrow({ where: { id } })).owningTeamId).toBeNull();

    expect(
      await setRepositoryOwningTeam(db, { owner: OWNER, name: "nowhere", teamId: teams[0]!.id }),
    ).toEqual({
      ok: false,
      reason: "repository_not_found",
    });
    expect(await setRepositoryOwningTeam(db, { owner: OWNER, name: "ledger", teamId: "gone" })).toEqual({
      ok: false,
      reason: "team_not_found",
    });
    expect((await db.repository.findUniqueOrThrow({ where: { id } })).owningTeamId).toBeNull();
  });
});
