import "server-only";
import { writeAudit } from "@/lib/audit";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { budgetsCovering, listBudgetStatuses, type BudgetStatus } from "@/lib/costs/budgets";
import { costOutcomes, mergesOf, type CostOutcome, type Merges } from "@/lib/costs/outcomes";
import { addMonths, monthStart, parseMonth, type CostGranularity } from "@/lib/costs/periods";
import {
  COST_BREAKDOWNS,
  costBreakdown,
  costSeries,
  expensiveTasks,
  monthTotals,
  retryChains,
  type CostBreakdown,
  type CostFigure,
  type CostRow,
  type ExpensiveTask,
  type RetryChain,
  type SeriesPoint,
} from "@/lib/costs/report";
import { seesEverything, type Viewer } from "@/lib/visibility/scope";
import { sharedComputation } from "./shared-computation";
import { visibleRepositoryKey } from "./visibility";

export type CostsPage = {
  month: Date;
  previousMonth: Date;
  granularity: CostGranularity;
  totals: { current: CostFigure; previous: CostFigure };
  series: SeriesPoint[];
  breakdowns: Record<CostBreakdown, CostRow[]>;
  /** Cost per merged pull request and merge rate over the whole month. */
  outcome: Merges;
  outcomes: Record<CostBreakdown, CostOutcome[]>;
  expensive: ExpensiveTask[];
  chains: RetryChain[];
  /** Admins: every budget; members: those their starts count against. */
  budgets: BudgetStatus[];
};

/** The Costs page for a month ("YYYY-MM", default the current one), as the viewer may see it. */
export async function getCostsPage(
  viewer: Viewer,
  options: { month?: string; granularity: CostGranularity },
): Promise<CostsPage> {
  const now = new Date();
  const month = options.month ? parseMonth(options.month) : monthStart(now);
  const [totals, series, expensive, chains, budgets, ...lists] = await Promise.all([
    monthTotals(db, viewer, month),
    costSeries(db, viewer, options.granularity, month, now),
    expensiveTasks(db, viewer, month),
    retryChains(db, viewer, month),
    viewerBudgets(viewer),
    ...COST_BREAKDOWNS.map((breakdown) => costBreakdown(db, viewer, breakdown, month)),
  ]);
  const breakdowns = Object.fromEntries(
    COST_BREAKDOWNS.map((breakdown, index) => [breakdown, lists[index]!]),
  ) as Record<CostBreakdown, CostRow[]>;
  const outcomes = Object.fromEntries(
    COST_BREAKDOWNS.map((breakdown) => [breakdown, costOutcomes(breakdowns[breakdown])]),
  ) as Record<CostBreakdown, CostOutcome[]>;
  return {
    month,
    previousMonth: addMonths(month, -1),
    granularity: options.granularity,
    totals,
    series,
    breakdowns,
    outcome: mergesOf(totals.current),
    outcomes,
    expensive,
    chains,
    budgets,
  };
}

function viewerBudgets(viewer: Viewer): Promise<BudgetStatus[]> {
  return seesEverything(viewer) ? listBudgetStatuses(db) : budgetsCovering(db, { userId: viewer.id });
}

export type DashboardCosts = {
  month: Date;
  current: CostFigure;
  previous: CostFigure;
  /** This month's cost per merged pull request and merge rate. */
  outcome: Merges;
  budgets: BudgetStatus[];
};

/** The dashboard's money panel is on every dashboard view: shared like its summary (lib/dal/dashboard.ts). */
const sharedTotals = sharedComputation<{ current: CostFigure; previous: CostFigure; outcome: Merges }>({
  freshMs: 5_000,
  staleMs: 60_000,
});
const sharedBudgets = sharedComputation<BudgetStatus[]>({ freshMs: 5_000, staleMs: 60_000 });

/** The dashboard's money panel: this month against the last, and the budgets that matter to the viewer. */
export async function getDashboardCosts(viewer: Viewer): Promise<DashboardCosts> {
  const month = monthStart(new Date());
  // Totals and merges depend only on the repositories the viewer sees; budgets on who they are.
  const visible = await visibleRepositoryKey(viewer);
  const [totals, budgets] = await Promise.all([
    sharedTotals(`${month.toISOString()}:${visible ?? "*"}`, async () => {
      const figures = await monthTotals(db, viewer, month);
      return { ...figures, outcome: mergesOf(figures.current) };
    }),
    sharedBudgets(`${viewer.role}:${viewer.id}`, () => viewerBudgets(viewer)),
  ]);
  return { month, ...totals, budgets: [...budgets].sort((a, b) => b.percent - a.percent).slice(0, 4) };
}

/** Every breakdown's rows for the month (CSV export). */
export async function getCostExportRows(
  viewer: Viewer,
  month: Date,
): Promise<{ breakdown: CostBreakdown; row: CostRow }[]> {
  const lists = await Promise.all(
    COST_BREAKDOWNS.map((breakdown) => costBreakdown(db, viewer, breakdown, month, null)),
  );
  return COST_BREAKDOWNS.flatMap((breakdown, index) => lists[index]!.map((row) => ({ breakdown, row })));
}

/** A cost export is on record: who, which month, how many rows. */
export async function recordCostExport(
  user: Pick<SignedInUser, "id" | "login">,
  details: { month: string; rows: number },
): Promise<void> {
  await writeAudit(db, {
    action: "cost.export",
    actorId: user.id,
    actorLogin: user.login,
    targetType: "costs",
    targetId: details.month,
    details,
  });
}
