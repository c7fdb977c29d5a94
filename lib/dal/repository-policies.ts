import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { repositoryPolicyOrder, type MoveDirection } from "@/lib/ordered-list";
import { patternMatcher } from "@/lib/policies/policy";

type Tx = Prisma.TransactionClient;

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

/** Adds a policy after every existing one (the order is for reading: every match applies). */
export function createRepositoryPolicy(
  tx: Tx,
  input: RepositoryPolicyInput & { createdById: string },
): Promise<{ id: string; position: number }> {
  return repositoryPolicyOrder.append(tx, (position) =>
    tx.repositoryPolicy.create({ data: { ...input, position }, select: { id: true, position: true } }),
  );
}

export async function updateRepositoryPolicy(
  tx: Tx,
  id: string,
  input: RepositoryPolicyInput,
): Promise<boolean> {
  const { count } = await tx.repositoryPolicy.updateMany({ where: { id }, data: input });
  return count === 1;
}

/** Deletes a policy (the ones after it move up a place); null when it was already gone. */
export function deleteRepositoryPolicy(tx: Tx, id: string): Promise<{ pattern: string } | null> {
  return repositoryPolicyOrder.remove(tx, id, () =>
    tx.repositoryPolicy.delete({ where: { id }, select: { pattern: true } }),
  );
}

export type PolicyMoveResult =
  { ok: true; moved: boolean; pattern: string } | { ok: false; reason: "not_found" };

/** Swaps a policy with its neighbour; moving the first one up or the last one down changes nothing. */
export async function moveRepositoryPolicy(
  tx: Tx,
  input: { id: string; direction: MoveDirection },
): Promise<PolicyMoveResult> {
  const outcome = await repositoryPolicyOrder.move(tx, input);
  if (!outcome.found) return { ok: false, reason: "not_found" };
  const policy = await tx.repositoryPolicy.findUniqueOrThrow({
    where: { id: input.id },
    select: { pattern: true },
  });
  return { ok: true, moved: outcome.moved, pattern: policy.pattern };
}

export type SetOwningTeamResult =
  | { ok: true; fullName: string; teamName: string | null; previousTeamName: string | null }
  | { ok: false; reason: "repository_not_found" | "team_not_found" };

/** Sets (or, with null, clears) the team owning a known repository; triage routes its work there. */
export async function setRepositoryOwningTeam(
  tx: Tx,
  input: { owner: string; name: string; teamId: string | null },
): Promise<SetOwningTeamResult> {
  const where = {
    owner: { equals: input.owner, mode: "insensitive" as const },
    name: { equals: input.name, mode: "insensitive" as const },
  };
  const [repository, team] = await Promise.all([
    tx.repository.findFirst({
      where,
      orderBy: { resolvedAt: { sort: "desc", nulls: "last" } },
      select: { owner: true, name: true, owningTeam: { select: { name: true } } },
    }),
    input.teamId ? tx.team.findUnique({ where: { id: input.teamId }, select: { name: true } }) : null,
  ]);
  if (!repository) return { ok: false, reason: "repository_not_found" };
  if (input.teamId && !team) return { ok: false, reason: "team_not_found" };
  // Every row under that name: a repository seen before its id was resolved may have two.
  await tx.repository.updateMany({ where, data: { owningTeamId: input.teamId } });
  return {
    ok: true,
    fullName: `${repository.owner}/${repository.name}`,
    teamName: team?.name ?? null,
    previousTeamName: repository.owningTeam?.name ?? null,
  };
}
