/**
 * A fleet on the emulator, shared by `npm run bench:fleet` and the fleet integration test: many
 * people signed in with encrypted tokens (test/sync-harness.ts), their tasks across many
 * repositories, churn made on GitHub's side, a 5xx outage, and the checks that say whether the
 * store holds exactly what GitHub holds, with every transition recorded once.
 *
 * Every transition the fleet makes ends somewhere that stays put (long queue and run plans), so
 * once the churn stops GitHub's truth is still and "the store matches GitHub" has one answer.
 */
import { createHash } from "node:crypto";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { TaskRecord } from "@/github-emulator/core/model";
import { Random } from "@/github-emulator/core/random";
import { startRecordedTask } from "@/lib/tasks/start-core";
import { watchUser } from "@/lib/sync/schedule";
import { withUserClient } from "@/lib/sync/common";
import { RUNNING_STATES } from "@/lib/task-states";
import type { Harness } from "./sync-harness";

export type FleetShape = {
  people: number;
  tasks: number;
  repos: number;
  /** Tasks of the first person (the fairness check); 0 for none. */
  heavyTasks: number;
  /** Share of people with nothing in flight (their tasks are all finished). */
  settledShare: number;
  seed: number;
};

export type FleetPerson = {
  login: string;
  userId: string;
  githubId: number;
  group: "heavy" | "active" | "settled";
};

const HOURS = 3600;
/** Plans long enough that nothing moves on its own during a run. */
const STILL = { queueSeconds: 4 * HOURS, runSeconds: 4 * HOURS };
const ACTIVE_MIX = {
  completed: 0.6,
  failed: 0.12,
  in_progress: 0.06,
  queued: 0.03,
  waiting_for_user: 0.08,
  idle: 0.05,
  cancelled: 0.04,
  timed_out: 0.02,
};
const SETTLED_MIX = {
  completed: 0.7,
  failed: 0.12,
  waiting_for_user: 0.08,
  cancelled: 0.06,
  timed_out: 0.04,
};

/** Creates the people, repositories and tasks on the emulator and signs everyone in. */
export async function populateFleet(h: Harness, shape: FleetShape): Promise<FleetPerson[]> {
  await h.control("POST", "/users/bulk", { count: shape.people, prefix: "fleet-" });
  await h.control("POST", "/repos/bulk", { org: "acme", count: shape.repos, prefix: "fleet-repo-" });
  const repos = Array.from(
    { length: shape.repos },
    (_, i) => `acme/fleet-repo-${String(i + 1).padStart(4, "0")}`,
  );
  const heavy = shape.people > 1 ? shape.heavyTasks : 0;
  const each = Math.floor((shape.tasks - heavy) / Math.max(1, shape.people - (heavy ? 1 : 0)));
  const settledFrom = shape.people - Math.round(shape.people * shape.settledShare);
  const people: FleetPerson[] = [];
  for (let i = 0; i < shape.people; i++) {
    const login = `fleet-${String(i + 1).padStart(4, "0")}`;
    const group = i === 0 && heavy ? "heavy" : i >= settledFrom ? "settled" : "active";
    // Each person works in a window of 25 repositories; together they cover all of them.
    const start = (i * 25) % shape.repos;
    const mine = Array.from(
      { length: Math.min(25, shape.repos) },
      (_, k) => repos[(start + k) % shape.repos]!,
    );
    await h.control("POST", "/tasks/bulk", {
      login,
      count: group === "heavy" ? heavy : each,
      repos: group === "heavy" ? repos : mine,
      stateMix: group === "settled" ? SETTLED_MIX : ACTIVE_MIX,
      archivedShare: 0.05,
      seed: shape.seed + i,
    });
    const userId = await h.signIn(login);
    people.push({ login, userId, githubId: h.gh.state.store.user(login)!.id, group });
  }
  // Bulk in-flight tasks are planned to move after an hour or more: still for a run.
  return people;
}

function holdStill(h: Harness, task: TaskRecord, state: "queued" | "in_progress") {
  h.gh.state.engine.forceState(task, state, { outcome: "completed", afterSeconds: STILL.runSeconds });
}

/**
 * One minute's churn on GitHub's side: `share` of the in-flight tasks move on (queued → in
 * progress, in progress → completed), and `followUps` settled people's finished tasks get a
 * follow-up session (finished → queued). Returns the transitions made.
 */
export function churn(
  h: Harness,
  people: FleetPerson[],
  random: Random,
  options: { share: number; followUps: number },
) {
  const engine = h.gh.state.engine;
  engine.tick();
  const inFlight = people
    .filter((person) => person.group !== "settled")
    .flatMap((person) => h.gh.state.store.tasksByCreator.get(person.login) ?? [])
    .filter((task) => (RUNNING_STATES as readonly string[]).includes(engine.state(task)));
  let made = 0;
  for (const task of pick(random, inFlight, Math.round(inFlight.length * options.share))) {
    if (engine.state(task) === "queued") holdStill(h, task, "in_progress");
    else engine.forceState(task, "completed");
    made++;
  }
  const settled = people.filter((person) => person.group === "settled");
  for (let i = 0; i < options.followUps && settled.length > 0; i++) {
    const person = settled[random.int(0, settled.length - 1)]!;
    const finished = (h.gh.state.store.tasksByCreator.get(person.login) ?? []).filter(
      (task) =>
        task.archivedAt === null && !(RUNNING_STATES as readonly string[]).includes(engine.state(task)),
    );
    const task = finished[random.int(0, Math.max(0, finished.length - 1))];
    if (!task) continue;
    engine.addFollowUpSession(task, {
      prompt: "@copilot one more thing",
      userLogin: person.login,
      plan: { ...STILL, outcome: "completed" },
    });
    made++;
  }
  return made;
}

function pick<T>(random: Random, items: T[], count: number): T[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, items.length)) chosen.add(random.int(0, items.length - 1));
  return [...chosen].map((index) => items[index]!);
}

/** A start from Switchyard, through the one start path, then the close watch that follows it. */
export async function startFromSwitchyard(h: Harness, person: FleetPerson, repo: string, prompt: string) {
  const [owner, name] = repo.split("/") as [string, string];
  const deps = h.deps("fleet-launcher");
  const outcome = await startRecordedTask(
    h.db,
    { userId: person.userId, login: person.login },
    { owner, repo: name, prompt: `${prompt} [emulator:queue_seconds=${STILL.queueSeconds}]` },
    (work) => withUserClient(deps, person.userId, work),
  );
  if (outcome.status === "started") await watchUser(h.db, person.userId);
  return outcome.status;
}

/**
 * How many tasks differ between the store and GitHub (state, updated_at, archived, session count).
 * The bench's emulator answers the workers from this very process, so the check must not hold its
 * event loop: GitHub's side is read one person at a time with a yield between, and Postgres
 * returns one digest per person (a whole-store read parsed here stalled every request for a second
 * or two); only people whose digests differ are read row by row.
 */
export async function mismatches(
  h: Harness,
  people: FleetPerson[],
  /** Fills with up to five differing tasks: GitHub's key and the store's (state|updated|archived|sessions). */
  sample?: string[],
): Promise<number> {
  const engine = h.gh.state.engine;
  engine.tick();
  // Per person: GitHub's key of each task, and a digest of them in id order.
  const github = new Map<string, { truth: Map<string, string>; digest: string }>();
  for (const person of people) {
    const truth = new Map<string, string>();
    for (const task of h.gh.state.store.tasksByCreator.get(person.login) ?? []) {
      const updated = new Date(Math.floor(engine.updatedAt(task) / 1000) * 1000).toISOString();
      truth.set(
        task.id,
        `${engine.state(task)}|${updated}|${task.archivedAt !== null}|${task.sessions.length}`,
      );
    }
    const ids = [...truth.keys()].sort();
    const digest = createHash("md5")
      .update(ids.map((id) => `${id}=${truth.get(id)}`).join(","))
      .digest("hex");
    github.set(String(person.githubId), { truth, digest });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const key = Prisma.sql`state::text || '|' || to_char("githubUpdatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      || '|' || ("archivedAt" IS NOT NULL)::text || '|' || "sessionCount"::text`;
  const digestRows = await h.db.$queryRaw<{ creator: string; digest: string }[]>`
    SELECT "creatorGithubId"::text AS creator,
      md5(string_agg(id || '=' || ${key}, ',' ORDER BY id COLLATE "C")) AS digest
    FROM "Task" WHERE "creatorGithubId" = ANY(${people.map((person) => BigInt(person.githubId))})
    GROUP BY 1`;
  const storedDigest = new Map(digestRows.map((row) => [row.creator, row.digest]));
  let different = 0;
  for (const [creator, { truth, digest }] of github) {
    // Postgres has no row for a person with no tasks stored.
    const stored = storedDigest.get(creator);
    if (stored === digest || (stored === undefined && truth.size === 0)) continue;
    const rows = await h.db.$queryRaw<{ id: string; key: string }[]>`
      SELECT id, ${key} AS key FROM "Task" WHERE "creatorGithubId" = ${BigInt(creator)}`;
    different += Math.abs(truth.size - rows.length);
    for (const row of rows)
      if (truth.get(row.id) !== row.key) {
        different++;
        if (sample && sample.length < 5)
          sample.push(`${row.id}: GitHub ${truth.get(row.id)}, store ${row.key}`);
      }
  }
  return different;
}

/**
 * Lost and duplicated transitions in the store. Each task's recorded changes must form one chain:
 * the first from nothing, each from the state the one before went to, the last to the task's
 * state; a break is a lost transition. A change to the state it came from, or a change recorded
 * twice for the same GitHub update, is a duplicate.
 */
export async function transitionAudit(db: PrismaClient, people: FleetPerson[]) {
  const [row] = await db.$queryRaw<{ tasks: bigint; changes: bigint; lost: bigint; dup: bigint }[]>`
    WITH mine AS (
      SELECT t.id, t.state FROM "Task" t WHERE t."creatorGithubId" = ANY(${people.map((person) => BigInt(person.githubId))})
    ), chain AS (
      SELECT c."taskId", c."fromState", c."toState", c."githubUpdatedAt",
        lag(c."toState") OVER w AS previous, row_number() OVER w AS n,
        row_number() OVER (PARTITION BY c."taskId" ORDER BY c.id DESC) AS from_end
      FROM "TaskStateChange" c JOIN mine m ON m.id = c."taskId"
      WINDOW w AS (PARTITION BY c."taskId" ORDER BY c.id)
    )
    SELECT (SELECT count(*) FROM mine) AS tasks,
      (SELECT count(*) FROM chain) AS changes,
      (SELECT count(*) FROM chain WHERE (n = 1 AND "fromState" IS NOT NULL)
                                     OR (n > 1 AND "fromState" IS DISTINCT FROM previous))
        + (SELECT count(*) FROM mine m WHERE NOT EXISTS (
             SELECT 1 FROM chain c WHERE c."taskId" = m.id AND c.from_end = 1 AND c."toState" = m.state)) AS lost,
      (SELECT count(*) FROM chain WHERE "fromState" = "toState")
        + (SELECT count(*) - count(DISTINCT ("taskId", "githubUpdatedAt", "toState")) FROM chain) AS dup`;
  return {
    tasks: Number(row!.tasks),
    changes: Number(row!.changes),
    lost: Number(row!.lost),
    dup: Number(row!.dup),
  };
}

/**
 * Seconds from GitHub's `updated_at` (whole seconds) to the change's row in Postgres, for every
 * change GitHub made in [from, to): the heavy person apart, a settled person's first move out of a
 * finished state as "settled", everything else "active".
 */
export async function freshness(db: PrismaClient, people: FleetPerson[], from: Date, to: Date) {
  const groups = new Map(people.map((person) => [BigInt(person.githubId), person.group]));
  const rows = await db.$queryRaw<{ creator: bigint; fromState: string | null; lag: number }[]>`
    SELECT t."creatorGithubId" AS creator, c."fromState"::text AS "fromState",
      extract(epoch FROM c."observedAt" - c."githubUpdatedAt")::float8 AS lag
    FROM "TaskStateChange" c JOIN "Task" t ON t.id = c."taskId"
    WHERE c."githubUpdatedAt" >= ${from} AND c."githubUpdatedAt" < ${to}
      AND t."creatorGithubId" = ANY(${[...groups.keys()]})`;
  const result = { active: [] as number[], settled: [] as number[], heavy: [] as number[] };
  for (const row of rows) {
    const group = groups.get(row.creator);
    const running = row.fromState !== null && (RUNNING_STATES as readonly string[]).includes(row.fromState);
    if (group === "heavy") result.heavy.push(row.lag);
    else if (group === "settled" && row.fromState !== null && !running) result.settled.push(row.lag);
    else result.active.push(row.lag);
  }
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * People whose sync has not succeeded since `since` (GitHub's recovery), after waiting up to
 * `timeoutSeconds` for them: a schedule stuck in backoff shows here.
 */
export async function notSyncedSince(db: PrismaClient, since: Date, timeoutSeconds: number): Promise<number> {
  const count = () =>
    db.userSyncState.count({ where: { OR: [{ lastSuccessAt: null }, { lastSuccessAt: { lt: since } }] } });
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline && (await count()) > 0)
    await new Promise((resolve) => setTimeout(resolve, 500));
  return count();
}

/** Outage: every GitHub API request answers 503 until `endOutage`. */
export async function startOutage(h: Harness) {
  await h.control("POST", "/faults", { type: "status", status: 503, path: "**", probability: 1 });
}
export async function endOutage(h: Harness) {
  await h.control("DELETE", "/faults");
}

/** Waits until the store matches GitHub; the seconds it took, or null at the deadline. */
export async function secondsUntilMatch(
  h: Harness,
  people: FleetPerson[],
  timeoutSeconds: number,
  pollMs = 1000,
): Promise<number | null> {
  const started = Date.now();
  let reported = started;
  while (Date.now() - started < timeoutSeconds * 1000) {
    const sample: string[] = [];
    const different = await mismatches(h, people, sample);
    if (different === 0) return (Date.now() - started) / 1000;
    // A long wait says every minute what still differs, and how.
    if (Date.now() - reported >= 60_000) {
      reported = Date.now();
      console.info(
        `    ${Math.round((reported - started) / 1000)} s: ${different} tasks differ, e.g. ${sample.slice(0, 3).join("; ")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return null;
}
