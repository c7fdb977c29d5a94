import "server-only";
import { Prisma, type CampaignTargetStatus } from "@/generated/prisma/client";
import { DRY_RUN_PAGE_SIZE, type DryRunCheck, type DryRunFilter } from "@/lib/campaigns/dry-run-labels";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/visibility/scope";
import { dryRunProgress, hiddenRepositoryNames, visibleTargetSql, type DryRunProgress } from "./campaigns";

/** One repository's dry-run result, without its prompt (asked for when opened: getDryRunPrompt). */
export type DryRunRow = {
  id: string;
  repository: string;
  status: CampaignTargetStatus;
  skipReason: string | null;
  canary: boolean;
  position: number;
  checks: DryRunCheck[];
  warnings: string[];
  hasPrompt: boolean;
};

export type DryRunCounts = Record<DryRunFilter, number> & { canary: number };

export type DryRunPage = {
  progress: DryRunProgress;
  /** When the targets shown were written (null: no dry run has finished). */
  completedAt: string | null;
  /** The whole dry run, as the viewer may see it. */
  totals: DryRunCounts;
  /** Per filter, the repositories matching the search (the totals when there is none). */
  counts: DryRunCounts;
  rows: DryRunRow[];
  /** The last row's position: the next page starts after it. */
  nextCursor: number | null;
};

/** SQL: target `t` passes the filter. */
const FILTER_SQL: Record<DryRunFilter, Prisma.Sql> = {
  all: Prisma.sql`TRUE`,
  eligible: Prisma.sql`t.status = 'pending'`,
  warnings: Prisma.sql`(t.status = 'pending' AND cardinality(t.warnings) > 0)`,
  excluded: Prisma.sql`t.status <> 'pending'`,
};

/** SQL: target `t`'s "owner/name" contains `search` (case-insensitive, % and _ taken literally). */
function searchSql(search: string | undefined): Prisma.Sql {
  if (!search) return Prisma.sql`TRUE`;
  const literal = search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return Prisma.sql`lower(t.owner || '/' || t.name) LIKE ${`%${literal}%`}`;
}

async function countTargets(campaignId: string, where: Prisma.Sql): Promise<DryRunCounts> {
  const [row] = await db.$queryRaw<Record<keyof DryRunCounts, bigint>[]>`
    SELECT count(*) AS "all",
      count(*) FILTER (WHERE ${FILTER_SQL.eligible}) AS eligible,
      count(*) FILTER (WHERE ${FILTER_SQL.warnings}) AS warnings,
      count(*) FILTER (WHERE ${FILTER_SQL.excluded}) AS excluded,
      count(*) FILTER (WHERE ${FILTER_SQL.eligible} AND t.canary) AS canary
    FROM "CampaignTarget" t WHERE t."campaignId" = ${campaignId} AND ${where}`;
  return {
    all: Number(row?.all ?? 0),
    eligible: Number(row?.eligible ?? 0),
    warnings: Number(row?.warnings ?? 0),
    excluded: Number(row?.excluded ?? 0),
    canary: Number(row?.canary ?? 0),
  };
}

/**
 * A page of a campaign's dry-run results the viewer may see, filtered and searched in SQL, in start
 * order after `after` (a position), with the run's progress and true counts. Null: no such campaign.
 */
export async function getDryRunPage(
  campaignId: string,
  viewer: Viewer,
  options: { filter?: DryRunFilter; search?: string; after?: number; limit?: number } = {},
): Promise<DryRunPage | null> {
  const dryRun = await db.campaign.findUnique({ where: { id: campaignId }, select: { dryRun: true } });
  if (!dryRun) return null;
  const limit = options.limit ?? DRY_RUN_PAGE_SIZE;
  const visible = visibleTargetSql(viewer, Prisma.sql`t`);
  const search = searchSql(options.search?.trim());
  const after = options.after === undefined ? Prisma.empty : Prisma.sql`AND t.position > ${options.after}`;
  const [hidden, totals, counts, rows] = await Promise.all([
    hiddenRepositoryNames(
      viewer,
      dryRunProgress(dryRun.dryRun, new Set()).skipped.map((entry) => entry.repository),
    ),
    countTargets(campaignId, visible),
    options.search?.trim() ? countTargets(campaignId, Prisma.sql`${visible} AND ${search}`) : null,
    db.$queryRaw<
      (Omit<DryRunRow, "repository" | "checks"> & { owner: string; name: string; checks: unknown })[]
    >`
      SELECT t.id, t.owner, t.name, t.status, t."skipReason", t.canary, t.position, t.checks, t.warnings,
        t.prompt IS NOT NULL AS "hasPrompt"
      FROM "CampaignTarget" t
      WHERE t."campaignId" = ${campaignId} AND ${visible} AND ${search}
        AND ${FILTER_SQL[options.filter ?? "all"]} ${after}
      ORDER BY t.position LIMIT ${limit + 1}`,
  ]);
  const page = rows.slice(0, limit);
  return {
    progress: dryRunProgress(dryRun.dryRun, hidden),
    completedAt: dryRun.dryRun?.completedAt?.toISOString() ?? null,
    totals,
    counts: counts ?? totals,
    rows: page.map(({ owner, name, checks, ...row }) => ({
      ...row,
      repository: `${owner}/${name}`,
      checks: (Array.isArray(checks) ? checks : []) as DryRunCheck[],
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.position : null,
  };
}

/** One target's rendered prompt, if the viewer may see the target (undefined: no such target for them). */
export async function getDryRunPrompt(
  campaignId: string,
  targetId: string,
  viewer: Viewer,
): Promise<{ repository: string; prompt: string | null } | undefined> {
  const [row] = await db.$queryRaw<{ owner: string; name: string; prompt: string | null }[]>`
    SELECT t.owner, t.name, t.prompt FROM "CampaignTarget" t
    WHERE t.id = ${targetId} AND t."campaignId" = ${campaignId}
      AND ${visibleTargetSql(viewer, Prisma.sql`t`)}`;
  return row ? { repository: `${row.owner}/${row.name}`, prompt: row.prompt } : undefined;
}
