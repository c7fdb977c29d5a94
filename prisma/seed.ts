/**
 * Idempotent seed. In demo mode it registers the emulator's people (alice, bob, carol, dave) so that
 * work can be routed to them before they first sign in; against real GitHub it seeds nothing.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { SEED_ORG, SEED_TEAMS, SEED_USERS } from "../github-emulator/seed/people";
import { REPO_SEEDS } from "../github-emulator/seed/repos";
import { ensureStarterTemplates } from "../lib/templates/starters";

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
const admins = new Set((process.env.SWITCHYARD_ADMINS ?? "").split(",").map((login) => login.trim()));

/** Demo repository policies (created once; an admin's later edits are kept). */
const DEMO_POLICIES = [
  {
    pattern: "acme/payments-*",
    pullRequests: "branch_only" as const,
    allowedModels: [],
    maxCampaignSize: null,
    note: "Payment code: the agent pushes a branch and a person opens the pull request.",
  },
  {
    pattern: "acme/security-*",
    pullRequests: "allowed" as const,
    allowedModels: ["claude-opus-4.6"],
    maxCampaignSize: 10,
    note: "Security tooling: one reviewed model, small campaigns unless an admin approves.",
  },
];

async function seedDemoPolicies(): Promise<number> {
  let created = 0;
  for (const policy of DEMO_POLICIES) {
    if (await db.repositoryPolicy.findFirst({ where: { pattern: policy.pattern }, select: { id: true } }))
      continue;
    const { _max } = await db.repositoryPolicy.aggregate({ _max: { position: true } });
    await db.repositoryPolicy.create({ data: { ...policy, position: (_max.position ?? 0) + 1 } });
    created++;
  }
  return created;
}

async function main() {
  // Starter templates ship with Switchyard in every mode (idempotent: existing ones are left alone).
  await ensureStarterTemplates(db);
  if (process.env.SWITCHYARD_DEMO !== "1") {
    console.info("seed: not in demo mode, nothing to seed");
    return;
  }
  // Only people who may sign in (members and outside collaborators of the demo organisation):
  // outsiders such as mallory must have no row here, as after any refused sign-in.
  const collaborators = new Set(REPO_SEEDS.flatMap((repo) => Object.keys(repo.collaborators ?? {})));
  const people = SEED_USERS.filter(
    (person) => SEED_ORG.members[person.login] || collaborators.has(person.login),
  );
  for (const person of people) {
    // No email: Auth.js would refuse to link a first sign-in to a user found by email.
    // The person is matched by GitHub id instead (lib/auth/adapter.ts), and GitHub supplies the email.
    const data = {
      login: person.login,
      name: person.name,
      image: `${process.env.GITHUB_WEB_URL}/avatars/${person.login}.svg`,
      role: admins.has(person.login) ? ("admin" as const) : ("member" as const),
    };
    await db.user.upsert({
      where: { githubId: person.id },
      update: data,
      create: { githubId: person.id, ...data },
    });
  }
  // The demo organisation's teams, mirrored (members who are registered here).
  for (const team of SEED_TEAMS) {
    const saved = await db.team.upsert({
      where: { githubOrg_githubSlug: { githubOrg: team.org, githubSlug: team.slug } },
      update: { name: team.name },
      create: { name: team.name, githubOrg: team.org, githubSlug: team.slug },
    });
    const members = await db.user.findMany({ where: { login: { in: Object.keys(team.members) } } });
    await db.teamMember.createMany({
      data: members.map((member) => ({ teamId: saved.id, userId: member.id })),
      skipDuplicates: true,
    });
  }
  const policies = await seedDemoPolicies();
  console.info(`seed: ${people.length} demo people, ${SEED_TEAMS.length} teams`);
  console.info(`seed: ${policies} demo repository policies added`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
