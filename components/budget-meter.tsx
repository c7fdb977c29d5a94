import { cn } from "@/components/ui/cn";
import type { BudgetStatus } from "@/lib/costs/budgets";
import { formatCreditsNano } from "@/lib/costs/money";

/** Where a budget stands this month: a bar (decorative) and the same in words. */
export function BudgetMeter({ budget }: { budget: BudgetStatus }) {
  const level = budget.exceeded ? "over" : budget.percent >= 80 ? "near" : "ok";
  return (
    <div data-testid={`budget-${budget.id}`}>
      <p className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium">{budget.name}</span>
        <span className={cn("tabular-nums", level !== "ok" && "font-semibold text-needs-human")}>
          {formatCreditsNano(budget.spentNano)} of {formatCreditsNano(budget.limitNano)} credits (
          {budget.percent}%)
        </span>
      </p>
      <span className="mt-1 block h-2 overflow-hidden rounded-full bg-canvas" aria-hidden="true">
        <span
          className={cn("block h-full", level === "ok" ? "bg-finished" : "bg-needs-human")}
          style={{ width: `${Math.min(100, budget.percent)}%` }}
        />
      </span>
      <p className="mt-1 text-xs text-fg-muted">
        {budget.hard ? "Hard budget" : "Soft budget (warns only)"}
        {budget.blocking
          ? ": used up — new tasks it covers cannot start this month."
          : budget.overridden && budget.exceeded
            ? ": used up, but an admin allowed starts for this month."
            : budget.exceeded
              ? ": used up."
              : "."}
      </p>
    </div>
  );
}
