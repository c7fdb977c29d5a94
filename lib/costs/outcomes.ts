/**
 * What the money bought: cost per merged pull request and merge rate, for the month, overall and per
 * template, campaign and model. The one place the Costs page and the dashboard read these from.
 *
 * Definitions (a task's cost counts in the UTC month it was created, like every cost figure):
 * - merged PRs: distinct pull requests in state `merged` linked to the month's tasks (TaskPullRequest,
 *   lib/outcomes; a PR several tasks worked on counts once), merged after the month began (a PR merged
 *   before its task existed is not what the task bought; the bound also keeps the (state, mergedAt)
 *   index in play at a million tasks).
 * - cost per merged PR: ALL credits (integer nanos) of the month's tasks, merged or not, divided by
 *   those merged PRs, rounded down to the nano: failures and abandoned PRs are part of the price.
 * - merge rate: the month's tasks with a merged PR / the month's tasks.
 * Members count only the repositories they can see, for credits (TaskCost) and merges alike.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { seesEverything, type Viewer } from "@/lib/visibility/scope";
import { addMonths } from "./periods";
import { costBreakdown, type CostFigure, type CostRow } from "./report";

type Db = Pick<PrismaClient, "$queryRaw">;

export const OUTCOME_BREAKDOWNS = ["template", "campaign", "model"] as const;
export type OutcomeBreakdown = (typeof OUTCOME_BREAKDOWNS)[number];

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

/** The grouping column of each breakdown, as TaskCost keys it (prisma/sql/task-costs.sql). */
const KEY_COLUMN: Record<OutcomeBreakdown, Prisma.Sql> = {
  template: Prisma.sql`t."templateId"`,
  campaign: Prisma.sql`t."campaignId"`,
  model: Prisma.sql`coalesce(t.model, '')`,
};

type Counts = { merged: number; tasks: number };
type MergeRow = { dim: string; key: string; merged: bigint; tasks: bigint };

/**
 * Merged PRs and the tasks behind them, among the month's tasks the viewer sees: in total (dimension
 * "total", key "") and per key of each of `breakdowns`, in one pass over the month's merges (each
 * joined row fans out to its groups), so the page pays for the join once.
 */
async function mergeCounts(
  db: Db,
  viewer: Viewer,
  month: Date,
  breakdowns: readonly OutcomeBreakdown[],
): Promise<Map<string, Counts>> {
  const groups = [
    Prisma.sql`('total', '')`,
    ...breakdowns.map((breakdown) => Prisma.sql`(${breakdown}::text, ${KEY_COLUMN[breakdown]})`),
  ];
  const rows = await db.$queryRaw<MergeRow[]>`
    SELECT g.dim, g.key, count(DISTINCT p.id)::bigint AS merged, count(DISTINCT t.id)::bigint AS tasks
    FROM "PullRequest" p
    JOIN "TaskPullRequest" tp ON tp."pullRequestId" = p.id
    JOIN "Task" t ON t.id = tp."taskId"
    CROSS JOIN LATERAL (VALUES ${Prisma.join(groups)}) g(dim, key)
    WHERE p.state = 'merged' AND p."mergedAt" >= ${month}
      AND t."createdAt" >= ${month} AND t."createdAt" < ${addMonths(month, 1)} AND g.key IS NOT NULL
      ${
        seesEverything(viewer)
          ? Prisma.empty
          : Prisma.sql`AND t."repositoryId" IN (SELECT a."repositoryId" FROM "RepositoryAccess" a WHERE a."userId" = ${viewer.id})`
      }
    GROUP BY 1, 2`;
  return new Map(
    rows.map((row) => [`${row.dim}:${row.key}`, { merged: Number(row.merged), tasks: Number(row.tasks) }]),
  );
}

function merges(figure: CostFigure, counts: Counts | undefined): Merges {
  const merged = counts?.merged ?? 0;
  const mergedTasks = counts?.tasks ?? 0;
  return {
    merged,
    mergedTasks,
    creditsPerMergedNano: merged > 0 ? figure.creditsNano / BigInt(merged) : null,
    mergeRate: figure.tasks > 0 ? mergedTasks / figure.tasks : null,
  };
}

/** The month's cost per merged PR and merge rate over everything the viewer sees (the dashboard). */
export async function monthOutcome(db: Db, viewer: Viewer, month: Date, figure: CostFigure): Promise<Merges> {
  const counts = await mergeCounts(db, viewer, month, []);
  return merges(figure, counts.get("total:"));
}

/**
 * The Costs page's "What it bought": the month's figure and each breakdown's rows (those the page
 * already read from TaskCost, or read here) with their merges.
 */
export async function costOutcomes(
  db: Db,
  viewer: Viewer,
  month: Date,
  figure: CostFigure,
  known?: Partial<Record<OutcomeBreakdown, CostRow[]>>,
): Promise<{ outcome: Merges; outcomes: Record<OutcomeBreakdown, CostOutcome[]> }> {
  const [counts, lists] = await Promise.all([
    mergeCounts(db, viewer, month, OUTCOME_BREAKDOWNS),
    Promise.all(
      OUTCOME_BREAKDOWNS.map(
        async (breakdown) => known?.[breakdown] ?? (await costBreakdown(db, viewer, breakdown, month)),
      ),
    ),
  ]);
  const outcomes = Object.fromEntries(
    OUTCOME_BREAKDOWNS.map((breakdown, index) => [
      breakdown,
      lists[index]!.filter((row) => row.current.tasks > 0).map((row) => ({
        key: row.key,
        label: row.label,
        filter: row.filter,
        figure: row.current,
        withPullRequest: row.current.withPullRequest,
        ...merges(row.current, counts.get(`${breakdown}:${row.key}`)),
      })),
    ]),
  ) as Record<OutcomeBreakdown, CostOutcome[]>;
  return { outcome: merges(figure, counts.get("total:")), outcomes };
}
