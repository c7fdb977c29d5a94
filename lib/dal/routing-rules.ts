import "server-only";
import type { Prisma, TaskState } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { routingRuleOrder, type MoveDirection } from "@/lib/ordered-list";
import { isSignedInUser } from "./people";

type Tx = Prisma.TransactionClient;

/** The order rules are tried in (the same as lib/triage/ownership.ts), with id to break full ties. */
export const ROUTING_RULE_ORDER = [
  { position: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
] satisfies Prisma.RoutingRuleOrderByWithRelationInput[];

export type RoutingRuleInput = {
  name: string;
  repositoryPattern: string | null;
  organisation: string | null;
  campaignId: string | null;
  templateId: string | null;
  /** Empty: every triage item (needs-human states, and completed for review items). */
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
  const rules = await db.routingRule.findMany({ orderBy: ROUTING_RULE_ORDER });
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

/** Whether a rule may send work there: a person who has signed in, or a team that exists. */
export async function routingTargetExists(
  tx: Tx,
  target: { type: "user" | "team"; id: string },
): Promise<boolean> {
  return target.type === "user"
    ? isSignedInUser(target.id, tx)
    : (await tx.team.count({ where: { id: target.id } })) === 1;
}

/** Adds a rule after every existing one. */
export function createRoutingRule(
  tx: Tx,
  input: RoutingRuleInput & { createdById: string },
): Promise<{ id: string; position: number }> {
  return routingRuleOrder.append(tx, (position) =>
    tx.routingRule.create({ data: { ...input, position }, select: { id: true, position: true } }),
  );
}

export async function updateRoutingRule(tx: Tx, id: string, input: RoutingRuleInput): Promise<boolean> {
  const { count } = await tx.routingRule.updateMany({ where: { id }, data: input });
  return count === 1;
}

/** Deletes a rule (the ones after it move up a place); null when it was already gone. */
export function deleteRoutingRule(tx: Tx, id: string): Promise<{ name: string } | null> {
  return routingRuleOrder.remove(tx, id, () =>
    tx.routingRule.delete({ where: { id }, select: { name: true } }),
  );
}

export type MoveResult = { ok: true; moved: boolean; name: string } | { ok: false; reason: "not_found" };

/** Swaps a rule with its neighbour; moving the first rule up or the last one down changes nothing. */
export async function moveRoutingRule(
  tx: Tx,
  input: { id: string; direction: MoveDirection },
): Promise<MoveResult> {
  const outcome = await routingRuleOrder.move(tx, input);
  if (!outcome.found) return { ok: false, reason: "not_found" };
  const rule = await tx.routingRule.findUniqueOrThrow({ where: { id: input.id }, select: { name: true } });
  return { ok: true, moved: outcome.moved, name: rule.name };
}
