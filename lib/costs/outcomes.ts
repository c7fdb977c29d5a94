/**
 * What the money bought: cost per merged pull request and merge rate per template, campaign and
 * model, for the month. The one function the Costs page and the dashboard read these figures from.
 *
 * Today Switchyard knows only each task's pull request artifact (TaskCost.withPullRequest, kept by
 * the same trigger as its credits), not whether the pull request was merged: `merged` is null until
 * pull requests are tracked, and pages say so in words. Where the PR table lands, `merged` is the
 * count of this key's tasks of the month whose pull request is merged (join Task.pullRequestId to
 * it, filtered like TaskCost: created in the month, repositories the viewer sees), and the two
 * derived figures below start to show.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Viewer } from "@/lib/visibility/scope";
import { costBreakdown, type CostFigure, type CostRow } from "./report";

type Db = Pick<PrismaClient, "$queryRaw">;

export const OUTCOME_BREAKDOWNS = ["template", "campaign", "model"] as const;
export type OutcomeBreakdown = (typeof OUTCOME_BREAKDOWNS)[number];

export type CostOutcome = {
  key: string;
  label: string;
  filter: Record<string, string | string[]> | null;
  figure: CostFigure;
  /** Tasks of the month with a pull request artifact. */
  withPullRequest: number;
  /** Of those, merged; null while pull requests are not tracked. */
  merged: number | null;
  /** Credits (nanos) per merged pull request; null when unknown or none merged. */
  creditsPerMergedNano: bigint | null;
  /** merged / tasks, 0–1; null when unknown. */
  mergeRate: number | null;
};

export async function costOutcomes(
  db: Db,
  viewer: Viewer,
  breakdown: OutcomeBreakdown,
  month: Date,
  /** This breakdown's rows when the caller already read them (the Costs page). */
  known?: CostRow[],
): Promise<CostOutcome[]> {
  const rows = known ?? (await costBreakdown(db, viewer, breakdown, month));
  return rows
    .filter((row) => row.current.tasks > 0)
    .map((row) => {
      const merged: number | null = null;
      return {
        key: row.key,
        label: row.label,
        filter: row.filter,
        figure: row.current,
        withPullRequest: row.current.withPullRequest,
        merged,
        creditsPerMergedNano: merged ? row.current.creditsNano / BigInt(merged) : null,
        mergeRate: merged === null ? null : merged / row.current.tasks,
      };
    });
}
