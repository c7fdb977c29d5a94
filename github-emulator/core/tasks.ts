import { randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import { MinHeap } from "./heap";
import {
  TERMINAL_STATES,
  type Outcome,
  type PullRecord,
  type RepoRecord,
  type SessionRecord,
  type TaskRecord,
  type TaskState,
} from "./model";
import { branchSha } from "../seed/repos";
import type { PullActivity } from "./pulls";
import { branchSlug, planSession, taskName, type SessionPlan } from "./scenarios";
import type { RuntimeSettings, Store } from "./store";

export interface CreateTaskInput {
  repo: RepoRecord;
  creatorLogin: string;
  prompt: string;
  model?: string;
  customAgent?: string;
  createPullRequest: boolean;
  baseRef: string;
  headRef?: string;
  /** Defaults to now; seed and bulk creation put tasks in the past. */
  createdAt?: number;
  id?: string;
  sessionId?: string;
  /** Overrides the scenario (bulk creation, seed). */
  plan?: Partial<SessionPlan>;
}

/** Owns the task lifecycle: planning, lazy transitions on a heap of due times, and control actions. */
export class TaskEngine {
  private readonly due = new MinHeap<string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: () => RuntimeSettings,
    private readonly activity: PullActivity,
  ) {
    this.rebuildSchedule();
  }

  rebuildSchedule(): void {
    this.due.clear();
    for (const task of this.store.data.tasks) this.schedule(task);
  }

  // --- derived views ------------------------------------------------------------------

  latestSession(task: TaskRecord): SessionRecord {
    const session = task.sessions[task.sessions.length - 1];
    if (!session) throw new Error(`task ${task.id} has no sessions`);
    return session;
  }

  sessionState(session: SessionRecord): TaskState {
    return session.phases[Math.max(0, session.applied - 1)]!.state;
  }

  sessionUpdatedAt(session: SessionRecord): number {
    return session.phases[Math.max(0, session.applied - 1)]!.at;
  }

  /** A task's state is the state of its most recent session. */
  state(task: TaskRecord): TaskState {
    return this.sessionState(this.latestSession(task));
  }

  updatedAt(task: TaskRecord): number {
    return Math.max(task.touchedAt, this.sessionUpdatedAt(this.latestSession(task)));
  }

  completedAt(session: SessionRecord): number | null {
    const state = this.sessionState(session);
    return TERMINAL_STATES.has(state) ? this.sessionUpdatedAt(session) : null;
  }

  /** ai_credits in nano units: grows while the session is in progress. */
  usageNanos(session: SessionRecord, now: number): number {
    let total = 0;
    for (let i = 0; i < session.applied; i++) {
      const phase = session.phases[i]!;
      if (phase.state !== "in_progress") continue;
      const end = i + 1 < session.applied ? session.phases[i + 1]!.at : now;
      total += Math.max(0, end - phase.at) / 1000;
    }
    // Scale back to task-clock seconds so a sped-up emulator still reports realistic credits.
    return Math.round(total * this.settings().speed * session.creditsPerSecond);
  }

  // --- creation -----------------------------------------------------------------------

  createTask(input: CreateTaskInput): TaskRecord {
    const now = this.clock.now();
    const createdAt = input.createdAt ?? now;
    const settings = this.settings();
    const name = taskName(input.prompt);
    const existingPull = input.headRef
      ? this.store.openPullForBranch(input.repo.id, input.headRef, input.baseRef)
      : undefined;
    const task: TaskRecord = {
      id: input.id ?? randomUUID(),
      repoId: input.repo.id,
      creatorLogin: input.creatorLogin,
      name,
      customAgent: input.customAgent ?? null,
      createPullRequest: input.createPullRequest || existingPull !== undefined,
      createdAt,
      touchedAt: createdAt,
      archivedAt: null,
      sessions: [],
      artifacts: [],
    };
    if (input.headRef) {
      // Continuing an existing branch (and its PR, if one is open) instead of creating a new one.
      task.artifacts.push({ type: "branch", headRef: input.headRef, baseRef: input.baseRef });
      if (existingPull) task.artifacts.push({ type: "pull", pullId: existingPull.id });
    }
    const headRef = input.headRef ?? this.uniqueBranch(input.repo, branchSlug(name));
    task.sessions.push(
      this.newSession(task, {
        repo: input.repo,
        prompt: input.prompt,
        userLogin: input.creatorLogin,
        baseRef: input.baseRef,
        headRef,
        createsBranch: !input.headRef,
        requestedModel: input.model,
        createdAt,
        sessionId: input.sessionId,
        planOverride: input.plan,
        settings,
      }),
    );
    this.store.addTask(task);
    this.advanceTask(task, now);
    this.schedule(task);
    return task;
  }

  private newSession(
    task: TaskRecord,
    input: {
      repo: RepoRecord;
      prompt: string;
      userLogin: string;
      baseRef: string;
      headRef: string;
      createsBranch: boolean;
      requestedModel: string | undefined;
      createdAt: number;
      sessionId?: string;
      planOverride?: Partial<SessionPlan>;
      settings: RuntimeSettings;
    },
  ): SessionRecord {
    const plan: SessionPlan = {
      ...planSession({
        repoFullName: `${input.repo.owner}/${input.repo.name}`,
        prompt: input.prompt,
        requestedModel: input.requestedModel,
        weights: input.settings.scenarioWeights,
        timeoutMinutes: input.settings.taskTimeoutMinutes,
        salt: task.sessions.length > 0 ? `#${task.sessions.length}` : "",
      }),
      ...input.planOverride,
    };
    const speed = input.settings.speed;
    const startAt = input.createdAt + Math.round((plan.queueSeconds * 1000) / speed);
    const endAt = startAt + Math.round((plan.runSeconds * 1000) / speed);
    return {
      id: input.sessionId ?? randomUUID(),
      name: taskName(input.prompt),
      prompt: input.prompt,
      userLogin: input.userLogin,
      baseRef: input.baseRef,
      headRef: input.headRef,
      model: plan.model,
      createdAt: input.createdAt,
      phases: [
        { state: "queued", at: input.createdAt },
        { state: "in_progress", at: startAt },
        { state: plan.outcome, at: endAt },
      ],
      applied: 0,
      creditsPerSecond: plan.creditsPerSecond,
      plannedOutcome: plan.outcome,
      failure: plan.failure,
      errorMessage: plan.errorMessage,
      question: plan.question,
      createsBranch: input.createsBranch,
    };
  }

  /** A follow-up session on the same task (what an `@copilot` PR comment or a steer does). */
  addFollowUpSession(
    task: TaskRecord,
    input: { prompt: string; userLogin: string; plan?: Partial<SessionPlan>; createdAt?: number },
  ): TaskRecord {
    const repo = this.store.reposById.get(task.repoId)!;
    const previous = this.latestSession(task);
    const now = this.clock.now();
    this.advanceTask(task, now);
    task.sessions.push(
      this.newSession(task, {
        repo,
        prompt: input.prompt,
        userLogin: input.userLogin,
        baseRef: previous.baseRef,
        headRef: previous.headRef,
        createsBranch: false,
        requestedModel: undefined,
        createdAt: input.createdAt ?? now,
        planOverride: input.plan,
        settings: this.settings(),
      }),
    );
    this.advanceTask(task, now);
    this.schedule(task);
    this.store.touch();
    return task;
  }

  private uniqueBranch(repo: RepoRecord, base: string): string {
    if (!repo.branches[base]) return base;
    for (let n = 2; ; n++) if (!repo.branches[`${base}-${n}`]) return `${base}-${n}`;
  }

  // --- time ---------------------------------------------------------------------------

  private schedule(task: TaskRecord): void {
    const session = this.latestSession(task);
    const next = session.phases[session.applied];
    if (next) this.due.push(next.at, task.id);
  }

  /** Applies every transition that is due; called at the start of each request. */
  tick(now = this.clock.now()): number {
    let changed = 0;
    for (let key = this.due.peekKey(); key !== undefined && key <= now; key = this.due.peekKey()) {
      const entry = this.due.pop()!;
      const task = this.store.tasksById.get(entry.value);
      if (!task) continue;
      if (this.advanceTask(task, now)) changed++;
      this.schedule(task);
    }
    if (changed > 0) this.store.touch();
    this.activity.settle(now);
    return changed;
  }

  /** Applies due phases of the latest session; earlier sessions are always complete. */
  private advanceTask(task: TaskRecord, now: number): boolean {
    const session = this.latestSession(task);
    let changed = false;
    while (session.applied < session.phases.length && session.phases[session.applied]!.at <= now) {
      const phase = session.phases[session.applied]!;
      session.applied++;
      this.onEnter(task, session, phase.state, phase.at);
      changed = true;
    }
    return changed;
  }

  private onEnter(task: TaskRecord, session: SessionRecord, state: TaskState, at: number): void {
    const repo = this.store.reposById.get(task.repoId);
    if (!repo) return;
    if (state === "in_progress") {
      if (session.createsBranch && !repo.branches[session.headRef]) {
        repo.branches[session.headRef] = branchSha(`${repo.owner}/${repo.name}`, session.headRef, task.id);
        repo.pushedAt = at;
      }
      if (!task.artifacts.some((a) => a.type === "branch")) {
        task.artifacts.push({ type: "branch", headRef: session.headRef, baseRef: session.baseRef });
      }
      if (task.createPullRequest && !this.taskPull(task)) this.openPull(task, session, repo, at, true);
      const pull = this.taskPull(task);
      if (pull && pull.state === "open") {
        pull.updatedAt = at;
        pull.commits += 1;
      }
    }
    if (state === "completed") {
      if (task.createPullRequest) {
        const pull = this.taskPull(task) ?? this.openPull(task, session, repo, at, false);
        if (pull.state === "open") {
          pull.draft = false;
          pull.title = task.name;
          pull.updatedAt = at;
          pull.commits += 2;
          pull.additions += 40 + (pull.number % 120);
          pull.deletions += 5 + (pull.number % 30);
          pull.changedFiles += 1 + (pull.number % 6);
          pull.headSha = branchSha(`${repo.owner}/${repo.name}`, pull.headRef, `${task.id}:${at}`);
          if (!pull.requestedReviewers.includes(task.creatorLogin))
            pull.requestedReviewers.push(task.creatorLogin);
          this.activity.requestCodeOwnerReviews(repo, pull);
          this.activity.onPush(repo, pull, "Copilot", at);
        }
      }
      repo.branches[session.headRef] = branchSha(
        `${repo.owner}/${repo.name}`,
        session.headRef,
        `${task.id}:${at}`,
      );
      repo.pushedAt = at;
    }
  }

  taskPull(task: TaskRecord): PullRecord | undefined {
    const artifact = task.artifacts.find((a) => a.type === "pull");
    return artifact?.pullId !== undefined ? this.store.pullsById.get(artifact.pullId) : undefined;
  }

  private openPull(task: TaskRecord, session: SessionRecord, repo: RepoRecord, at: number, draft: boolean) {
    const pull: PullRecord = {
      id: this.store.data.nextPullId++,
      number: repo.nextNumber++,
      repoId: repo.id,
      title: draft ? `[WIP] ${task.name}` : task.name,
      body: `${draft ? "Copilot is working on this task.\n\n" : ""}Original prompt:\n\n> ${session.prompt.split("\n").join("\n> ")}\n\nCreated by Copilot cloud agent for @${task.creatorLogin}.`,
      headRef: session.headRef,
      baseRef: session.baseRef,
      headSha:
        repo.branches[session.headRef] ?? branchSha(`${repo.owner}/${repo.name}`, session.headRef, task.id),
      baseSha: repo.branches[session.baseRef] ?? branchSha(`${repo.owner}/${repo.name}`, session.baseRef),
      userLogin: "Copilot",
      state: "open",
      draft,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      closedAt: null,
      createdAt: at,
      updatedAt: at,
      requestedReviewers: draft ? [] : [task.creatorLogin],
      requestedTeams: [],
      assignees: [task.creatorLogin],
      additions: 0,
      deletions: 0,
      changedFiles: 0,
      commits: 1,
    };
    this.store.addPull(pull);
    task.artifacts.push({ type: "pull", pullId: pull.id });
    task.touchedAt = Math.max(task.touchedAt, at);
    return pull;
  }

  // --- control actions ----------------------------------------------------------------

  /**
   * Moves the latest session to `state` right now and drops the planned future. Forcing `queued` or
   * `in_progress` resumes towards an outcome: `then` if given, else the planned outcome (completed
   * when the plan was waiting_for_user/idle) after 5 s queued / 60 s running, task clock.
   */
  forceState(task: TaskRecord, state: TaskState, then?: { outcome: Outcome; afterSeconds: number }): void {
    const now = this.clock.now();
    this.tick(now);
    const speed = this.settings().speed;
    const session = this.latestSession(task);
    session.phases = session.phases.slice(0, session.applied);
    const last = session.phases[session.phases.length - 1];
    const at = Math.max(now, last?.at ?? now);
    session.phases.push({ state, at });
    if (state === "queued" || state === "in_progress") {
      const resume: Outcome =
        then?.outcome ??
        (session.plannedOutcome === "waiting_for_user" || session.plannedOutcome === "idle"
          ? "completed"
          : session.plannedOutcome);
      let cursor = at;
      if (state === "queued") {
        cursor += Math.round(5000 / speed);
        session.phases.push({ state: "in_progress", at: cursor });
      }
      cursor += Math.round(((then?.afterSeconds ?? 60) * 1000) / speed);
      session.phases.push({ state: resume, at: cursor });
      session.plannedOutcome = resume;
    } else {
      session.plannedOutcome = state as Outcome;
    }
    this.prepareOutcomeDetails(task, session);
    this.advanceTask(task, now);
    this.schedule(task);
    this.store.touch();
  }

  /**
   * Answers the question a waiting_for_user session asked: the session goes back to work and
   * finishes as a forced `in_progress` does (its planned outcome, `completed` for a question).
   */
  answer(task: TaskRecord, text: string): void {
    const session = this.latestSession(task);
    session.answer = { text, at: this.clock.now() };
    this.forceState(task, "in_progress");
  }

  /** Replaces the planned outcome (keeping its time), or applies it now if nothing is pending. */
  setNextState(task: TaskRecord, state: Outcome): void {
    const now = this.clock.now();
    this.tick(now);
    const session = this.latestSession(task);
    const last = session.phases[session.phases.length - 1]!;
    if (session.phases.length === session.applied) {
      this.forceState(task, state);
      return;
    }
    last.state = state;
    session.plannedOutcome = state;
    this.prepareOutcomeDetails(task, session);
    this.schedule(task);
    this.store.touch();
  }

  private prepareOutcomeDetails(task: TaskRecord, session: SessionRecord): void {
    const repo = this.store.reposById.get(task.repoId)!;
    const plan = planSession({
      repoFullName: `${repo.owner}/${repo.name}`,
      prompt: session.prompt,
      requestedModel: session.model,
      weights: this.settings().scenarioWeights,
      timeoutMinutes: this.settings().taskTimeoutMinutes,
    });
    if (session.plannedOutcome === "failed") {
      session.failure ??= plan.failure ?? "tests";
      session.errorMessage ??=
        plan.errorMessage ??
        "Copilot stopped after repeated test failures: 3 tests are still failing on the branch.";
    }
    if (session.plannedOutcome === "waiting_for_user") {
      session.question ??=
        plan.question ?? "Should the new endpoint be versioned under /v2, or replace the existing /v1 route?";
    }
  }

  setArchived(task: TaskRecord, archived: boolean): void {
    const now = this.clock.now();
    task.archivedAt = archived ? (task.archivedAt ?? now) : null;
    task.touchedAt = now;
    this.store.touch();
  }

  /** Whether the session has a visible error (only failed sessions expose `error`). */
  sessionError(session: SessionRecord): string | null {
    return this.sessionState(session) === "failed" ? (session.errorMessage ?? "agent task failed") : null;
  }

  /** Internal details for the control API. */
  describe(task: TaskRecord) {
    const now = this.clock.now();
    const repo = this.store.reposById.get(task.repoId)!;
    return {
      id: task.id,
      repository: `${repo.owner}/${repo.name}`,
      creator: task.creatorLogin,
      state: this.state(task),
      archived: task.archivedAt !== null,
      pull_request: this.taskPull(task)?.number ?? null,
      sessions: task.sessions.map((s) => ({
        id: s.id,
        state: this.sessionState(s),
        planned_outcome: s.plannedOutcome,
        failure: s.failure,
        error_message: s.errorMessage,
        question: s.plannedOutcome === "waiting_for_user" ? s.question : null,
        model: s.model,
        head_ref: s.headRef,
        base_ref: s.baseRef,
        usage_nanos: this.usageNanos(s, now),
        phases: s.phases.map((p, i) => ({
          state: p.state,
          at: new Date(p.at).toISOString(),
          applied: i < s.applied,
        })),
      })),
    };
  }
}
