import Link from "next/link";
import { BudgetMeter } from "@/components/budget-meter";
import { MergedPrCost } from "@/components/merged-pr-cost";
import { Section } from "@/components/ui/section";
import { monthTasksHref } from "@/lib/costs/links";
import { formatCreditsNano } from "@/lib/costs/money";
import { addMonths, monthLabel } from "@/lib/costs/periods";
import type { DashboardCosts as Costs } from "@/lib/dal/costs";

/** This month's credits against last month's and against the budgets that cover the viewer. */
export function DashboardCosts({ costs }: { costs: Costs }) {
  const previous = addMonths(costs.month, -1);
  return (
    <Section id="dashboard-costs" title="Credits this month" className="mt-10">
      <div className="mt-4 grid gap-4 lg:grid-cols-3">
        <div className="rounded-lg border border-line bg-surface p-4">
          <p className="text-3xl font-bold tabular-nums" data-testid="dashboard-credits">
            <Link href={monthTasksHref(costs.month)} className="hover:underline">
              {formatCreditsNano(costs.current.creditsNano)}
            </Link>
          </p>
          <p className="mt-1 text-sm text-fg-muted">
            credits in {monthLabel(costs.month)} ({formatCreditsNano(costs.previous.creditsNano)} in{" "}
            {monthLabel(previous)})
            {costs.current.premiumRequests !== "0"
              ? `, plus ${costs.current.premiumRequests} premium requests from older sessions`
              : ""}
            .
          </p>
          <p className="mt-2 text-sm">
            <Link href="/costs" className="text-accent underline">
              Costs by person, team, repository and more
            </Link>
          </p>
        </div>
        <div className="rounded-lg border border-line bg-surface p-4">
          <h3 className="text-sm font-medium text-fg-muted">Against budget</h3>
          {costs.budgets.length === 0 ? (
            <p className="mt-2 text-sm text-fg-muted">No budget covers these tasks.</p>
          ) : (
            <div className="mt-2 space-y-3">
              {costs.budgets.map((budget) => (
                <BudgetMeter key={budget.id} budget={budget} />
              ))}
            </div>
          )}
        </div>
        <div className="rounded-lg border border-line bg-surface p-4">
          <h3 className="text-sm font-medium text-fg-muted">Cost per merged pull request</h3>
          <div className="mt-2">
            <MergedPrCost
              month={costs.month}
              outcome={costs.outcome}
              tasks={costs.current.tasks}
              testId="dashboard-cost-per-merged-pr"
            />
          </div>
        </div>
      </div>
    </Section>
  );
}
