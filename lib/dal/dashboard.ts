import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { IN_FLIGHT_STATES, type StateGroupId, TASK_STATES, type TaskState } from "@/lib/tasks/states";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { TaskScope } from "@/lib/validations/task-filters";
import { creatorIdsForScope } from "./tasks";

export type StateSummary = {
  state: TaskState;
  count: number;
  /** When the longest-waiting task entered this state. */
  oldestSince: string | null;
  /** Entered minus left since midnight UTC. */
  changeToday: number;
};

export type Breakdown = { key: string; label: string; bands: Record<StateGroupId, number>; total: number };

export type DashboardSummary = {
  scope: TaskScope;
  generatedAt: string;
  states: StateSummary[];
  /** Oldest confirmation among in-flight tasks (or the oldest person-level confirmation). */
  asOf: string | null;
  /** Sync is behind: in-flight work has not been confirmed for a while. */
  behind: boolean;
  byRepository: Breakdown[];
  byCreator: Breakdown[];
  byTeam: Breakdown[];
  byCampaign: Breakdown[];
  /** Open triage items past their SLA target. */
  overdueTriage: number;
  /** Tasks entering each state per UTC day, last 14 days (oldest first). */
  daily: { day: string; entered: Record<TaskState, number> }[];
};

/** In flight, as the partial indexes on Task spell it (queued, in_progress, idle). */
const BEHIND_AFTER_MS = 3 * 60_000;

type BandRow = { label: string; key: string; needs: bigint; flight: bigint; finished: bigint; total: bigint };

/** Counts per band for a breakdown, summed in SQL (so only the top rows leave the database). */
const BANDS = Prisma.sql`
  sum(c.count) FILTER (WHERE c.state IN ('waiting_for_user', 'failed', 'timed_out')) AS needs,
  sum(c.count) FILTER (WHERE c.state IN ('queued', 'in_progress', 'idle')) AS flight,
  sum(c.count) FILTER (WHERE c.state IN ('completed', 'cancelled')) AS finished,
  sum(c.count) AS total`;
/** Most needing a human first, then the busiest; eight rows. */
const RANKED = Prisma.sql`HAVING sum(c.count) > 0
  ORDER BY coalesce(sum(c.count) FILTER (WHERE c.state IN ('waiting_for_user', 'failed', 'timed_out')), 0) DESC,
    sum(c.count) DESC, 1 LIMIT 8`;

function toBreakdown(row: BandRow): Breakdown {
  return {
    key: row.key,
    label: row.label,
    bands: {
      "needs-human": Number(row.needs ?? 0),
      "in-flight": Number(row.flight ?? 0),
      finished: Number(row.finished ?? 0),
    },
    total: Number(row.total),
  };
}

/**
 * Everything the dashboard shows, read from trigger-kept counters and indexes: never a count over
 * the task table itself, so it stays fast at a million tasks.
 */
export async function getDashboardSummary(options: {
  scope: TaskScope;
  viewer: Pick<SignedInUser, "id">;
}): Promise<DashboardSummary> {
  return computeSummary(options.scope, await creatorIdsForScope(options.scope, options.viewer));
}

/** How long a computed summary is shared between requests (sync moves at most every few seconds). */
const SHARED_FOR_MS = 5_000;
const sharedSummaries = new Map<string, { expiresAt: number; summary: Promise<DashboardSummary> }>();

/**
 * The summary as pages and the live refresh get it: computed at most once per 5 s for the same
 * people, whoever asks (everyone on "Everyone" shares one), with concurrent requests sharing one
 * computation. `generatedAt` says how old it is.
 */
export async function getSharedDashboardSummary(options: {
  scope: TaskScope;
  viewer: Pick<SignedInUser, "id">;
}): Promise<DashboardSummary> {
  const creators = await creatorIdsForScope(options.scope, options.viewer);
  const key = `${options.scope}:${creators?.join(",") ?? "*"}`;
  const now = Date.now();
  const cached = sharedSummaries.get(key);
  if (cached && cached.expiresAt > now) return cached.summary;
  const summary = computeSummary(options.scope, creators);
  sharedSummaries.set(key, { expiresAt: now + SHARED_FOR_MS, summary });
  summary.catch(() => sharedSummaries.delete(key)); // never share a failure
  if (sharedSummaries.size > 1000) {
    for (const [entryKey, entry] of sharedSummaries)
      if (entry.expiresAt <= now) sharedSummaries.delete(entryKey);
  }
  return summary;
}

async function computeSummary(scope: TaskScope, creators: bigint[] | null): Promise<DashboardSummary> {
  const options = { scope };
  const scoped = (column: Prisma.Sql) =>
    creators ? Prisma.sql`AND ${column} = ANY(${creators})` : Prisma.empty;
  // The daily table also keeps everyone's figures under creator -1.
  const dailyScope = creators
    ? Prisma.sql`AND "creatorGithubId" = ANY(${creators})`
    : Prisma.sql`AND "creatorGithubId" = -1`;
  const now = new Date();

  const [counts, oldest, today, confirmation, byRepo, byCreator, byTeam, daily, byCampaign, overdue] =
    await Promise.all([
      db.$queryRaw<{ state: TaskState; count: bigint }[]>`
      SELECT state::text AS state, sum(count) AS count FROM "TaskCreatorCounter"
      WHERE NOT archived ${scoped(Prisma.sql`"creatorGithubId"`)} GROUP BY state`,
      db.$queryRaw<{ state: TaskState; oldest: Date | null }[]>`
      SELECT s.state, (
        SELECT min(t."stateSince") FROM "Task" t
        WHERE t.state = s.state::"TaskState" AND t."archivedAt" IS NULL ${scoped(Prisma.sql`t."creatorGithubId"`)}
      ) AS oldest
      FROM unnest(${[...TASK_STATES]}::text[]) AS s(state)`,
      db.$queryRaw<{ state: TaskState; change: bigint }[]>`
      SELECT state::text AS state, sum(entered - exited) AS change FROM "TaskDailyChange"
      WHERE day = (now() AT TIME ZONE 'UTC')::date ${dailyScope} GROUP BY state`,
      db.$queryRaw<{ oldest: Date | null; people: Date | null }[]>`
      SELECT (SELECT min(t."lastConfirmedAt") FROM "Task" t
              WHERE t.state IN ('queued', 'in_progress', 'idle') AND t."archivedAt" IS NULL
              ${scoped(Prisma.sql`t."creatorGithubId"`)}) AS oldest,
             (SELECT min(s."confirmedAt") FROM "UserSyncState" s JOIN "User" u ON u.id = s."userId"
              JOIN "Account" a ON a."userId" = u.id AND a."tokenProblem" IS NULL
              WHERE true ${scoped(Prisma.sql`u."githubId"::bigint`)}) AS people`,
      // Everyone: the per-repository counters; a scope: its people's rows of the per-creator-and-repository ones.
      db.$queryRaw<BandRow[]>`
      SELECT r.owner || '/' || r.name AS label, c.key::text AS key, ${BANDS}
      FROM (
        ${
          creators
            ? Prisma.sql`SELECT "repositoryId" AS key, state, count FROM "TaskCounter"
                WHERE NOT archived AND "creatorGithubId" = ANY(${creators})`
            : Prisma.sql`SELECT "repositoryId" AS key, state, count FROM "TaskRepositoryCounter" WHERE NOT archived`
        }) c
      JOIN "Repository" r ON r.id = c.key
      GROUP BY c.key, r.owner, r.name ${RANKED}`,
      db.$queryRaw<BandRow[]>`
      SELECT coalesce(u.login, 'GitHub user #' || c.key) AS label, c.key::text AS key, ${BANDS}
      FROM (SELECT "creatorGithubId" AS key, state, count FROM "TaskCreatorCounter"
            WHERE NOT archived ${scoped(Prisma.sql`"creatorGithubId"`)}) c
      LEFT JOIN "User" u ON u."githubId"::bigint = c.key
      GROUP BY c.key, u.login ${RANKED}`,
      db.$queryRaw<BandRow[]>`
      SELECT tm.name AS label, tm.id AS key, ${BANDS}
      FROM (SELECT "creatorGithubId" AS key, state, count FROM "TaskCreatorCounter"
            WHERE NOT archived ${scoped(Prisma.sql`"creatorGithubId"`)}) c
      JOIN "User" u ON u."githubId"::bigint = c.key
      JOIN "TeamMember" m ON m."userId" = u.id
      JOIN "Team" tm ON tm.id = m."teamId"
      GROUP BY tm.id, tm.name ${RANKED}`,
      db.$queryRaw<{ day: Date; state: TaskState; entered: bigint }[]>`
      SELECT day, state::text AS state, sum(entered) AS entered FROM "TaskDailyChange"
      WHERE day > (now() AT TIME ZONE 'UTC')::date - 14 ${dailyScope}
      GROUP BY 1, 2`,
      db.$queryRaw<BandRow[]>`
      SELECT coalesce(cp.name, c.key) AS label, c.key, ${BANDS}
      FROM (
        ${
          creators
            ? Prisma.sql`SELECT t."campaignId" AS key, t.state, 1 AS count FROM "Task" t
                WHERE t."campaignId" IS NOT NULL AND t."archivedAt" IS NULL AND t."creatorGithubId" = ANY(${creators})`
            : Prisma.sql`SELECT "campaignId" AS key, state, count FROM "TaskCampaignCounter" WHERE NOT archived`
        }) c
      LEFT JOIN "Campaign" cp ON cp.id = c.key
      GROUP BY c.key, cp.name ${RANKED}`,
      db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM "TriageItem" i JOIN "Task" t ON t.id = i."taskId"
        WHERE i.status = 'open' AND i."slaDueAt" < now() ${scoped(Prisma.sql`t."creatorGithubId"`)}`,
    ]);

  const countOf = new Map(counts.map((row) => [row.state, Number(row.count)]));
  const oldestOf = new Map(oldest.map((row) => [row.state, row.oldest]));
  const todayOf = new Map(today.map((row) => [row.state, Number(row.change)]));
  const states = TASK_STATES.map((state) => ({
    state,
    count: countOf.get(state) ?? 0,
    oldestSince: oldestOf.get(state)?.toISOString() ?? null,
    changeToday: todayOf.get(state) ?? 0,
  }));

  const asOf = confirmation[0]?.oldest ?? confirmation[0]?.people ?? null;
  const hasInFlight = states.some(
    (s) => (IN_FLIGHT_STATES as readonly TaskState[]).includes(s.state) && s.count > 0,
  );
  const behind = !!asOf && hasInFlight && now.getTime() - asOf.getTime() > BEHIND_AFTER_MS;

  const days: DashboardSummary["daily"] = [];
  const today0 = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = 13; i >= 0; i--) {
    const day = new Date(today0 - i * 86_400_000).toISOString().slice(0, 10);
    days.push({
      day,
      entered: Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>,
    });
  }
  for (const row of daily) {
    const entry = days.find((d) => d.day === row.day.toISOString().slice(0, 10));
    if (entry) entry.entered[row.state] += Number(row.entered);
  }

  return {
    scope: options.scope,
    generatedAt: now.toISOString(),
    states,
    asOf: asOf?.toISOString() ?? null,
    behind,
    byRepository: byRepo.map(toBreakdown),
    byCreator: byCreator.map(toBreakdown),
    byTeam: byTeam.map(toBreakdown),
    byCampaign: byCampaign.map(toBreakdown),
    daily: days,
    overdueTriage: Number(overdue[0]?.n ?? 0),
  };
}
