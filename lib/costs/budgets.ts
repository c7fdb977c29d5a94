/**
 * Monthly credit budgets per team, person and campaign (set by admins in Settings → Budgets).
 *
 * What counts against a budget: the credits of tasks created in the current UTC month (TaskCost,
 * exact nanos) — a person's own tasks; a team's members' tasks (a person in two teams counts in
 * both); a campaign's tasks. A start counts against the budgets of the person whose identity starts
 * it, their teams, and its campaign. At 100 % a hard budget refuses new starts in the one start
 * path (lib/tasks/start-core.ts) unless an admin overrode it for this month; a soft one adds a
 * warning to the start. At 80 % and 100 % the owners hear about it once a month (`sweepBudgets`).
 * A new month starts from zero, so starts (and campaigns paused by a budget) resume by themselves.
 * Worker-safe: the database comes in as an argument.
 */
import type { Budget, BudgetScope, Prisma, PrismaClient } from "@/generated/prisma/client";
import { FailureError } from "@/lib/errors";
import { notifyBudget } from "@/lib/notifications/budget";
import { exactCredits, formatCreditsNano, percentOf } from "./money";
import { addMonths, dayKey, monthKey, monthLabel, monthStart } from "./periods";

type Db = PrismaClient | Prisma.TransactionClient;

/** Owners hear about a budget at these shares of it, once a month each. */
export const BUDGET_ALERT_LEVELS = [80, 100] as const;

/** A start refused because a hard budget it counts against is used up. */
export class BudgetExceededError extends FailureError {
  readonly budgetId: string;
  constructor(budgetId: string, message: string) {
    super("budget_exceeded", message);
    this.name = "BudgetExceededError";
    this.budgetId = budgetId;
  }
}

export type BudgetStatus = {
  id: string;
  scope: BudgetScope;
  /** The team, person or campaign id. */
  targetId: string;
  /** "Team payments", "bob", "Campaign Upgrade Node" — as notices and refusals name it. */
  name: string;
  limitNano: bigint;
  spentNano: bigint;
  /** Whole percent used (rounded down). */
  percent: number;
  hard: boolean;
  /** An admin lifted this hard budget for the current month. */
  overridden: boolean;
  /** Used up: for a hard budget not overridden, new starts are refused. */
  exceeded: boolean;
  /** Blocks new starts now. */
  blocking: boolean;
};

type BudgetWithNames = Budget & {
  team: { name: string } | null;
  user: { login: string | null } | null;
  campaign: { name: string } | null;
};

const NAMES = {
  team: { select: { name: true } },
  user: { select: { login: true } },
  campaign: { select: { name: true } },
} as const;

function nameOf(budget: BudgetWithNames): string {
  if (budget.scope === "team") return `Team ${budget.team?.name ?? "(deleted)"}`;
  if (budget.scope === "person") return budget.user?.login ?? "(unknown person)";
  return `Campaign ${budget.campaign?.name ?? "(deleted)"}`;
}

function targetOf(budget: Budget): string {
  return budget.teamId ?? budget.userId ?? budget.campaignId ?? "";
}

/** Credits (nanos) spent this month against each budget, from TaskCost's everyone rows. */
async function spentThisMonth(db: Db, ids: string[], month: Date): Promise<Map<string, bigint>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; spent: bigint }[]>`
    SELECT b.id, coalesce(CASE b.scope
      WHEN 'person' THEN (SELECT sum(c."creditsNano") FROM "User" u
        JOIN "TaskCost" c ON c.dimension = 'person' AND c.key = u."githubId"::text
          AND c.period = ${dayKey(month)}::date AND c."repositoryId" = -1
        WHERE u.id = b."userId")
      WHEN 'team' THEN (SELECT sum(c."creditsNano") FROM "TeamMember" m JOIN "User" u ON u.id = m."userId"
        JOIN "TaskCost" c ON c.dimension = 'person' AND c.key = u."githubId"::text
          AND c.period = ${dayKey(month)}::date AND c."repositoryId" = -1
        WHERE m."teamId" = b."teamId")
      ELSE (SELECT sum(c."creditsNano") FROM "TaskCost" c
        WHERE c.dimension = 'campaign' AND c.key = b."campaignId" AND c.period = ${dayKey(month)}::date
          AND c."repositoryId" = -1)
    END, 0)::bigint AS spent
    FROM "Budget" b WHERE b.id = ANY(${ids})`;
  return new Map(rows.map((row) => [row.id, BigInt(row.spent)]));
}

async function statusesOf(db: Db, budgets: BudgetWithNames[], now: Date): Promise<BudgetStatus[]> {
  const month = monthStart(now);
  const spent = await spentThisMonth(
    db,
    budgets.map((b) => b.id),
    month,
  );
  return budgets.map((budget) => {
    const spentNano = spent.get(budget.id) ?? 0n;
    const overridden = budget.overrideMonth?.getTime() === month.getTime();
    const exceeded = spentNano >= budget.limitNano;
    return {
      id: budget.id,
      scope: budget.scope,
      targetId: targetOf(budget),
      name: nameOf(budget),
      limitNano: budget.limitNano,
      spentNano,
      percent: percentOf(spentNano, budget.limitNano),
      hard: budget.hard,
      overridden: budget.hard && overridden,
      exceeded,
      blocking: budget.hard && exceeded && !overridden,
    };
  });
}

/** Every budget with this month's spending, teams first, then people, then campaigns. */
export async function listBudgetStatuses(db: Db, now = new Date()): Promise<BudgetStatus[]> {
  const budgets = await db.budget.findMany({
    include: NAMES,
    orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
  });
  return statusesOf(db, budgets, now);
}

/** The budgets a start counts against: the person's, their teams', and its campaign's. */
export async function budgetsCovering(
  db: Db,
  cover: { userId: string; campaignId?: string | null },
  now = new Date(),
): Promise<BudgetStatus[]> {
  const budgets = await db.budget.findMany({
    where: {
      OR: [
        { userId: cover.userId },
        { team: { members: { some: { userId: cover.userId } } } },
        ...(cover.campaignId ? [{ campaignId: cover.campaignId }] : []),
      ],
    },
    include: NAMES,
  });
  return statusesOf(db, budgets, now);
}

/** "its" for a team or campaign, "their" for a person. */
function its(status: BudgetStatus): string {
  return status.scope === "person" ? "their" : "its";
}

function creditsText(nano: bigint): string {
  return `${formatCreditsNano(nano)} credits`;
}

/** Why a start is refused, as the person starting it reads it. */
export function refusalMessage(status: BudgetStatus, now = new Date()): string {
  const next = addMonths(now, 1).toLocaleDateString("en", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return (
    `${status.name} has used ${its(status)} monthly budget: ${creditsText(status.spentNano)} of ` +
    `${creditsText(status.limitNano)} in ${monthLabel(monthStart(now))}. New tasks it covers cannot start ` +
    `until ${next}, unless an admin raises the budget or overrides it for this month.`
  );
}

function warningOf(status: BudgetStatus): string {
  const used = `${status.percent}% (${creditsText(status.spentNano)} of ${creditsText(status.limitNano)})`;
  if (status.exceeded && status.overridden)
    return `${status.name} is over ${its(status)} monthly budget, ${used}: an admin allowed starts for this month.`;
  if (status.exceeded) return `${status.name} is over ${its(status)} soft monthly budget: ${used} used.`;
  return `${status.name} has used ${used} of ${its(status)} monthly budget.`;
}

/**
 * The budget check of a start (lib/tasks/start-core.ts): the first hard budget used up refuses it;
 * budgets past 80 % (or a soft or overridden one past 100 %) become warnings on the start.
 */
export async function checkStartBudgets(
  db: Db,
  cover: { userId: string; campaignId?: string | null },
  now = new Date(),
): Promise<{ refusal: BudgetExceededError | null; warnings: string[] }> {
  const statuses = await budgetsCovering(db, cover, now);
  const blocking = statuses.find((status) => status.blocking);
  if (blocking)
    return { refusal: new BudgetExceededError(blocking.id, refusalMessage(blocking, now)), warnings: [] };
  return {
    refusal: null,
    warnings: statuses.filter((status) => status.percent >= BUDGET_ALERT_LEVELS[0]).map(warningOf),
  };
}

/** Who hears about a budget: the person; the team (members and its webhook); a campaign's owner, owning team and launcher. */
async function ownersOf(db: Db, status: BudgetStatus): Promise<{ userIds: string[]; teamIds: string[] }> {
  if (status.scope === "person") return { userIds: [status.targetId], teamIds: [] };
  if (status.scope === "team") return { userIds: [], teamIds: [status.targetId] };
  const campaign = await db.campaign.findUnique({
    where: { id: status.targetId },
    select: { ownerUserId: true, ownerTeamId: true, launchedById: true, createdById: true },
  });
  if (!campaign) return { userIds: [], teamIds: [] };
  const userIds = [
    campaign.ownerUserId,
    campaign.launchedById,
    campaign.ownerTeamId ? null : campaign.createdById,
  ];
  return {
    userIds: userIds.filter((id): id is string => !!id),
    teamIds: campaign.ownerTeamId ? [campaign.ownerTeamId] : [],
  };
}

/**
 * Sends each budget's 80 % and 100 % notices once a month (a BudgetAlert row per level, written in
 * the transaction that notifies). Returns every budget's status, for the caller's campaign pass.
 */
export async function sweepBudgets(
  db: PrismaClient,
  options: { appUrl: string; now?: Date },
): Promise<{ statuses: BudgetStatus[]; notified: number }> {
  const now = options.now ?? new Date();
  const month = monthStart(now);
  const statuses = await listBudgetStatuses(db, now);
  let notified = 0;
  for (const status of statuses) {
    for (const level of BUDGET_ALERT_LEVELS) {
      if (status.percent < level) continue;
      notified += await db.$transaction(async (tx) => {
        const { count } = await tx.budgetAlert.createMany({
          data: [{ budgetId: status.id, month, level }],
          skipDuplicates: true,
        });
        if (count === 0) return 0;
        const consequence = !status.hard
          ? " It is a soft budget: nothing is refused."
          : level < 100
            ? " At 100% new tasks it covers are refused."
            : status.overridden
              ? " An admin allowed starts for this month."
              : " New tasks it covers are refused until the month ends.";
        await notifyBudget(
          tx,
          {
            budgetId: status.id,
            month: monthKey(month),
            level,
            title: `${status.name}: ${level}% of the monthly budget used`,
            body: `${creditsText(status.spentNano)} of ${creditsText(status.limitNano)} in ${monthLabel(month)}.${consequence}`,
            url: `${options.appUrl}/costs`,
            campaignId: status.scope === "campaign" ? status.targetId : null,
            data: {
              scope: status.scope,
              targetId: status.targetId,
              name: status.name,
              // Credits as exact decimal strings (nanos do not fit a JSON number).
              spentCredits: exactCredits(status.spentNano),
              limitCredits: exactCredits(status.limitNano),
              percent: status.percent,
              hard: status.hard,
              overridden: status.overridden,
              refusesStarts: status.blocking,
            },
          },
          await ownersOf(tx, status),
        );
        return 1;
      });
    }
  }
  return { statuses, notified };
}
