import "server-only";
import { Prisma } from "@/generated/prisma/client";
import {
  groupOfState,
  STATE_GROUPS,
  TASK_STATES,
  type StateGroupId,
  type TaskState,
} from "@/components/task-states";
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
  /** Tasks entering each state per UTC day, last 14 days (oldest first). */
  daily: { day: string; entered: Record<TaskState, number> }[];
};

/** In flight, as the partial indexes on Task spell it (queued, in_progress, idle). */
const IN_FLIGHT: TaskState[] = ["queued", "in_progress", "idle"];
const BEHIND_AFTER_MS = 3 * 60_000;

function emptyBands(): Record<StateGroupId, number> {
  return Object.fromEntries(STATE_GROUPS.map((group) => [group.id, 0])) as Record<StateGroupId, number>;
}

function breakdowns(
  rows: { key: string; state: TaskState; count: number }[],
  labelOf: (key: string) => string,
  limit = 8,
): Breakdown[] {
  const byKey = new Map<string, Breakdown>();
  for (const row of rows) {
    const entry = byKey.get(row.key) ?? {
      key: row.key,
      label: labelOf(row.key),
      bands: emptyBands(),
      total: 0,
    };
    entry.bands[groupOfState(row.state).id] += row.count;
    entry.total += row.count;
    byKey.set(row.key, entry);
  }
  return [...byKey.values()]
    .filter((entry) => entry.total > 0)
    .sort(
      (a, b) =>
        b.bands["needs-human"] - a.bands["needs-human"] ||
        b.total - a.total ||
        a.label.localeCompare(b.label),
    )
    .slice(0, limit);
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

  const [counts, oldest, today, confirmation, byRepo, byCreator, daily, byCampaign] = await Promise.all([
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
    db.$queryRaw<{ key: bigint; owner: string; name: string; state: TaskState; count: bigint }[]>`
      SELECT c."repositoryId" AS key, r.owner, r.name, c.state::text AS state, c.count FROM (
        ${
          creators
            ? Prisma.sql`SELECT "repositoryId", state, sum(count) AS count FROM "TaskCounter"
                WHERE NOT archived AND "creatorGithubId" = ANY(${creators}) GROUP BY 1, 2`
            : Prisma.sql`SELECT "repositoryId", state, count FROM "TaskRepositoryCounter" WHERE NOT archived`
        }) c
      JOIN "Repository" r ON r.id = c."repositoryId"
      WHERE c.count > 0`,
    db.$queryRaw<
      { key: bigint; login: string | null; state: TaskState; count: bigint; teams: string[] | null }[]
    >`
      SELECT c."creatorGithubId" AS key, u.login, c.state::text AS state, c.count,
        (SELECT array_agg(tm.name) FROM "TeamMember" m JOIN "Team" tm ON tm.id = m."teamId" WHERE m."userId" = u.id) AS teams
      FROM (
        SELECT "creatorGithubId", state, count FROM "TaskCreatorCounter"
        WHERE NOT archived AND count > 0 ${scoped(Prisma.sql`"creatorGithubId"`)}) c
      LEFT JOIN "User" u ON u."githubId"::bigint = c."creatorGithubId"`,
    db.$queryRaw<{ day: Date; state: TaskState; entered: bigint }[]>`
      SELECT day, state::text AS state, sum(entered) AS entered FROM "TaskDailyChange"
      WHERE day > (now() AT TIME ZONE 'UTC')::date - 14 ${dailyScope}
      GROUP BY 1, 2`,
    creators
      ? db.$queryRaw<{ key: string; state: TaskState; count: bigint }[]>`
          SELECT t."campaignId" AS key, t.state::text AS state, count(*) AS count FROM "Task" t
          WHERE t."campaignId" IS NOT NULL AND t."archivedAt" IS NULL AND t."creatorGithubId" = ANY(${creators})
          GROUP BY 1, 2`
      : db.$queryRaw<{ key: string; state: TaskState; count: bigint }[]>`
          SELECT "campaignId" AS key, state::text AS state, count FROM "TaskCampaignCounter"
          WHERE NOT archived AND count > 0`,
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
  const hasInFlight = states.some((s) => IN_FLIGHT.includes(s.state) && s.count > 0);
  const behind = !!asOf && hasInFlight && now.getTime() - asOf.getTime() > BEHIND_AFTER_MS;

  const repoNames = new Map(byRepo.map((row) => [row.key.toString(), `${row.owner}/${row.name}`]));
  const creatorNames = new Map(
    byCreator.map((row) => [row.key.toString(), row.login ?? `GitHub user #${row.key}`]),
  );
  const teamRows = byCreator.flatMap((row) =>
    (row.teams ?? []).map((team) => ({ key: team, state: row.state, count: Number(row.count) })),
  );

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
    byRepository: breakdowns(
      byRepo.map((row) => ({ key: row.key.toString(), state: row.state, count: Number(row.count) })),
      (key) => repoNames.get(key) ?? key,
    ),
    byCreator: breakdowns(
      byCreator.map((row) => ({ key: row.key.toString(), state: row.state, count: Number(row.count) })),
      (key) => creatorNames.get(key) ?? key,
    ),
    byTeam: breakdowns(teamRows, (key) => key),
    byCampaign: breakdowns(
      byCampaign.map((row) => ({ key: row.key, state: row.state, count: Number(row.count) })),
      (key) => key,
    ),
    daily: days,
  };
}
