/**
 * What a task bought, in Batch Changes' terms: its pull request's outcome, or why there is none.
 * One classification for the dashboard's bands and campaigns' progress and burndown.
 */
import { Prisma } from "@/generated/prisma/client";

/**
 * SQL for a PR row's outcome (alias `p`, may be null from a left join): merged and closed first;
 * of open PRs, a blocking review before failing checks, else awaiting review.
 */
export function pullOutcomeSql(p: string): Prisma.Sql {
  const col = (name: string) => Prisma.raw(`${p}."${name}"`);
  return Prisma.sql`CASE
    WHEN ${col("state")} = 'merged' THEN 'merged'
    WHEN ${col("state")} = 'closed' THEN 'closed_unmerged'
    WHEN ${col("reviewDecision")} = 'changes_requested' THEN 'changes_requested'
    WHEN ${col("checksState")} = 'failure' THEN 'checks_failing'
    ELSE 'awaiting_review' END`;
}

/** SQL for a task's outcome (task alias `t`, its latest PR alias `p` from a left join). */
export function taskOutcomeSql(t: string, p: string): Prisma.Sql {
  const state = Prisma.raw(`${t}.state`);
  return Prisma.sql`CASE
    WHEN ${Prisma.raw(`${p}.id`)} IS NOT NULL THEN ${pullOutcomeSql(p)}
    WHEN ${state} IN ('failed', 'timed_out', 'cancelled') THEN 'failed'
    WHEN ${state} = 'completed' THEN 'no_pr'
    ELSE 'running' END`;
}
