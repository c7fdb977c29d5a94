/**
 * The merges of lib/costs/outcomes.ts computed the slow way, by joining the month's tasks to their
 * pull requests: what the Costs page did before TaskCost kept the counts. Nothing in the app reads it:
 * it is the reference the counters are checked against (lib/costs/merges.test.ts) and the baseline
 * `npm run bench:costs` measures them against, so both compare with the same definition.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { seesEverything, type Viewer } from "@/lib/visibility/scope";
import { addMonths } from "./periods";

type Db = Pick<PrismaClient, "$queryRaw">;

/** The groups counted: the month's total (key "") and TaskCost's keys of each breakdown. */
export const JOIN_GROUPS = ["total", "person", "repository", "template", "campaign", "model"] as const;
export type JoinGroup = (typeof JOIN_GROUPS)[number];

const KEY_COLUMN: Record<JoinGroup, Prisma.Sql> = {
  total: Prisma.sql`''`,
  person: Prisma.sql`coalesce(t."creatorGithubId", 0)::text`,
  repository: Prisma.sql`t."repositoryId"::text`,
  template: Prisma.sql`t."templateId"`,
  campaign: Prisma.sql`t."campaignId"`,
  model: Prisma.sql`coalesce(t.model, '')`,
};

export type JoinCounts = { merged: number; tasks: number };

/**
 * Distinct merged PRs (merged after the month began) and the tasks linked to them, among the
 * month's tasks the viewer sees, per `${group}:${key}`, in one pass (each joined row fans out to its
 * groups).
 */
export async function mergesByJoin(
  db: Db,
  viewer: Viewer,
  month: Date,
  groups: readonly JoinGroup[] = JOIN_GROUPS,
): Promise<Map<string, JoinCounts>> {
  const values = groups.map((group) => Prisma.sql`(${group}::text, ${KEY_COLUMN[group]})`);
  const rows = await db.$queryRaw<{ dim: string; key: string; merged: bigint; tasks: bigint }[]>`
    SELECT g.dim, g.key, count(DISTINCT p.id)::bigint AS merged, count(DISTINCT t.id)::bigint AS tasks
    FROM "PullRequest" p
    JOIN "TaskPullRequest" tp ON tp."pullRequestId" = p.id
    JOIN "Task" t ON t.id = tp."taskId"
    CROSS JOIN LATERAL (VALUES ${Prisma.join(values)}) g(dim, key)
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
