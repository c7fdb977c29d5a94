import "server-only";
import type { BudgetScope, Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { listBudgetStatuses } from "@/lib/costs/budgets";
import { exactCredits, formatCreditsNano } from "@/lib/costs/money";
import { monthStart } from "@/lib/costs/periods";

type Tx = Prisma.TransactionClient;

/** A budget as Settings shows and edits it (no bigints: it goes to the browser). */
export type BudgetDto = {
  id: string;
  scope: BudgetScope;
  /** The form's target value: "team:<id>", "user:<id>" or "campaign:<id>". */
  target: string;
  name: string;
  /** The limit as typed back into the form (exact credits). */
  limit: string;
  limitText: string;
  spentText: string;
  percent: number;
  hard: boolean;
  overridden: boolean;
  exceeded: boolean;
  blocking: boolean;
};

const TARGET_PREFIX: Record<BudgetScope, string> = { team: "team", person: "user", campaign: "campaign" };

export async function listBudgets(): Promise<BudgetDto[]> {
  const statuses = await listBudgetStatuses(db);
  return statuses.map((status) => ({
    id: status.id,
    scope: status.scope,
    target: `${TARGET_PREFIX[status.scope]}:${status.targetId}`,
    name: status.name,
    limit: exactCredits(status.limitNano),
    limitText: formatCreditsNano(status.limitNano),
    spentText: formatCreditsNano(status.spentNano),
    percent: status.percent,
    hard: status.hard,
    overridden: status.overridden,
    exceeded: status.exceeded,
    blocking: status.blocking,
  }));
}

/** Campaigns a budget can be set for (newest first). */
export async function listCampaignOptions(): Promise<{ id: string; name: string }[]> {
  return db.campaign.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true },
    take: 500,
  });
}

export type SaveBudgetInput = {
  target: { scope: BudgetScope; id: string };
  limitNano: bigint;
  hard: boolean;
  createdById: string;
};

/**
 * Sets the budget of a team, person or campaign (one each: saving again changes it). Null when the
 * team, person or campaign does not exist.
 */
export async function saveBudget(
  tx: Tx,
  input: SaveBudgetInput,
): Promise<{ id: string; name: string; created: boolean } | null> {
  const { scope, id } = input.target;
  const name =
    scope === "team"
      ? (await tx.team.findUnique({ where: { id }, select: { name: true } }))?.name
      : scope === "person"
        ? (await tx.user.findUnique({ where: { id }, select: { login: true } }))?.login
        : (await tx.campaign.findUnique({ where: { id }, select: { name: true } }))?.name;
  if (!name) return null;
  const where = scope === "team" ? { teamId: id } : scope === "person" ? { userId: id } : { campaignId: id };
  const existing = await tx.budget.findUnique({ where, select: { id: true } });
  const budget = await tx.budget.upsert({
    where,
    create: { scope, ...where, limitNano: input.limitNano, hard: input.hard, createdById: input.createdById },
    update: { limitNano: input.limitNano, hard: input.hard },
    select: { id: true },
  });
  return { id: budget.id, name, created: !existing };
}

export async function deleteBudget(
  tx: Tx,
  id: string,
): Promise<{ scope: BudgetScope; limit: string } | null> {
  const budget = await tx.budget.findUnique({ where: { id } });
  if (!budget) return null;
  await tx.budget.delete({ where: { id } });
  return { scope: budget.scope, limit: exactCredits(budget.limitNano) };
}

/**
 * Lifts a hard budget for the rest of this UTC month (or puts it back). Null when there is no such
 * budget; "soft" when it is soft (nothing to lift).
 */
export async function setBudgetOverride(
  tx: Tx,
  input: { id: string; override: boolean; adminId: string },
  now = new Date(),
): Promise<{ month: string | null } | "soft" | null> {
  const budget = await tx.budget.findUnique({ where: { id: input.id }, select: { hard: true } });
  if (!budget) return null;
  if (!budget.hard) return "soft";
  const month = input.override ? monthStart(now) : null;
  await tx.budget.update({
    where: { id: input.id },
    data: { overrideMonth: month, overrideById: input.override ? input.adminId : null },
  });
  return { month: month?.toISOString().slice(0, 7) ?? null };
}
