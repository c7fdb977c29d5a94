/**
 * What tasks cost, for the Costs page, its CSV export and the dashboard: read from TaskCost (kept by
 * a trigger, prisma/sql/task-costs.sql), never by summing the task table, so it stays fast at a
 * million tasks. A task's cost counts in the UTC day and month it was created, so every figure
 * links to the queue filtered on that creation range. A member's figures add up only the tasks of
 * repositories they can see (lib/visibility/scope.ts), like every other figure: no number speaks of
 * a repository hidden from them. Worker-safe: the database comes in as an argument.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { seesEverything, type Viewer } from "@/lib/visibility/scope";
import { trimDecimal } from "./money";
import { addMonths, chartBuckets, dayKey, type CostGranularity } from "./periods";

type Db = Pick<PrismaClient, "$queryRaw">;

/** Exact sums: credits as integer nanos, premium requests as decimal text, never mixed. */
export type CostFigure = {
  creditsNano: bigint;
  premiumRequests: string;
  tasks: number;
  withPullRequest: number;
  /** Distinct merged pull requests of those tasks (the definition is in lib/costs/outcomes.ts). */
  mergedPullRequests: number;
  /** Of those tasks, how many got a pull request merged. */
  mergedTasks: number;
};

export const COST_BREAKDOWNS = ["person", "team", "repository", "template", "campaign", "model"] as const;
export type CostBreakdown = (typeof COST_BREAKDOWNS)[number];

export type CostRow = {
  key: string;
  label: string;
  current: CostFigure;
  previous: CostFigure;
  /** The queue's filters (besides the creation range) that list the tasks behind the row; null when
   * the queue cannot filter on it (tasks with automatic model selection, a person never signed in). */
  filter: Record<string, string | string[]> | null;
};

const ZERO: CostFigure = {
  creditsNano: 0n,
  premiumRequests: "0",
  tasks: 0,
  withPullRequest: 0,
  mergedPullRequests: 0,
  mergedTasks: 0,
};

type FigureRow = {
  credits: bigint | null;
  premium: string | null;
  tasks: bigint | null;
  prs: bigint | null;
  merged: bigint | null;
  mergedTasks: bigint | null;
};

function figureOf(row: FigureRow | undefined): CostFigure {
  if (!row) return ZERO;
  return {
    creditsNano: BigInt(row.credits ?? 0),
    premiumRequests: trimDecimal(row.premium ?? "0"),
    tasks: Number(row.tasks ?? 0),
    withPullRequest: Number(row.prs ?? 0),
    mergedPullRequests: Number(row.merged ?? 0),
    mergedTasks: Number(row.mergedTasks ?? 0),
  };
}

const SUMS = Prisma.sql`sum(c."creditsNano")::bigint AS credits, sum(c."premiumRequests")::text AS premium,
  sum(c.tasks)::bigint AS tasks, sum(c."withPullRequest")::bigint AS prs,
  sum(c."mergedPullRequests")::bigint AS merged, sum(c."mergedTasks")::bigint AS "mergedTasks"`;

/**
 * The rows of TaskCost a viewer's figures add up: an admin's "everyone" rows (repository -1), a
 * member's rows of the repositories they see.
 */
function repositoryScope(viewer: Viewer): Prisma.Sql {
  return seesEverything(viewer)
    ? Prisma.sql`c."repositoryId" = -1`
    : Prisma.sql`c."repositoryId" IN (SELECT a."repositoryId" FROM "RepositoryAccess" a WHERE a."userId" = ${viewer.id})`;
}

/** Totals for the month and the one before it. */
export async function monthTotals(
  db: Db,
  viewer: Viewer,
  month: Date,
): Promise<{ current: CostFigure; previous: CostFigure }> {
  const previous = addMonths(month, -1);
  const rows = await db.$queryRaw<(FigureRow & { period: Date })[]>`
    SELECT c.period, ${SUMS} FROM "TaskCost" c
    WHERE c.dimension = 'month' AND c.period IN (${dayKey(month)}::date, ${dayKey(previous)}::date) AND ${repositoryScope(viewer)}
    GROUP BY c.period`;
  const find = (at: Date) => figureOf(rows.find((row) => row.period.getTime() === at.getTime()));
  return { current: find(month), previous: find(previous) };
}

/** A bucket of the chart: from `start` (inclusive) to `end` (exclusive), UTC days. */
export type SeriesPoint = { start: string; end: string; label: string; figure: CostFigure };

/** Credits over time: the chart's buckets (lib/costs/periods.ts), summed from day or month rows. */
export async function costSeries(
  db: Db,
  viewer: Viewer,
  granularity: CostGranularity,
  month: Date,
  now: Date,
): Promise<SeriesPoint[]> {
  const buckets = chartBuckets(granularity, month, now);
  const from = buckets[0]!.start;
  const to = buckets.at(-1)!.end;
  const dimension = granularity === "month" ? "month" : "day";
  const rows = await db.$queryRaw<(FigureRow & { period: Date })[]>`
    SELECT c.period, ${SUMS} FROM "TaskCost" c
    WHERE c.dimension = ${dimension}::"CostDimension" AND c.period >= ${dayKey(from)}::date AND c.period < ${dayKey(to)}::date
      AND ${repositoryScope(viewer)}
    GROUP BY c.period`;
  return buckets.map((bucket) => {
    const inside = rows.filter(
      (row) => row.period.getTime() >= bucket.start.getTime() && row.period.getTime() < bucket.end.getTime(),
    );
    const figure = inside.map(figureOf).reduce(addFigures, ZERO);
    return { start: dayKey(bucket.start), end: dayKey(bucket.end), label: bucket.label, figure };
  });
}

export function addFigures(a: CostFigure, b: CostFigure): CostFigure {
  return {
    creditsNano: a.creditsNano + b.creditsNano,
    premiumRequests: addDecimals(a.premiumRequests, b.premiumRequests),
    tasks: a.tasks + b.tasks,
    withPullRequest: a.withPullRequest + b.withPullRequest,
    mergedPullRequests: a.mergedPullRequests + b.mergedPullRequests,
    mergedTasks: a.mergedTasks + b.mergedTasks,
  };
}

/** Exact sum of two non-negative decimals with at most 4 places (premium requests). */
function addDecimals(a: string, b: string): string {
  const scaled = (value: string) => {
    const [whole, fraction = ""] = value.split(".");
    return BigInt(whole || "0") * 10_000n + BigInt(fraction.padEnd(4, "0").slice(0, 4) || "0");
  };
  const sum = scaled(a) + scaled(b);
  return trimDecimal(`${sum / 10_000n}.${(sum % 10_000n).toString().padStart(4, "0")}`);
}

type KeyedRow = FigureRow & { key: string; period: Date };

/** How many rows each breakdown shows (the CSV export takes them all). */
export const BREAKDOWN_ROWS = 15;

/**
 * One breakdown for the month against the month before: its rows ranked by this month's credits,
 * then last month's. `limit` null = every row (CSV).
 */
export async function costBreakdown(
  db: Db,
  viewer: Viewer,
  breakdown: CostBreakdown,
  month: Date,
  limit: number | null = BREAKDOWN_ROWS,
): Promise<CostRow[]> {
  const previous = addMonths(month, -1);
  const periods = Prisma.sql`c.period IN (${dayKey(month)}::date, ${dayKey(previous)}::date)`;
  let rows: KeyedRow[];
  if (breakdown === "repository") {
    rows = await db.$queryRaw<KeyedRow[]>`
      SELECT c."repositoryId"::text AS key, c.period, ${SUMS} FROM "TaskCost" c
      WHERE c.dimension = 'month' AND ${periods} AND c."repositoryId" <> -1
        ${seesEverything(viewer) ? Prisma.empty : Prisma.sql`AND ${repositoryScope(viewer)}`}
      GROUP BY 1, 2`;
  } else if (breakdown === "team") {
    rows = await db.$queryRaw<KeyedRow[]>`
      SELECT m."teamId" AS key, c.period, ${SUMS} FROM "TaskCost" c
      JOIN "User" u ON u."githubId"::text = c.key
      JOIN "TeamMember" m ON m."userId" = u.id
      WHERE c.dimension = 'person' AND ${periods} AND ${repositoryScope(viewer)}
      GROUP BY 1, 2`;
  } else {
    rows = await db.$queryRaw<KeyedRow[]>`
      SELECT c.key, c.period, ${SUMS} FROM "TaskCost" c
      WHERE c.dimension = ${breakdown}::"CostDimension" AND ${periods} AND ${repositoryScope(viewer)}
      GROUP BY 1, 2`;
  }
  const byKey = new Map<string, { current: CostFigure; previous: CostFigure }>();
  for (const row of rows) {
    const entry = byKey.get(row.key) ?? { current: ZERO, previous: ZERO };
    if (row.period.getTime() === month.getTime()) entry.current = figureOf(row);
    else entry.previous = figureOf(row);
    byKey.set(row.key, entry);
  }
  const ranked = [...byKey.entries()]
    .filter(([, entry]) => entry.current.tasks > 0 || entry.previous.tasks > 0)
    .sort(
      ([, a], [, b]) =>
        compare(b.current.creditsNano, a.current.creditsNano) ||
        compare(b.previous.creditsNano, a.previous.creditsNano),
    );
  const shown = limit === null ? ranked : ranked.slice(0, limit);
  const names = await labelsFor(
    db,
    breakdown,
    shown.map(([key]) => key),
  );
  return shown.map(([key, entry]) => ({
    key,
    label: names.get(key)?.label ?? fallbackLabel(breakdown, key),
    ...entry,
    filter: names.get(key)?.filter ?? null,
  }));
}

const compare = (a: bigint, b: bigint) => (a > b ? 1 : a < b ? -1 : 0);

function fallbackLabel(breakdown: CostBreakdown, key: string): string {
  if (breakdown === "person") return key === "0" ? "Unknown creator" : `GitHub user #${key}`;
  if (breakdown === "model") return key === "" ? "Automatic selection" : key;
  if (breakdown === "campaign") return "Deleted campaign";
  if (breakdown === "template") return "Deleted template";
  return key;
}

type Label = { label: string; filter: Record<string, string | string[]> | null };

/** Names for the ranked keys only, and the queue filter that lists each one's tasks. */
async function labelsFor(db: Db, breakdown: CostBreakdown, keys: string[]): Promise<Map<string, Label>> {
  const labels = new Map<string, Label>();
  if (keys.length === 0) return labels;
  if (breakdown === "model") {
    for (const key of keys)
      labels.set(key, { label: fallbackLabel("model", key), filter: key ? { model: key } : null });
    return labels;
  }
  let rows: { key: string; label: string; filter: string | string[] | null }[] = [];
  if (breakdown === "person")
    rows = await db.$queryRaw`
      SELECT u."githubId"::text AS key, u.login AS label, u.login AS filter FROM "User" u
      WHERE u."githubId"::text = ANY(${keys}) AND u.login IS NOT NULL`;
  if (breakdown === "team")
    // The queue filters by creator: a team's tasks are its members' (at most 50 in one link).
    rows = await db.$queryRaw`
      SELECT t.id AS key, t.name AS label,
        (SELECT array_agg(u.login ORDER BY u.login) FROM "TeamMember" m JOIN "User" u ON u.id = m."userId"
          WHERE m."teamId" = t.id AND u.login IS NOT NULL) AS filter
      FROM "Team" t WHERE t.id = ANY(${keys})`;
  if (breakdown === "repository")
    rows = await db.$queryRaw`
      SELECT r.id::text AS key, r.owner || '/' || r.name AS label, r.owner || '/' || r.name AS filter
      FROM "Repository" r WHERE r.id::text = ANY(${keys})`;
  if (breakdown === "campaign")
    rows =
      await db.$queryRaw`SELECT id AS key, name AS label, id AS filter FROM "Campaign" WHERE id = ANY(${keys})`;
  if (breakdown === "template")
    rows =
      await db.$queryRaw`SELECT id AS key, name AS label, id AS filter FROM "Template" WHERE id = ANY(${keys})`;
  const param = {
    person: "creator",
    team: "creator",
    repository: "repo",
    campaign: "campaign",
    template: "template",
  }[breakdown];
  for (const row of rows) {
    const usable = Array.isArray(row.filter)
      ? row.filter.length > 0 && row.filter.length <= 50
      : !!row.filter;
    labels.set(row.key, { label: row.label, filter: usable && row.filter ? { [param]: row.filter } : null });
  }
  return labels;
}

export type ExpensiveTask = {
  id: string;
  name: string | null;
  repository: string;
  creator: string | null;
  state: string;
  model: string | null;
  creditsNano: bigint;
  premiumRequests: string;
  createdAt: Date;
};

/** The month's costliest tasks the viewer can see (walks the cost index, keeps the month's). */
export async function expensiveTasks(
  db: Db,
  viewer: Viewer,
  month: Date,
  limit = 10,
): Promise<ExpensiveTask[]> {
  const rows = await db.$queryRaw<(Omit<ExpensiveTask, "premiumRequests"> & { premiumRequests: string })[]>`
    SELECT t.id, t.name, r.owner || '/' || r.name AS repository, u.login AS creator, t.state::text AS state,
      t.model, t."creditsNano", t."premiumRequests"::text AS "premiumRequests", t."createdAt"
    FROM "Task" t JOIN "Repository" r ON r.id = t."repositoryId"
    LEFT JOIN "User" u ON u."githubId"::bigint = t."creatorGithubId"
    WHERE t."createdAt" >= ${month} AND t."createdAt" < ${addMonths(month, 1)}
      AND (t."creditsNano" > 0 OR t."premiumRequests" > 0)
      AND ${visibleTask(viewer)}
    ORDER BY t."creditsNano" DESC, t."premiumRequests" DESC, t.id
    LIMIT ${limit}`;
  return rows.map((row) => ({ ...row, premiumRequests: trimDecimal(row.premiumRequests) }));
}

function visibleTask(viewer: Viewer): Prisma.Sql {
  return seesEverything(viewer)
    ? Prisma.sql`TRUE`
    : Prisma.sql`t."repositoryId" IN (SELECT a."repositoryId" FROM "RepositoryAccess" a WHERE a."userId" = ${viewer.id})`;
}

export type RetryChain = {
  /** The first attempt. */
  rootId: string;
  name: string | null;
  repository: string;
  attempts: number;
  creditsNano: bigint;
  premiumRequests: string;
  /** The latest attempt's state. */
  lastState: string;
  lastId: string;
};

/**
 * The month's costliest retry chains: a first attempt created in the month and every attempt that
 * followed it (retries, edits, narrower retries, follow-ups: Launch.previousTaskId), summed. Attempts
 * stay in their repository, so a chain the viewer can see is wholly visible.
 */
export async function retryChains(db: Db, viewer: Viewer, month: Date, limit = 10): Promise<RetryChain[]> {
  const rows = await db.$queryRaw<
    (Omit<RetryChain, "attempts" | "premiumRequests"> & {
      attempts: bigint;
      premiumRequests: string;
    })[]
  >`
    WITH RECURSIVE roots AS (
      SELECT DISTINCT t.id FROM "Launch" l JOIN "Task" t ON t.id = l."previousTaskId"
      WHERE t."createdAt" >= ${month} AND t."createdAt" < ${addMonths(month, 1)} AND ${visibleTask(viewer)}
        AND NOT EXISTS (SELECT 1 FROM "Launch" p WHERE p."taskId" = t.id AND p."previousTaskId" IS NOT NULL)
    ), chain(root, task, depth) AS (
      SELECT id, id, 0 FROM roots
      UNION
      SELECT c.root, l."taskId", c.depth + 1 FROM chain c JOIN "Launch" l ON l."previousTaskId" = c.task
      WHERE l."taskId" IS NOT NULL AND c.depth < 50
    ), sums AS (
      SELECT c.root, count(DISTINCT c.task) AS attempts, sum(t."creditsNano")::bigint AS "creditsNano",
        sum(t."premiumRequests")::text AS "premiumRequests",
        (array_agg(t.id ORDER BY t."createdAt" DESC))[1] AS "lastId",
        (array_agg(t.state::text ORDER BY t."createdAt" DESC))[1] AS "lastState"
      FROM chain c JOIN "Task" t ON t.id = c.task GROUP BY c.root
    )
    SELECT s.root AS "rootId", t.name, r.owner || '/' || r.name AS repository, s.attempts, s."creditsNano",
      s."premiumRequests", s."lastState", s."lastId"
    FROM sums s JOIN "Task" t ON t.id = s.root JOIN "Repository" r ON r.id = t."repositoryId"
    WHERE s.attempts > 1
    ORDER BY s."creditsNano" DESC, s.attempts DESC, s.root
    LIMIT ${limit}`;
  return rows.map((row) => ({
    ...row,
    attempts: Number(row.attempts),
    premiumRequests: trimDecimal(row.premiumRequests),
  }));
}
