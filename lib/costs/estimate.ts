/**
 * What a campaign will cost: its dry run's estimate and, while it runs, the projection. The cost of
 * one task comes from the campaign's own finished tasks once it has some (the canary wave, typically),
 * else from its template's history (the last three months of its tasks, from TaskCost), else it is
 * unknown and pages say so. Averages are exact integer division of nanos. Worker-safe.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { FINISHED_STATES } from "@/lib/task-states";
import { addMonths, dayKey, monthStart } from "./periods";

type Db = Pick<PrismaClient, "$queryRaw">;

/** The template's history counts tasks created in this many months, the current one included. */
export const HISTORY_MONTHS = 3;

export type CampaignEstimate = {
  /** Where the cost of one task comes from. */
  basis: "campaign" | "template" | "none";
  /** How many tasks that average is over. */
  sample: number;
  perTaskNano: bigint | null;
  /** Repositories that get (or got) a task: eligible targets not cancelled. */
  targets: number;
  /** perTask × targets: the dry run's estimate. */
  estimatedNano: bigint | null;
  /** Credits of the campaign's tasks so far. */
  spentNano: bigint;
  /** Finished tasks' credits plus perTask for every target not finished yet. */
  projectedNano: bigint | null;
};

/** Average credits per task of a template over its recent history. */
export async function templateAverage(
  db: Db,
  templateId: string,
  now = new Date(),
): Promise<{ sample: number; perTaskNano: bigint | null }> {
  const from = addMonths(monthStart(now), 1 - HISTORY_MONTHS);
  const [row] = await db.$queryRaw<{ credits: bigint | null; tasks: bigint | null }[]>`
    SELECT sum("creditsNano")::bigint AS credits, sum(tasks)::bigint AS tasks FROM "TaskCost"
    WHERE dimension = 'template' AND key = ${templateId} AND period >= ${dayKey(from)}::date AND "repositoryId" = -1`;
  const tasks = Number(row?.tasks ?? 0);
  return { sample: tasks, perTaskNano: tasks > 0 ? BigInt(row?.credits ?? 0) / BigInt(tasks) : null };
}

export async function campaignEstimate(
  db: Db,
  campaign: { id: string; templateId: string },
  now = new Date(),
): Promise<CampaignEstimate> {
  const [row] = await db.$queryRaw<
    { targets: bigint; unfinished: bigint; finished: bigint; finishedCredits: bigint; spent: bigint }[]
  >`
    SELECT
      (SELECT count(*) FROM "CampaignTarget" ct WHERE ct."campaignId" = ${campaign.id}
        AND ct.status NOT IN ('excluded', 'cancelled')) AS targets,
      (SELECT count(*) FROM "CampaignTarget" ct LEFT JOIN "Task" t ON t.id = ct."taskId"
        WHERE ct."campaignId" = ${campaign.id} AND ct.status NOT IN ('excluded', 'cancelled')
          AND (t.id IS NULL OR NOT t.state::text = ANY(${[...FINISHED_STATES]}))) AS unfinished,
      count(*) FILTER (WHERE t.state::text = ANY(${[...FINISHED_STATES]})) AS finished,
      coalesce(sum(t."creditsNano") FILTER (WHERE t.state::text = ANY(${[...FINISHED_STATES]})), 0)::bigint
        AS "finishedCredits",
      coalesce(sum(t."creditsNano"), 0)::bigint AS spent
    FROM "Task" t WHERE t."campaignId" = ${campaign.id}`;
  const finished = Number(row?.finished ?? 0);
  const own =
    finished > 0 ? { sample: finished, perTaskNano: BigInt(row!.finishedCredits) / BigInt(finished) } : null;
  const history = own ?? (await templateAverage(db, campaign.templateId, now));
  const perTaskNano = history.perTaskNano;
  const targets = Number(row?.targets ?? 0);
  const unfinished = BigInt(row?.unfinished ?? 0);
  return {
    basis: own ? "campaign" : perTaskNano === null ? "none" : "template",
    sample: history.sample,
    perTaskNano,
    targets,
    estimatedNano: perTaskNano === null ? null : perTaskNano * BigInt(targets),
    spentNano: BigInt(row?.spent ?? 0),
    projectedNano: perTaskNano === null ? null : BigInt(row?.finishedCredits ?? 0) + perTaskNano * unfinished,
  };
}
