import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { IN_FLIGHT_STATES, type StateGroupId, TASK_STATES, type TaskState } from "@/lib/task-states";
import { db } from "@/lib/db";
import type { TaskScope } from "@/lib/validations/task-filters";
import { seesEverything, visibleRepositoryIds, type Viewer } from "@/lib/visibility/scope";
import { creatorIdsForScope } from "./tasks";
import { DEGRADED_QUEUED_COUNT, QUEUED_TOO_LONG_COUNTED, QUEUED_TOO_LONG_MS } from "@/lib/outcomes/flags";
import { PULL_OUTCOMES, type PullOutcome } from "@/lib/outcomes/labels";
import { sharedComputation } from "./shared-computation";
import { visibleRepositoryKey } from "./visibility";

export type StateSummary = {
  state: TaskState;
  count: number;
  /** When the longest-waiting task entered this state. */
  oldestSince: string | null;
  /** Entered minus left since the viewer's midnight (in `DashboardSummary.timeZone`). */
  changeToday: number;
};

export type Breakdown = { key: string; label: string; bands: Record<StateGroupId, number>; total: number };

export type DashboardSummary = {
  scope: TaskScope;
  generatedAt: string;
  /** The time zone whose midnight starts "today". */
  timeZone: string;
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
  /**
   * Pull requests by outcome (lib/outcomes/outcome.ts) in the repositories the viewer sees: for a
   * scope of people, the PRs their tasks opened (each under the person whose task first linked it).
   */
  pullOutcomes: Record<PullOutcome, number>;
  /** Tasks queued over 15 minutes (counted up to QUEUED_TOO_LONG_COUNTED). */
  queuedTooLong: number;
  /** So many tasks queued too long that the agent service may be degraded. */
  degraded: boolean;
};

/** In flight, as the partial indexes on Task spell it (queued, in_progress, idle). */
const BEHIND_AFTER_MS = 3 * 60_000;

/** TaskDailyChange's column of entries into (exits from) a state, e.g. "enteredWaitingForUser". */
const pascal = (state: TaskState) =>
  state.replace(/(^|_)([a-z])/g, (_match, _sep, letter: string) => letter.toUpperCase());
const entered = (state: TaskState) => Prisma.raw(`"entered${pascal(state)}"`);
const net = (state: TaskState) => Prisma.raw(`"net${pascal(state)}"`);
/**
 * The UTC hour in which the viewer's today began (their midnight, as a UTC timestamp, floored to
 * the hour: a zone half an hour off UTC counts its first half hour from 23:30).
 */
const viewerMidnightHour = (timeZone: string) =>
  Prisma.sql`date_trunc('hour', (date_trunc('day', now() AT TIME ZONE ${timeZone}) AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC')`;

type BandRow = { label: string; key: string; needs: bigint; flight: bigint; finished: bigint; total: bigint };

/** Counts per band, summed in SQL from (key, state, count) rows, one row per key. */
function bands(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT c.key,
      coalesce(sum(c.count) FILTER (WHERE c.state IN ('waiting_for_user', 'failed', 'timed_out')), 0) AS needs,
      coalesce(sum(c.count) FILTER (WHERE c.state IN ('queued', 'in_progress', 'idle')), 0) AS flight,
      coalesce(sum(c.count) FILTER (WHERE c.state IN ('completed', 'cancelled')), 0) AS finished,
      sum(c.count) AS total
    FROM (${source}) c GROUP BY c.key HAVING sum(c.count) > 0`;
}
/** The same from band counters' rows (key, needsHuman, inFlight, finished); three sums, then the total. */
function bandTotals(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT s.*, s.needs + s.flight + s.finished AS total FROM (
      SELECT c.key, sum(c."needsHuman") AS needs, sum(c."inFlight") AS flight, sum(c.finished) AS finished
      FROM (${source}) c GROUP BY c.key) s
    WHERE s.needs + s.flight + s.finished > 0`;
}
/** Most needing a human first, then the busiest; eight rows (named after counting, so only eight are looked up). */
const RANKED = Prisma.sql`ORDER BY needs DESC, total DESC, label LIMIT 8`;

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
 * the task table itself, so it stays fast at a million tasks. A member's figures add up only the
 * tasks of repositories they can see on GitHub (lib/visibility/scope.ts): totals, ages, today's
 * change, the chart and every breakdown, so no number speaks of a repository hidden from them.
 */
export async function getDashboardSummary(options: {
  scope: TaskScope;
  viewer: Viewer;
  /** Whose day "today" is (an IANA name); UTC when not given. */
  timeZone?: string;
}): Promise<DashboardSummary> {
  const creators = await creatorIdsForScope(options.scope, options.viewer);
  const member = seesEverything(options.viewer) ? null : options.viewer;
  return computeSummary(options.scope, creators, member, options.timeZone ?? "UTC");
}

/**
 * Summaries are shared for 5 s (sync moves at most every few seconds); after a minute without
 * requests one is not served while its successor is computed.
 */
const sharedSummary = sharedComputation<DashboardSummary>({ freshMs: 5_000, staleMs: 60_000 });

/**
 * The summary as pages and the live refresh get it: computed at most once per 5 s for the same
 * people and the same visible repositories, whoever asks (admins on "Everyone" share one, so do
 * members who see the same repositories), with concurrent requests sharing one computation. When it
 * is due again, the requests that arrive while the next one is computed get the last one instead
 * of all waiting for it (so it is at most 5 s plus one computation old); after a minute without
 * requests, the first one waits for a fresh summary. `generatedAt` says how old it is.
 */
export async function getSharedDashboardSummary(options: {
  scope: TaskScope;
  viewer: Viewer;
  timeZone?: string;
}): Promise<DashboardSummary> {
  const timeZone = options.timeZone ?? "UTC";
  const [creators, visible] = await Promise.all([
    creatorIdsForScope(options.scope, options.viewer),
    visibleRepositoryKey(options.viewer),
  ]);
  const key = `${options.scope}:${creators?.join(",") ?? "*"}:${visible ?? "*"}:${timeZone}`;
  // Computed for this viewer, shared with those who see exactly the same repositories in one zone.
  const compute = () => computeSummary(options.scope, creators, visible ? options.viewer : null, timeZone);
  return sharedSummary(key, compute);
}

/**
 * `creators`: the scope's people (null = everyone); `member`: the member whose repositories count
 * (null = every repository, for admins). Each figure reads the narrowest counter that answers it.
 */
async function computeSummary(
  scope: TaskScope,
  creators: bigint[] | null,
  member: Viewer | null,
  timeZone: string,
): Promise<DashboardSummary> {
  // The member's repositories: for the counters, a semi-join on their access rows (cheap to plan
  // and hash); for the task table's ordered index scans (oldest ages, freshness), the ids
  // themselves, so the planner walks the index and skips what is hidden. null for admins.
  const ids = member ? await visibleRepositoryIds(db, member) : null;
  const visible = member && ids ? { viewer: member, ids } : null;
  const repositories = visible
    ? Prisma.sql`(SELECT a."repositoryId" FROM "RepositoryAccess" a WHERE a."userId" = ${visible.viewer.id})`
    : null;
  const options = { scope };
  const byCreator = (column: Prisma.Sql) =>
    creators ? Prisma.sql`AND ${column} = ANY(${creators})` : Prisma.empty;
  const byRepository = (column: Prisma.Sql) =>
    visible ? Prisma.sql`AND ${column} = ANY(${visible.ids})` : Prisma.empty;
  const scoped = (creator: Prisma.Sql, repository: Prisma.Sql) =>
    Prisma.sql`${byCreator(creator)} ${byRepository(repository)}`;
  // State counts: per creator (everyone's or a scope's) when every repository counts, else the
  // per-repository counters (everyone) or the per-creator-and-repository ones (a scope).
  const stateCounts = repositories
    ? creators
      ? Prisma.sql`SELECT state, count FROM "TaskCounter"
          WHERE NOT archived AND "creatorGithubId" = ANY(${creators}) AND "repositoryId" IN ${repositories}`
      : Prisma.sql`SELECT state, count FROM "TaskRepositoryCounter"
          WHERE NOT archived AND "repositoryId" IN ${repositories}`
    : Prisma.sql`SELECT state, count FROM "TaskCreatorCounter" WHERE NOT archived ${byCreator(Prisma.sql`"creatorGithubId"`)}`;
  // Per person, for "by person" and "by team": a member sums the band counters of the repositories
  // they see; everyone else reads the per-creator counters.
  const people = repositories
    ? bandTotals(Prisma.sql`SELECT "creatorGithubId" AS key, "needsHuman", "inFlight", finished
        FROM "TaskBandCounter" WHERE "repositoryId" IN ${repositories} ${byCreator(Prisma.sql`"creatorGithubId"`)}`)
    : bands(Prisma.sql`SELECT "creatorGithubId" AS key, state, count FROM "TaskCreatorCounter"
        WHERE NOT archived ${byCreator(Prisma.sql`"creatorGithubId"`)}`);
  // Daily changes (see prisma/sql/task-counters.sql): a scope's people by repository, or everyone's
  // by repository (creator -1), or everyone's in every repository (creator -1, repository -1).
  const dailyScope = Prisma.sql`AND "creatorGithubId" ${creators ? Prisma.sql`= ANY(${creators})` : Prisma.sql`= -1`}
    AND "repositoryId" ${visible ? Prisma.sql`= ANY(${visible.ids})` : Prisma.sql`= -1`}`;
  // PR outcome bands from counters kept by triggers (prisma/sql/pull-request-outcomes.sql), since
  // joining tasks to their PRs took seconds at scale: a scope of people reads the per-person ones
  // (each PR under the person whose task opened it), everyone else the per-repository ones.
  const pullOutcomes = creators
    ? Prisma.sql`SELECT outcome, sum(count) AS n FROM "PullRequestCreatorOutcomeCounter"
        WHERE "creatorGithubId" = ANY(${creators}) ${byRepository(Prisma.sql`"repositoryId"`)}
        GROUP BY 1 HAVING sum(count) > 0`
    : Prisma.sql`SELECT outcome, sum(count) AS n FROM "PullRequestOutcomeCounter"
        WHERE true ${repositories ? Prisma.sql`AND "repositoryId" IN ${repositories}` : Prisma.empty}
        GROUP BY 1 HAVING sum(count) > 0`;
  const now = new Date();

  const epochMs = (value: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${value}) * 1000)::float8`;
  const [[figures], byRepo, byPeople, daily, byCampaign] = await Promise.all([
    // The small figures in one round trip: counts, oldest ages, today's change, freshness, overdue.
    db.$queryRaw<
      {
        counts: Record<string, number> | null;
        oldest: Record<string, number | null> | null;
        today: Record<string, number | null> | null;
        confirmed: number | null;
        people: number | null;
        overdue: bigint;
        stuck: bigint;
        outcomes: Record<string, number> | null;
      }[]
    >`
      SELECT
        (SELECT json_object_agg(c.state, c.n) FROM (
          SELECT state::text AS state, sum(count) AS n FROM (${stateCounts}) c GROUP BY state) c) AS counts,
        (SELECT json_object_agg(s.state, (
          SELECT ${epochMs(Prisma.sql`min(t."stateSince")`)} FROM "Task" t
          WHERE t.state = s.state::"TaskState" AND t."archivedAt" IS NULL
            ${scoped(Prisma.sql`t."creatorGithubId"`, Prisma.sql`t."repositoryId"`)}))
         FROM unnest(${[...TASK_STATES]}::text[]) AS s(state)) AS oldest,
        (SELECT json_build_object(${Prisma.join(
          TASK_STATES.map((state) => Prisma.sql`${state}::text, sum(${net(state)})`),
        )}) FROM "TaskHourlyChange" WHERE hour >= ${viewerMidnightHour(timeZone)} ${dailyScope}) AS today,
        (SELECT ${epochMs(Prisma.sql`min(t."lastConfirmedAt")`)} FROM "Task" t
          WHERE t.state IN ('queued', 'in_progress', 'idle') AND t."archivedAt" IS NULL
            ${scoped(Prisma.sql`t."creatorGithubId"`, Prisma.sql`t."repositoryId"`)}) AS confirmed,
        (SELECT ${epochMs(Prisma.sql`min(s."confirmedAt")`)} FROM "UserSyncState" s
          JOIN "User" u ON u.id = s."userId"
          JOIN "Account" a ON a."userId" = u.id AND a."tokenProblem" IS NULL
          WHERE true ${byCreator(Prisma.sql`u."githubId"::bigint`)}) AS people,
        (SELECT count(*) FROM "TriageItem" i JOIN "Task" t ON t.id = i."taskId"
          WHERE i.status = 'open' AND i."slaDueAt" < now()
            ${scoped(Prisma.sql`t."creatorGithubId"`, Prisma.sql`t."repositoryId"`)}) AS overdue,
        (SELECT count(*) FROM (SELECT 1 FROM "Task" t
          WHERE t.state = 'queued' AND t."stateSince" < ${new Date(now.getTime() - QUEUED_TOO_LONG_MS)}
            AND t."archivedAt" IS NULL ${scoped(Prisma.sql`t."creatorGithubId"`, Prisma.sql`t."repositoryId"`)}
          LIMIT ${QUEUED_TOO_LONG_COUNTED}) q) AS stuck,
        (SELECT json_object_agg(o.outcome, o.n) FROM (${pullOutcomes}) o) AS outcomes`,
    // Everyone: the per-repository counters; a scope of people: their band counters.
    db.$queryRaw<BandRow[]>`
      SELECT r.owner || '/' || r.name AS label, b.key::text AS key, b.needs, b.flight, b.finished, b.total
      FROM (${
        creators
          ? bandTotals(Prisma.sql`SELECT "repositoryId" AS key, "needsHuman", "inFlight", finished
              FROM "TaskBandCounter" WHERE "creatorGithubId" = ANY(${creators})
                ${byRepository(Prisma.sql`"repositoryId"`)}`)
          : bands(Prisma.sql`SELECT "repositoryId" AS key, state, count FROM "TaskRepositoryCounter"
              WHERE NOT archived ${byRepository(Prisma.sql`"repositoryId"`)}`)
      }) b
      JOIN "Repository" r ON r.id = b.key ${RANKED}`,
    // By person and by team from one pass over the per-person counts.
    db.$queryRaw<(BandRow & { kind: "person" | "team" })[]>`
      WITH people AS MATERIALIZED (${people})
      (SELECT 'person' AS kind, coalesce(u.login, 'GitHub user #' || p.key) AS label, p.key::text AS key,
         p.needs, p.flight, p.finished, p.total
       FROM people p LEFT JOIN "User" u ON u."githubId"::bigint = p.key ${RANKED})
      UNION ALL
      (SELECT 'team' AS kind, tm.name AS label, tm.id AS key, sum(p.needs) AS needs, sum(p.flight) AS flight,
         sum(p.finished) AS finished, sum(p.total) AS total
       FROM people p JOIN "User" u ON u."githubId"::bigint = p.key
       JOIN "TeamMember" m ON m."userId" = u.id JOIN "Team" tm ON tm.id = m."teamId"
       GROUP BY tm.id, tm.name ${RANKED})`,
    db.$queryRaw<({ day: Date } & Record<TaskState, bigint>)[]>`
      SELECT day, ${Prisma.join(TASK_STATES.map((state) => Prisma.sql`sum(${entered(state)}) AS ${Prisma.raw(`"${state}"`)}`))}
      FROM "TaskDailyChange" WHERE day > (now() AT TIME ZONE 'UTC')::date - 14 ${dailyScope}
      GROUP BY day`,
    // Everyone (admins): per campaign; a member: per campaign and repository they see; a scope of
    // people: their campaign tasks, from an index.
    db.$queryRaw<BandRow[]>`
      SELECT coalesce(cp.name, b.key) AS label, b.key, b.needs, b.flight, b.finished, b.total
      FROM (${
        creators
          ? bands(Prisma.sql`SELECT t."campaignId" AS key, t.state, 1 AS count FROM "Task" t
              WHERE t."campaignId" IS NOT NULL AND t."archivedAt" IS NULL
                ${scoped(Prisma.sql`t."creatorGithubId"`, Prisma.sql`t."repositoryId"`)}`)
          : repositories
            ? bandTotals(Prisma.sql`SELECT "campaignId" AS key, "needsHuman", "inFlight", finished
                FROM "TaskCampaignBandCounter" WHERE "repositoryId" IN ${repositories}`)
            : bands(
                Prisma.sql`SELECT "campaignId" AS key, state, count FROM "TaskCampaignCounter" WHERE NOT archived`,
              )
      }) b
      LEFT JOIN "Campaign" cp ON cp.id = b.key ${RANKED}`,
  ]);

  const at = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms));
  const states = TASK_STATES.map((state) => ({
    state,
    count: Number(figures?.counts?.[state] ?? 0),
    oldestSince: at(figures?.oldest?.[state])?.toISOString() ?? null,
    changeToday: Number(figures?.today?.[state] ?? 0),
  }));

  const asOf = at(figures?.confirmed) ?? at(figures?.people);
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
    if (entry) for (const state of TASK_STATES) entry.entered[state] += Number(row[state]);
  }

  return {
    scope: options.scope,
    generatedAt: now.toISOString(),
    timeZone,
    states,
    asOf: asOf?.toISOString() ?? null,
    behind,
    byRepository: byRepo.map(toBreakdown),
    byCreator: byPeople.filter((row) => row.kind === "person").map(toBreakdown),
    byTeam: byPeople.filter((row) => row.kind === "team").map(toBreakdown),
    byCampaign: byCampaign.map(toBreakdown),
    daily: days,
    overdueTriage: Number(figures?.overdue ?? 0),
    pullOutcomes: Object.fromEntries(
      PULL_OUTCOMES.map((outcome) => [outcome, Number(figures?.outcomes?.[outcome] ?? 0)]),
    ) as Record<PullOutcome, number>,
    queuedTooLong: Number(figures?.stuck ?? 0),
    degraded: Number(figures?.stuck ?? 0) >= DEGRADED_QUEUED_COUNT,
  };
}
