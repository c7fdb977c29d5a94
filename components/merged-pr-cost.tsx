import Link from "next/link";
import { monthTasksHref } from "@/lib/costs/links";
import { formatCreditsNano } from "@/lib/costs/money";
import type { Merges } from "@/lib/costs/outcomes";
import { monthLabel } from "@/lib/costs/periods";
import { formatCount, formatPercent } from "@/lib/format/number";

/**
 * A month's cost per merged pull request and merge rate in words (Costs page and dashboard), each
 * figure linked to the tasks behind it. The definitions live in lib/costs/outcomes.ts.
 */
export function MergedPrCost({
  month,
  outcome,
  tasks,
  testId,
}: {
  month: Date;
  outcome: Merges;
  /** The month's tasks (the merge rate's whole). */
  tasks: number;
  testId: string;
}) {
  const merged = monthTasksHref(month, { pr: "merged" });
  return (
    <div data-testid={testId}>
      <p className="text-2xl font-bold tabular-nums">
        {outcome.creditsPerMergedNano === null ? (
          "No merges yet"
        ) : (
          <Link href={monthTasksHref(month)} className="hover:underline">
            {formatCreditsNano(outcome.creditsPerMergedNano)} credits
          </Link>
        )}
      </p>
      <p className="mt-1 text-sm text-fg-muted">
        {outcome.creditsPerMergedNano === null
          ? `No pull request from ${monthLabel(month)}'s tasks has been merged.`
          : `per merged pull request: every credit of ${monthLabel(month)}'s tasks over the pull requests they got merged.`}{" "}
        <Link href={merged} className="text-accent underline">
          {formatCount(outcome.merged)} merged {outcome.merged === 1 ? "pull request" : "pull requests"}
        </Link>{" "}
        from {formatCount(outcome.mergedTasks)} of {formatCount(tasks)} tasks
        {outcome.mergeRate === null ? "" : ` (merge rate ${formatPercent(outcome.mergeRate)})`}.
      </p>
    </div>
  );
}
