import "server-only";
import { Prisma, type TaskState } from "@/generated/prisma/client";
import { keyringFromEnv } from "@/lib/auth/token-cipher";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { requireKeyring, sealWebhookField, webhookHost } from "@/lib/notifications/webhook-secrets";
import { patternMatcher } from "@/lib/policies/policy";
import { NEEDS_HUMAN_STATES, type NeedsHumanState } from "@/lib/tasks/states";
import { DEFAULT_SLA_MINUTES, type SlaReader } from "@/lib/triage/sla";

type Tx = Prisma.TransactionClient;

/** The order rules are tried in (the same as lib/triage/ownership.ts), with id to break full ties. */
const RULE_ORDER = [
  { position: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
] satisfies Prisma.RoutingRuleOrderByWithRelationInput[];

// ---------------------------------------------------------------------------------------------
// Teams

export type TeamMemberDto = { userId: string; login: string };

export type TeamDto = {
  id: string;
  name: string;
  githubOrg: string | null;
  githubSlug: string | null;
  /** Only the host: the rest of a webhook URL (Slack's, say) is a credential. */
  webhookHost: string | null;
  hasWebhookSecret: boolean;
  digestMinutes: number | null;
  members: TeamMemberDto[];
};

const teamSelect = {
  id: true,
  name: true,
  githubOrg: true,
  githubSlug: true,
  webhookUrl: true,
  webhookSecret: true,
  digestMinutes: true,
  members: { select: { userId: true, user: { select: { login: true } } } },
} satisfies Prisma.TeamSelect;

function toTeamDto(team: Prisma.TeamGetPayload<{ select: typeof teamSelect }>): TeamDto {
  return {
    id: team.id,
    name: team.name,
    githubOrg: team.githubOrg,
    githubSlug: team.githubSlug,
    webhookHost: webhookHost(keyringFromEnv(getEnv()), { table: "Team", id: team.id }, team.webhookUrl),
    hasWebhookSecret: Boolean(team.webhookSecret),
    digestMinutes: team.digestMinutes,
    members: team.members
      .map((member) => ({ userId: member.userId, login: member.user.login ?? member.userId }))
      .sort((a, b) => a.login.localeCompare(b.login)),
  };
}

export async function listTeams(): Promise<TeamDto[]> {
  const teams = await db.team.findMany({ orderBy: { name: "asc" }, select: teamSelect });
  return teams.map(toTeamDto);
}

export async function getTeam(id: string): Promise<TeamDto | null> {
  const team = await db.team.findUnique({ where: { id }, select: teamSelect });
  return team ? toTeamDto(team) : null;
}

export type SaveTeamInput = {
  /** Absent: create a team. */
  id?: string;
  name: string;
  githubOrg: string | null;
  githubSlug: string | null;
  /** undefined keeps the stored webhook (and secret); null removes both. */
  webhookUrl?: string | null;
  /** undefined keeps the stored secret. */
  webhookSecret?: string | null;
  digestMinutes: number | null;
};

export type SaveTeamResult =
  | { ok: true; id: string }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "conflict"; field: "name" | "githubTeam" };

/**
 * Creates or updates a team; a name or GitHub team already used by another team is a conflict. The
 * webhook URL and secret are stored encrypted and bound to the team's id, so a new team gets its id
 * first and its webhook in the same transaction.
 */
export async function saveTeam(input: SaveTeamInput): Promise<SaveTeamResult> {
  const data = {
    name: input.name,
    githubOrg: input.githubOrg,
    githubSlug: input.githubSlug,
    digestMinutes: input.digestMinutes,
  };
  const webhook = (id: string) => {
    const owner = { table: "Team" as const, id };
    const seal = (column: "webhookUrl" | "webhookSecret", plain: string) =>
      sealWebhookField(requireKeyring(), owner, column, plain);
    return {
      ...(input.webhookUrl ? { webhookUrl: seal("webhookUrl", input.webhookUrl) } : {}),
      ...(input.webhookUrl === null ? { webhookUrl: null, webhookSecret: null } : {}),
      ...(input.webhookUrl !== null && input.webhookSecret
        ? { webhookSecret: seal("webhookSecret", input.webhookSecret) }
        : {}),
      ...(input.webhookUrl !== null && input.webhookSecret === null ? { webhookSecret: null } : {}),
    };
  };
  try {
    if (input.id) {
      const updated = await db.team.updateMany({
        where: { id: input.id },
        data: { ...data, ...webhook(input.id) },
      });
      if (updated.count === 0) return { ok: false, reason: "not_found" };
      return { ok: true, id: input.id };
    }
    const team = await db.$transaction(async (tx) => {
      const created = await tx.team.create({ data, select: { id: true } });
      const sealed = webhook(created.id);
      if (Object.keys(sealed).length > 0) await tx.team.update({ where: { id: created.id }, data: sealed });
      return created;
    });
    return { ok: true, id: team.id };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const sameName = await db.team.findFirst({
      where: { name: input.name, ...(input.id ? { id: { not: input.id } } : {}) },
      select: { id: true },
    });
    return { ok: false, reason: "conflict", field: sameName ? "name" : "githubTeam" };
  }
}

export type DeleteTeamResult =
  | { ok: true; name: string }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "in_use"; rules: string[] };

/** Deletes a team, unless routing rules still send work to it (they would silently stop matching). */
export async function deleteTeam(id: string): Promise<DeleteTeamResult> {
  const team = await db.team.findUnique({ where: { id }, select: { name: true } });
  if (!team) return { ok: false, reason: "not_found" };
  const rules = await db.routingRule.findMany({
    where: { targetTeamId: id },
    orderBy: RULE_ORDER,
    select: { name: true },
  });
  if (rules.length > 0) return { ok: false, reason: "in_use", rules: rules.map((rule) => rule.name) };
  await db.team.delete({ where: { id } });
  return { ok: true, name: team.name };
}

export type MemberChangeResult =
  | { ok: true; teamName: string; login: string }
  | { ok: false; reason: "team_not_found" | "not_signed_in" | "already_member" | "not_member" };

/** Adds a person who has signed in (has an Account) to a team. */
export async function addTeamMember(input: { teamId: string; userId: string }): Promise<MemberChangeResult> {
  const [team, user] = await Promise.all([
    db.team.findUnique({ where: { id: input.teamId }, select: { name: true } }),
    db.user.findFirst({
      where: { id: input.userId, accounts: { some: {} } },
      select: { login: true },
    }),
  ]);
  if (!team) return { ok: false, reason: "team_not_found" };
  if (!user) return { ok: false, reason: "not_signed_in" };
  const { count } = await db.teamMember.createMany({
    data: [{ teamId: input.teamId, userId: input.userId }],
    skipDuplicates: true,
  });
  if (count === 0) return { ok: false, reason: "already_member" };
  return { ok: true, teamName: team.name, login: user.login ?? input.userId };
}

export async function removeTeamMember(input: {
  teamId: string;
  userId: string;
}): Promise<MemberChangeResult> {
  const member = await db.teamMember.findUnique({
    where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
    select: { team: { select: { name: true } }, user: { select: { login: true } } },
  });
  if (!member) return { ok: false, reason: "not_member" };
  await db.teamMember.deleteMany({ where: { teamId: input.teamId, userId: input.userId } });
  return { ok: true, teamName: member.team.name, login: member.user.login ?? input.userId };
}

// ---------------------------------------------------------------------------------------------
// People

export type PersonOption = { id: string; login: string; name: string | null };

/** People who have signed in (have a GitHub account linked): the only ones pickers offer. */
export async function listSignedInPeople(): Promise<PersonOption[]> {
  const users = await db.user.findMany({
    where: { accounts: { some: {} }, login: { not: null } },
    orderBy: { login: "asc" },
    select: { id: true, login: true, name: true },
  });
  return users.map((user) => ({ id: user.id, login: user.login!, name: user.name }));
}

export async function isSignedInUser(userId: string): Promise<boolean> {
  const user = await db.user.findFirst({
    where: { id: userId, accounts: { some: {} } },
    select: { id: true },
  });
  return user !== null;
}

// ---------------------------------------------------------------------------------------------
// Routing rules

export type RoutingRuleInput = {
  name: string;
  repositoryPattern: string | null;
  organisation: string | null;
  campaignId: string | null;
  templateId: string | null;
  /** Empty: every needs-human state. */
  states: TaskState[];
  targetUserId: string | null;
  targetTeamId: string | null;
};

export type RoutingRuleDto = RoutingRuleInput & {
  id: string;
  position: number;
  /** null when the target was deleted: the rule is skipped until it gets a new one. */
  target: { type: "user" | "team"; id: string; name: string } | null;
};

export async function listRoutingRules(): Promise<RoutingRuleDto[]> {
  const rules = await db.routingRule.findMany({ orderBy: RULE_ORDER });
  const userIds = rules.flatMap((rule) => (rule.targetUserId ? [rule.targetUserId] : []));
  const teamIds = rules.flatMap((rule) => (rule.targetTeamId ? [rule.targetTeamId] : []));
  const [users, teams] = await Promise.all([
    userIds.length
      ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, login: true } })
      : [],
    teamIds.length
      ? db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } })
      : [],
  ]);
  const userNames = new Map(users.map((user) => [user.id, user.login ?? user.id]));
  const teamNames = new Map(teams.map((team) => [team.id, team.name]));
  return rules.map((rule) => {
    const userName = rule.targetUserId ? userNames.get(rule.targetUserId) : undefined;
    const teamName = rule.targetTeamId ? teamNames.get(rule.targetTeamId) : undefined;
    return {
      id: rule.id,
      position: rule.position,
      name: rule.name,
      repositoryPattern: rule.repositoryPattern,
      organisation: rule.organisation,
      campaignId: rule.campaignId,
      templateId: rule.templateId,
      states: rule.states,
      targetUserId: rule.targetUserId,
      targetTeamId: rule.targetTeamId,
      target:
        userName !== undefined
          ? { type: "user", id: rule.targetUserId!, name: userName }
          : teamName !== undefined
            ? { type: "team", id: rule.targetTeamId!, name: teamName }
            : null,
    };
  });
}

/** Serialises position changes, so two admins adding or moving rules at once cannot tie positions. */
async function lockRules(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchyard.routing_rules'))`;
}

/** Adds a rule after every existing one. */
export async function createRoutingRule(
  input: RoutingRuleInput & { createdById: string },
): Promise<{ id: string; position: number }> {
  return db.$transaction(async (tx) => {
    await lockRules(tx);
    const { _max } = await tx.routingRule.aggregate({ _max: { position: true } });
    return tx.routingRule.create({
      data: { ...input, position: (_max.position ?? 0) + 1 },
      select: { id: true, position: true },
    });
  });
}

export async function updateRoutingRule(id: string, input: RoutingRuleInput): Promise<boolean> {
  const { count } = await db.routingRule.updateMany({ where: { id }, data: input });
  return count === 1;
}

export async function deleteRoutingRule(id: string): Promise<{ name: string } | null> {
  const rule = await db.routingRule.findUnique({ where: { id }, select: { name: true } });
  if (!rule) return null;
  await db.routingRule.deleteMany({ where: { id } });
  return rule;
}

export type MoveDirection = "up" | "down";

/**
 * One row moved a place up or down in an ordered list: the row, the neighbour it swaps with (none at
 * either end), and the ids in their new order. null when the row is not in the list.
 */
function moveInOrder<T extends { id: string }>(
  rows: T[],
  input: { id: string; direction: MoveDirection },
): { row: T; neighbour: T | undefined; order: string[] } | null {
  const index = rows.findIndex((row) => row.id === input.id);
  if (index < 0) return null;
  const row = rows[index]!;
  const other = index + (input.direction === "up" ? -1 : 1);
  const neighbour = rows[other];
  const order = rows.map((r) => r.id);
  if (neighbour) [order[index], order[other]] = [neighbour.id, row.id];
  return { row, neighbour, order };
}
export type MoveResult = { ok: true; moved: boolean; name: string } | { ok: false; reason: "not_found" };

/**
 * Swaps a rule with its neighbour in the order, inside the caller's transaction (so tests can roll
 * it back). Moving the first rule up or the last one down changes nothing.
 */
export async function swapRoutingRule(
  tx: Tx,
  input: { id: string; direction: MoveDirection },
): Promise<MoveResult> {
  await lockRules(tx);
  const rules = await tx.routingRule.findMany({
    orderBy: RULE_ORDER,
    select: { id: true, position: true, name: true },
  });
  const move = moveInOrder(rules, input);
  if (!move) return { ok: false, reason: "not_found" };
  const { row: rule, neighbour, order } = move;
  if (!neighbour) return { ok: true, moved: false, name: rule.name };
  if (rule.position !== neighbour.position) {
    await tx.routingRule.update({ where: { id: rule.id }, data: { position: neighbour.position } });
    await tx.routingRule.update({ where: { id: neighbour.id }, data: { position: rule.position } });
  } else {
    // Tied positions (rules from before positions were serialised): renumber in the new order.
    for (const [position, id] of order.entries())
      await tx.routingRule.update({ where: { id }, data: { position: position + 1 } });
  }
  return { ok: true, moved: true, name: rule.name };
}

export function moveRoutingRule(input: { id: string; direction: MoveDirection }): Promise<MoveResult> {
  return db.$transaction((tx) => swapRoutingRule(tx, input));
}

// ---------------------------------------------------------------------------------------------
// SLA targets

export type SlaTargetDto = {
  state: NeedsHumanState;
  minutes: number;
  defaultMinutes: number;
  /** Whether Settings stores a value for this state (otherwise the default applies). */
  overridden: boolean;
};

export async function listSlaTargets(client: SlaReader = db): Promise<SlaTargetDto[]> {
  const rows = await client.slaTarget.findMany({ where: { state: { in: [...NEEDS_HUMAN_STATES] } } });
  const stored = new Map(rows.map((row) => [row.state, row.minutes]));
  return NEEDS_HUMAN_STATES.map((state) => ({
    state,
    minutes: stored.get(state) ?? DEFAULT_SLA_MINUTES[state],
    defaultMinutes: DEFAULT_SLA_MINUTES[state],
    overridden: stored.has(state),
  }));
}

/** Stores a target per state; null removes the override so the default applies. */
export async function writeSlaTargets(
  tx: Tx,
  minutes: Record<NeedsHumanState, number | null>,
): Promise<void> {
  for (const state of NEEDS_HUMAN_STATES) {
    const value = minutes[state];
    if (value === null) await tx.slaTarget.deleteMany({ where: { state } });
    else
      await tx.slaTarget.upsert({
        where: { state },
        create: { state, minutes: value },
        update: { minutes: value },
      });
  }
}

export function saveSlaTargets(minutes: Record<NeedsHumanState, number | null>): Promise<void> {
  return db.$transaction((tx) => writeSlaTargets(tx, minutes));
}

// ---------------------------------------------------------------------------------------------
// Repository policies and owners

const POLICY_ORDER = [
  { position: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
] satisfies Prisma.RepositoryPolicyOrderByWithRelationInput[];

export type RepositoryPolicyInput = {
  pattern: string;
  pullRequests: "allowed" | "branch_only";
  /** Empty: any model, automatic selection included. */
  allowedModels: string[];
  maxCampaignSize: number | null;
  note: string | null;
};

export type RepositoryPolicyDto = RepositoryPolicyInput & {
  id: string;
  position: number;
  /** Known repositories (Repository rows) the pattern matches, by name. */
  matches: string[];
};

export type KnownRepositoryDto = {
  id: string;
  fullName: string;
  owningTeam: { id: string; name: string } | null;
};

/** Every repository Switchyard knows (from tasks, setups and sync), one row per owner/name. */
export async function listKnownRepositories(): Promise<KnownRepositoryDto[]> {
  const rows = await db.repository.findMany({
    orderBy: [{ owner: "asc" }, { name: "asc" }, { resolvedAt: { sort: "desc", nulls: "last" } }],
    select: { id: true, owner: true, name: true, owningTeam: { select: { id: true, name: true } } },
  });
  const seen = new Set<string>();
  const result: KnownRepositoryDto[] = [];
  for (const row of rows) {
    const fullName = `${row.owner}/${row.name}`;
    if (seen.has(fullName.toLowerCase())) continue;
    seen.add(fullName.toLowerCase());
    result.push({ id: String(row.id), fullName, owningTeam: row.owningTeam });
  }
  return result.sort((a, b) => a.fullName.localeCompare(b.fullName, "en", { sensitivity: "base" }));
}

/** A pattern saved under older rules that no longer compiles lists no matches (the page still opens). */
function safeMatcher(pattern: string): (fullName: string) => boolean {
  try {
    return patternMatcher(pattern);
  } catch {
    return () => false;
  }
}

export async function listRepositoryPolicies(
  known?: readonly { fullName: string }[],
): Promise<RepositoryPolicyDto[]> {
  const [policies, repositories] = await Promise.all([
    db.repositoryPolicy.findMany({ orderBy: POLICY_ORDER }),
    known ?? listKnownRepositories(),
  ]);
  return policies.map((policy) => {
    const matches = safeMatcher(policy.pattern);
    return {
      id: policy.id,
      position: policy.position,
      pattern: policy.pattern,
      pullRequests: policy.pullRequests,
      allowedModels: policy.allowedModels,
      maxCampaignSize: policy.maxCampaignSize,
      note: policy.note,
      matches: repositories
        .filter((repository) => matches(repository.fullName))
        .map((repository) => repository.fullName),
    };
  });
}

async function lockPolicies(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchyard.repository_policies'))`;
}

/** Adds a policy after every existing one (the order is for reading: every match applies). */
export async function createRepositoryPolicy(
  input: RepositoryPolicyInput & { createdById: string },
): Promise<{ id: string; position: number }> {
  return db.$transaction(async (tx) => {
    await lockPolicies(tx);
    const { _max } = await tx.repositoryPolicy.aggregate({ _max: { position: true } });
    return tx.repositoryPolicy.create({
      data: { ...input, position: (_max.position ?? 0) + 1 },
      select: { id: true, position: true },
    });
  });
}

export async function updateRepositoryPolicy(id: string, input: RepositoryPolicyInput): Promise<boolean> {
  const { count } = await db.repositoryPolicy.updateMany({ where: { id }, data: input });
  return count === 1;
}

export async function deleteRepositoryPolicy(id: string): Promise<{ pattern: string } | null> {
  const policy = await db.repositoryPolicy.findUnique({ where: { id }, select: { pattern: true } });
  if (!policy) return null;
  await db.repositoryPolicy.deleteMany({ where: { id } });
  return policy;
}

export type PolicyMoveResult =
  { ok: true; moved: boolean; pattern: string } | { ok: false; reason: "not_found" };

/** Swaps a policy with its neighbour; ties (equal positions) are renumbered in the new order. */
export async function swapRepositoryPolicy(
  tx: Tx,
  input: { id: string; direction: MoveDirection },
): Promise<PolicyMoveResult> {
  await lockPolicies(tx);
  const policies = await tx.repositoryPolicy.findMany({
    orderBy: POLICY_ORDER,
    select: { id: true, position: true, pattern: true },
  });
  const move = moveInOrder(policies, input);
  if (!move) return { ok: false, reason: "not_found" };
  if (!move.neighbour) return { ok: true, moved: false, pattern: move.row.pattern };
  for (const [position, id] of move.order.entries())
    await tx.repositoryPolicy.update({ where: { id }, data: { position: position + 1 } });
  return { ok: true, moved: true, pattern: move.row.pattern };
}

export function moveRepositoryPolicy(input: {
  id: string;
  direction: MoveDirection;
}): Promise<PolicyMoveResult> {
  return db.$transaction((tx) => swapRepositoryPolicy(tx, input));
}

export type SetOwningTeamResult =
  | { ok: true; fullName: string; teamName: string | null; previousTeamName: string | null }
  | { ok: false; reason: "repository_not_found" | "team_not_found" };

/** Sets (or, with null, clears) the team owning a known repository; triage routes its work there. */
export async function setRepositoryOwningTeam(input: {
  owner: string;
  name: string;
  teamId: string | null;
}): Promise<SetOwningTeamResult> {
  const where = {
    owner: { equals: input.owner, mode: "insensitive" as const },
    name: { equals: input.name, mode: "insensitive" as const },
  };
  const [repository, team] = await Promise.all([
    db.repository.findFirst({
      where,
      orderBy: { resolvedAt: { sort: "desc", nulls: "last" } },
      select: { owner: true, name: true, owningTeam: { select: { name: true } } },
    }),
    input.teamId ? db.team.findUnique({ where: { id: input.teamId }, select: { name: true } }) : null,
  ]);
  if (!repository) return { ok: false, reason: "repository_not_found" };
  if (input.teamId && !team) return { ok: false, reason: "team_not_found" };
  // Every row under that name: a repository seen before its id was resolved may have two.
  await db.repository.updateMany({ where, data: { owningTeamId: input.teamId } });
  return {
    ok: true,
    fullName: `${repository.owner}/${repository.name}`,
    teamName: team?.name ?? null,
    previousTeamName: repository.owningTeam?.name ?? null,
  };
}
