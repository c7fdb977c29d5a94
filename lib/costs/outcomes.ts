/**
 * What the money bought: cost per merged pull request and merge rate, for the month, overall and per
 * person, team, repository, template, campaign and model. The one place the Costs page, its CSV
 * export and the dashboard derive these from.
 *
 * Definitions (a task's cost counts in the UTC month it was created, like every cost figure):
 * - merged PRs: distinct pull requests in state `merged` linked to the month's tasks (TaskPullRequest,
 *   lib/outcomes; a PR several tasks worked on counts once), merged after the month began (a PR merged
 *   before its task existed is not what the task bought).
 * - cost per merged PR: ALL credits (integer nanos) of the month's tasks, merged or not, divided by
 *   those merged PRs, rounded down to the nano: failures and abandoned PRs are part of the price.
 * - merge rate: the month's tasks with a merged PR / the month's tasks.
 * Members count only the repositories they can see, for credits and merges alike. A team adds up its
 * members' figures, so a PR two of its members worked on counts for each of them.
 *
 * The counts are kept beside the credits in TaskCost by triggers (prisma/sql/task-costs.sql), so
 * these are arithmetic on figures lib/costs/report.ts already read: no join of tasks to pull
 * requests at page time, whatever the number of tasks.
 */
import type { CostFigure, CostRow } from "./report";

export type Merges = {
  /** Distinct merged pull requests of the month's tasks. */
  merged: number;
  /** The month's tasks linked to a merged pull request. */
  mergedTasks: number;
  /** Credits (nanos) per merged pull request, rounded down; null when none merged. */
  creditsPerMergedNano: bigint | null;
  /** mergedTasks / tasks, 0–1; null when there are no tasks. */
  mergeRate: number | null;
};

export type CostOutcome = Merges & {
  key: string;
  label: string;
  filter: Record<string, string | string[]> | null;
  figure: CostFigure;
  /** Tasks of the month with a pull request artifact. */
  withPullRequest: number;
};

/** A figure's merges: cost per merged PR and merge rate. */
export function mergesOf(figure: CostFigure): Merges {
  const merged = figure.mergedPullRequests;
  return {
    merged,
    mergedTasks: figure.mergedTasks,
    creditsPerMergedNano: merged > 0 ? figure.creditsNano / BigInt(merged) : null,
    mergeRate: figure.tasks > 0 ? figure.mergedTasks / figure.tasks : null,
  };
}

/** A breakdown's rows with tasks this month, with their merges ("What it bought"). */
export function costOutcomes(rows: CostRow[]): CostOutcome[] {
  return rows
    .filter((row) => row.current.tasks > 0)
    .map((row) => ({
      key: row.key,
      label: row.label,
      filter: row.filter,
      figure: row.current,
      withPullRequest: row.current.withPullRequest,
      ...mergesOf(row.current),
    }));
}
