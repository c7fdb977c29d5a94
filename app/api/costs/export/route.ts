import { getCostExportRows, recordCostExport } from "@/lib/dal/costs";
import { costQuerySchema } from "@/lib/costs/inputs";
import { exactCredits } from "@/lib/costs/money";
import { addMonths, monthKey, monthStart, parseMonth } from "@/lib/costs/periods";
import { mergesOf } from "@/lib/costs/outcomes";
import type { CostBreakdown, CostRow } from "@/lib/costs/report";
import { csvDownload, type CsvColumn } from "@/lib/http/csv-download";
import { jsonRoute } from "@/lib/http/route";

type Line = {
  breakdown: CostBreakdown;
  row: CostRow;
  month: string;
  previousMonth: string;
  merges: ReturnType<typeof mergesOf>;
};

// Credits exact to the nano (CSV is read by machines too); premium requests apart, never mixed.
const COLUMNS: CsvColumn<Line>[] = [
  ["breakdown", (line) => line.breakdown],
  ["key", (line) => line.row.key],
  ["name", (line) => line.row.label],
  ["month", (line) => line.month],
  ["credits", (line) => exactCredits(line.row.current.creditsNano)],
  ["premium_requests", (line) => line.row.current.premiumRequests],
  ["tasks", (line) => line.row.current.tasks],
  ["tasks_with_pull_request", (line) => line.row.current.withPullRequest],
  ["previous_month", (line) => line.previousMonth],
  ["previous_credits", (line) => exactCredits(line.row.previous.creditsNano)],
  ["previous_premium_requests", (line) => line.row.previous.premiumRequests],
  ["previous_tasks", (line) => line.row.previous.tasks],
  // What the month's credits bought (lib/costs/outcomes.ts); empty where nothing merged or no tasks.
  ["merged_pull_requests", (line) => line.merges.merged],
  ["tasks_merged", (line) => line.merges.mergedTasks],
  [
    "credits_per_merged_pull_request",
    (line) =>
      line.merges.creditsPerMergedNano === null ? "" : exactCredits(line.merges.creditsPerMergedNano),
  ],
  ["merge_rate", (line) => (line.merges.mergeRate === null ? "" : line.merges.mergeRate.toFixed(4))],
];

/**
 * The Costs page's month as CSV: every row of every breakdown (person, team, repository, template,
 * campaign, model), this month and last, with the month's merges and cost per merged pull request,
 * counting only what the viewer may see. Recorded as
 * `cost.export`.
 */
export const GET = jsonRoute({ query: costQuerySchema }, async ({ user, query }) => {
  const month = query.month ? parseMonth(query.month) : monthStart(new Date());
  const previous = monthKey(addMonths(month, -1));
  const rows = await getCostExportRows(user, month);
  await recordCostExport(user, { month: monthKey(month), rows: rows.length });
  async function* lines() {
    for (const { breakdown, row } of rows)
      yield {
        breakdown,
        row,
        month: monthKey(month),
        previousMonth: previous,
        merges: mergesOf(row.current),
      };
  }
  return csvDownload({ name: `switchyard-costs-${monthKey(month)}`, columns: COLUMNS, rows: lines() });
});
