/**
 * Who a triage item belongs to. First match wins: routing rules (Settings), the campaign's owner,
 * the repository's owning team (registered in Switchyard), the repository's CODEOWNERS root rule,
 * the person who launched the task; otherwise Unowned.
 */
import { Prisma, type PrismaClient, type TaskState } from "@/generated/prisma/client";
import { GitHubError, listTeamMembers, type GitHubClient } from "@/lib/github";
import { GlobPatternError, matchesGlob } from "@/lib/patterns/glob";
import { readCodeowners, type RepositoryRef } from "./codeowners";

type LazyClient = () => Promise<GitHubClient | null>;

export type OwnerDecision = {
  ownerUserId: string | null;
  ownerTeamId: string | null;
  /** Shown on the item, e.g. "CODEOWNERS: @acme/payments". */
  reason: string;
  source: "rule" | "campaign" | "repository" | "codeowners" | "launcher" | "unowned";
};

export type ResolveOwnerOptions = {
  /** A signed-in person's client that can read the repository, or null to skip CODEOWNERS. */
  clientForRepository?: (repository: RepositoryRef) => Promise<GitHubClient | null>;
  now?: Date;
  /** How long a cached CODEOWNERS read is trusted without asking GitHub (default 3600). */
  codeownersMaxAgeSeconds?: number;
};

export const UNOWNED_REASON = "No owner found: no routing rule, CODEOWNERS or known launcher";
const MAX_INT32 = 2_147_483_647;

/** A rule saved before today's pattern rules that no longer compiles matches nothing (and says so). */
function repositoryMatches(pattern: string, fullName: string): boolean {
  try {
    return matchesGlob(pattern, fullName);
  } catch (error) {
    if (!(error instanceof GlobPatternError)) throw error;
    console.warn(`routing: ${error.message}`);
    return false;
  }
}

type RuleSubject = {
  fullName: string;
  owner: string;
  campaignId: string | null;
  templateId: string | null;
  state: TaskState;
};

function ruleMatches(
  rule: {
    repositoryPattern: string | null;
    organisation: string | null;
    campaignId: string | null;
    templateId: string | null;
    states: TaskState[];
  },
  subject: RuleSubject,
): boolean {
  if (rule.repositoryPattern && !repositoryMatches(rule.repositoryPattern, subject.fullName)) return false;
  if (rule.organisation && rule.organisation.toLowerCase() !== subject.owner.toLowerCase()) return false;
  if (rule.campaignId && rule.campaignId !== subject.campaignId) return false;
  if (rule.templateId && rule.templateId !== subject.templateId) return false;
  if (rule.states.length > 0 && !rule.states.includes(subject.state)) return false;
  return true;
}

async function matchRoutingRule(db: PrismaClient, subject: RuleSubject): Promise<OwnerDecision | null> {
  const rules = await db.routingRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  for (const rule of rules) {
    if (!ruleMatches(rule, subject)) continue;
    // A rule whose target was deleted must not swallow items.
    const user = rule.targetUserId
      ? await db.user.findUnique({ where: { id: rule.targetUserId }, select: { id: true } })
      : null;
    const team = rule.targetTeamId
      ? await db.team.findUnique({ where: { id: rule.targetTeamId }, select: { id: true } })
      : null;
    if (!user && !team) continue;
    return {
      ownerUserId: user?.id ?? null,
      ownerTeamId: team?.id ?? null,
      reason: `Routing rule: ${rule.name}`,
      source: "rule",
    };
  }
  return null;
}

/** The campaign's owner (a person, a team or both); null when the campaign is gone or has none. */
export async function campaignOwner(
  db: PrismaClient,
  campaignId: string,
): Promise<{ userId: string | null; teamId: string | null; label: string } | null> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      name: true,
      ownerUser: { select: { id: true, login: true } },
      ownerTeam: { select: { id: true, name: true } },
    },
  });
  if (!campaign || (!campaign.ownerUser && !campaign.ownerTeam)) return null;
  const owners = [
    campaign.ownerTeam ? `team ${campaign.ownerTeam.name}` : null,
    campaign.ownerUser ? (campaign.ownerUser.login ?? campaign.ownerUser.id) : null,
  ].filter(Boolean);
  return {
    userId: campaign.ownerUser?.id ?? null,
    teamId: campaign.ownerTeam?.id ?? null,
    label: `${owners.join(" and ")} (campaign ${campaign.name})`,
  };
}

const teamWhere = (org: string, slug: string) => ({
  githubOrg: { equals: org, mode: "insensitive" as const },
  githubSlug: { equals: slug, mode: "insensitive" as const },
});

async function ensureMirroredTeam(db: PrismaClient, org: string, slug: string): Promise<string> {
  const existing = await db.team.findFirst({ where: teamWhere(org, slug), select: { id: true } });
  if (existing) return existing.id;
  const name = `${org}/${slug}`;
  try {
    const team = await db.team.upsert({
      where: { name },
      create: { name, githubOrg: org, githubSlug: slug },
      update: { githubOrg: org, githubSlug: slug },
      select: { id: true },
    });
    return team.id;
  } catch (error) {
    // Another worker created the same team at the same moment.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const raced = await db.team.findFirst({ where: teamWhere(org, slug), select: { id: true } });
      if (raced) return raced.id;
    }
    throw error;
  }
}

/**
 * Upserts the Team mirroring GitHub's org/slug (named "org/slug" when created) and makes its members
 * exactly the Switchyard users who are members of the GitHub team. Returns the team id.
 */
export async function mirrorGitHubTeam(
  db: PrismaClient,
  client: GitHubClient,
  team: { org: string; slug: string },
): Promise<string> {
  const org = team.org.toLowerCase();
  const slug = team.slug.toLowerCase();
  const logins = await listTeamMembers(client, { org, teamSlug: slug });
  const teamId = await ensureMirroredTeam(db, org, slug);
  await db.$transaction((tx) => setTeamMembersByLogin(tx, teamId, logins));
  return teamId;
}

/**
 * Makes a team's members exactly the Switchyard users with these GitHub logins (people Switchyard
 * does not know are left out), in the caller's transaction. Returns how many members it has now.
 */
export async function setTeamMembersByLogin(
  tx: Prisma.TransactionClient,
  teamId: string,
  logins: string[],
): Promise<number> {
  const users = logins.length
    ? await tx.user.findMany({ where: { login: { in: logins, mode: "insensitive" } }, select: { id: true } })
    : [];
  const userIds = users.map((user) => user.id);
  await tx.teamMember.deleteMany({ where: { teamId, userId: { notIn: userIds } } });
  await tx.teamMember.createMany({
    data: userIds.map((userId) => ({ teamId, userId })),
    skipDuplicates: true,
  });
  return userIds.length;
}

const TEAM_OWNER = /^@([^/]+)\/(.+)$/;

/** A team resolves when it has Switchyard members (an unknown or empty team is mirrored first). */
async function resolveTeamOwner(
  db: PrismaClient,
  readerFor: LazyClient,
  org: string,
  slug: string,
): Promise<string | null> {
  const existing = await db.team.findFirst({
    where: teamWhere(org, slug),
    select: { id: true, _count: { select: { members: true } } },
  });
  if (existing && existing._count.members > 0) return existing.id;
  const client = await readerFor();
  if (!client) return null;
  try {
    const teamId = await mirrorGitHubTeam(db, client, { org, slug });
    const members = await db.teamMember.count({ where: { teamId } });
    return members > 0 ? teamId : null;
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    console.warn(`[ownership] could not read GitHub team @${org}/${slug}: ${error.message}`);
    return null;
  }
}

async function codeownersOwner(
  db: PrismaClient,
  readerFor: LazyClient,
  repository: RepositoryRef,
  options: ResolveOwnerOptions,
): Promise<OwnerDecision | null> {
  let owners: string[];
  try {
    const read = await readCodeowners(db, readerFor, repository, {
      now: options.now,
      maxAgeSeconds: options.codeownersMaxAgeSeconds,
    });
    if (!read) return null;
    owners = read.owners;
  } catch (error) {
    // GitHub unavailable or refusing: route by the next rule rather than leave the item unopened.
    if (!(error instanceof GitHubError)) throw error;
    console.warn(
      `[ownership] could not read CODEOWNERS of ${repository.owner}/${repository.name}: ${error.message}`,
    );
    return null;
  }

  for (const owner of owners) {
    const reason = `CODEOWNERS: ${owner}`;
    const team = TEAM_OWNER.exec(owner);
    if (team) {
      const teamId = await resolveTeamOwner(db, readerFor, team[1]!, team[2]!);
      if (teamId) return { ownerUserId: null, ownerTeamId: teamId, reason, source: "codeowners" };
      continue;
    }
    const where = owner.startsWith("@")
      ? { login: { equals: owner.slice(1), mode: "insensitive" as const } }
      : { email: { equals: owner, mode: "insensitive" as const } };
    const user = await db.user.findFirst({ where, select: { id: true } });
    if (user) return { ownerUserId: user.id, ownerTeamId: null, reason, source: "codeowners" };
  }
  return null;
}

/** Decides the owner of a triage item for a task entering `state`. */
export async function resolveOwner(
  db: PrismaClient,
  input: { taskId: string; state: TaskState },
  options: ResolveOwnerOptions = {},
): Promise<OwnerDecision> {
  const task = await db.task.findUnique({
    where: { id: input.taskId },
    select: {
      creatorGithubId: true,
      campaignId: true,
      templateId: true,
      repository: {
        select: { id: true, owner: true, name: true, owningTeam: { select: { id: true, name: true } } },
      },
      launch: { select: { userId: true, githubLogin: true, user: { select: { login: true } } } },
    },
  });
  if (!task) throw new Error(`resolveOwner: task ${input.taskId} is not in the store`);
  const { owningTeam, ...repository } = task.repository;

  const rule = await matchRoutingRule(db, {
    fullName: `${repository.owner}/${repository.name}`,
    owner: repository.owner,
    campaignId: task.campaignId,
    templateId: task.templateId,
    state: input.state,
  });
  if (rule) return rule;

  if (task.campaignId) {
    const owner = await campaignOwner(db, task.campaignId);
    if (owner && (owner.userId || owner.teamId)) {
      return {
        ownerUserId: owner.userId,
        ownerTeamId: owner.teamId,
        reason: `Campaign owner: ${owner.label}`,
        source: "campaign",
      };
    }
  }

  if (owningTeam) {
    return {
      ownerUserId: null,
      ownerTeamId: owningTeam.id,
      reason: `Owning team of ${repository.owner}/${repository.name}, registered in Switchyard: ${owningTeam.name}`,
      source: "repository",
    };
  }

  if (options.clientForRepository) {
    // The reader is picked (a query) only if GitHub must be asked: most reads hit the cache.
    const pick = options.clientForRepository;
    let reader: Promise<GitHubClient | null> | undefined;
    const decision = await codeownersOwner(db, () => (reader ??= pick(repository)), repository, options);
    if (decision) return decision;
  }

  if (task.launch) {
    return {
      ownerUserId: task.launch.userId,
      ownerTeamId: null,
      reason: `Launched by ${task.launch.user.login ?? task.launch.githubLogin}`,
      source: "launcher",
    };
  }

  const creatorId = task.creatorGithubId;
  if (creatorId !== null && creatorId > 0n && creatorId <= BigInt(MAX_INT32)) {
    const creator = await db.user.findUnique({
      where: { githubId: Number(creatorId) },
      select: { id: true, login: true },
    });
    if (creator) {
      return {
        ownerUserId: creator.id,
        ownerTeamId: null,
        reason: `Started by ${creator.login ?? `GitHub user ${creatorId}`} on GitHub`,
        source: "launcher",
      };
    }
  }

  return { ownerUserId: null, ownerTeamId: null, reason: UNOWNED_REASON, source: "unowned" };
}
