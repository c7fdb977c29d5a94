import type { EmulatorOptions } from "../core/options";
import type { Outcome, UserRecord } from "../core/model";
import { Random } from "../core/random";
import { DEFAULT_WEIGHTS } from "../core/scenarios";
import type { EmulatorData, RuntimeSettings, Store } from "../core/store";
import type { TaskEngine } from "../core/tasks";
import { SEED_ORG, SEED_TEAMS, SEED_USERS } from "./people";
import { buildSeedRepos, SEED_REPO_ID_BASE, REPO_SEEDS } from "./repos";
import { SEED_PROMPTS } from "./prompts";

/** Fixed creation dates keep user/org/repo payloads byte-stable across runs. */
const SEED_EPOCH = Date.UTC(2021, 0, 4, 9, 0, 0);

export function settingsFromOptions(options: EmulatorOptions): RuntimeSettings {
  return {
    tokenMode: options.tokenMode,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds,
    speed: options.speed,
    primaryRateLimit: options.primaryRateLimit,
    secondaryCreateLimitPerMinute: options.secondaryCreateLimitPerMinute,
    taskTimeoutMinutes: options.taskTimeoutMinutes,
    scenarioWeights: { ...DEFAULT_WEIGHTS, ...options.scenarioWeights },
    primaryLimitStatus: options.primaryLimitStatus,
    secondaryLimitStatus: options.secondaryLimitStatus,
  };
}

/** Users, organization, teams and repositories (no tasks yet). */
export function buildSeedData(options: EmulatorOptions, now: number): EmulatorData {
  const users: UserRecord[] = SEED_USERS.map((user, index) => ({
    ...user,
    emails: user.emails.map((email) => ({ ...email })),
    createdAt: SEED_EPOCH - (400 - index * 30) * 86_400_000,
  }));
  return {
    version: 1,
    startedAt: now,
    clockOffsetMs: 0,
    settings: settingsFromOptions(options),
    users,
    orgs: [{ ...SEED_ORG, members: { ...SEED_ORG.members }, createdAt: SEED_EPOCH - 500 * 86_400_000 }],
    teams: SEED_TEAMS.map((team) => ({ ...team, members: { ...team.members } })),
    repos: buildSeedRepos(SEED_EPOCH),
    pulls: [],
    tokens: [],
    codes: [],
    tasks: [],
    nextRepoId: SEED_REPO_ID_BASE + REPO_SEEDS.length + 1000,
    nextPullId: 2_400_000_001,
    reviews: [],
    checkRuns: [],
    statuses: [],
    workflowRuns: [],
    nextActivityId: 3_100_000_001,
  };
}

/**
 * A state file written before the seed grew (a new person, a new repository) gets what it lacks,
 * matched by id, so `npm run dev` shows new seed people without wiping anyone's tasks.
 */
export function addMissingSeed(data: EmulatorData, options: EmulatorOptions): EmulatorData {
  const seed = buildSeedData(options, data.startedAt);
  const userIds = new Set(data.users.map((user) => user.id));
  const repoIds = new Set(data.repos.map((repo) => repo.id));
  data.users.push(...seed.users.filter((user) => !userIds.has(user.id)));
  data.repos.push(...seed.repos.filter((repo) => !repoIds.has(repo.id)));
  return data;
}

const OUTCOME_MIX: Outcome[] = [
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "failed",
  "failed",
  "waiting_for_user",
  "idle",
  "cancelled",
  "timed_out",
  "completed",
];

const DAY = 86_400_000;

/**
 * ~60 historical tasks for alice and bob over the last 14 days (relative to `now`), plus a few
 * live ones created in the last minutes so a fresh demo shows tasks moving.
 */
export function seedTasks(store: Store, engine: TaskEngine, now: number, seed: number): void {
  const random = new Random(seed * 7919 + 17);
  const creators = ["alice", "bob"] as const;
  const writableRepos = Object.fromEntries(
    creators.map((login) => [
      login,
      store.data.repos.filter(
        (r) =>
          r.ownerType === "Organization" && ["write", "admin"].includes(store.permission(login, r) ?? ""),
      ),
    ]),
  ) as Record<(typeof creators)[number], typeof store.data.repos>;

  for (let i = 0; i < 60; i++) {
    const login = creators[i % 2]!;
    const repo = random.pick(writableRepos[login]);
    const prompt = SEED_PROMPTS[(i * 7 + 3) % SEED_PROMPTS.length]!;
    const live = i < 6;
    // Live tasks: created 0-3 minutes ago so they move while someone looks at the demo.
    const createdAt = live ? now - i * 30_000 : now - Math.round((0.05 + random.next() * 13.9) * DAY);
    const outcome = live
      ? random.pick<Outcome>(["completed", "completed", "failed", "waiting_for_user"])
      : random.pick(OUTCOME_MIX);
    const task = engine.createTask({
      repo,
      creatorLogin: login,
      prompt,
      model:
        random.next() < 0.4
          ? random.pick(["claude-opus-4.6", "gpt-5.4", "gpt-5.2-codex", "claude-sonnet-4.5"])
          : undefined,
      createPullRequest: random.next() < 0.7,
      baseRef: repo.defaultBranch,
      customAgent:
        i % 11 === 4 && repo.files[".github/agents/accessibility-reviewer.agent.md"]
          ? "accessibility-reviewer"
          : undefined,
      createdAt,
      id: random.uuid(),
      sessionId: random.uuid(),
      plan: {
        outcome,
        queueSeconds: live ? 20 + i * 5 : 4 + random.int(0, 40),
        runSeconds: outcome === "timed_out" ? 3600 : live ? 90 + i * 30 : random.int(180, 1800),
      },
    });
    const pull = engine.taskPull(task);
    const finishedAt = engine.updatedAt(task);
    if (pull && pull.state === "open" && engine.state(task) === "completed") {
      const roll = random.next();
      const decidedAt = finishedAt + random.int(1, 20) * 3_600_000;
      if (roll < 0.5 && decidedAt < now) {
        Object.assign(pull, {
          state: "closed",
          merged: true,
          mergedAt: decidedAt,
          mergedBy: login,
          closedAt: decidedAt,
          updatedAt: decidedAt,
        });
      } else if (roll < 0.6 && decidedAt < now) {
        Object.assign(pull, { state: "closed", closedAt: decidedAt, updatedAt: decidedAt });
      }
    }
    // A follow-up session on some completed tasks: session_count 2.
    if (!live && i % 9 === 2 && engine.state(task) === "completed" && finishedAt + 3_600_000 < now) {
      engine.addFollowUpSession(task, {
        prompt: "@copilot please also add tests for the edge cases you mentioned",
        userLogin: login,
        createdAt: finishedAt + 3_600_000,
        plan: { outcome: "completed", queueSeconds: 5, runSeconds: 600 },
      });
    }
    if (!live && createdAt < now - 7 * DAY && i % 4 === 1) {
      task.archivedAt = Math.max(engine.updatedAt(task), createdAt + 5 * DAY);
      task.touchedAt = task.archivedAt;
    }
  }

  // Three archived tasks from before June 2026: their sessions report premium_requests usage.
  const legacyRepo = store.repo("acme", "legacy-monolith")!;
  for (let i = 0; i < 3; i++) {
    const task = engine.createTask({
      repo: legacyRepo,
      creatorLogin: "alice",
      prompt: SEED_PROMPTS[i]!,
      createPullRequest: true,
      baseRef: legacyRepo.defaultBranch,
      createdAt: Date.UTC(2026, 4, 10 + i * 4, 14, 0, 0),
      id: random.uuid(),
      sessionId: random.uuid(),
      plan: { outcome: "completed", queueSeconds: 10, runSeconds: 900 },
    });
    engine.latestSession(task).premiumRequests = i === 1 ? 1.5 : 1;
    task.archivedAt = Date.UTC(2026, 4, 20 + i, 9, 0, 0);
    task.touchedAt = task.archivedAt;
  }
}
