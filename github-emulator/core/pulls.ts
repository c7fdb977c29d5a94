import type { Clock } from "./clock";
import type {
  CheckConclusion,
  CheckRunRecord,
  PullRecord,
  RepoRecord,
  ReviewState,
  WorkflowRunRecord,
} from "./model";
import type { RuntimeSettings, Store } from "./store";

/** Where GitHub looks for CODEOWNERS, in the order it looks. */
const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];
/** How long an approved workflow's jobs run before concluding (task clock). */
const CHECK_RUN_SECONDS = 45;

/**
 * What happens on a pull request after it is opened: Actions runs on pushes (waiting for approval
 * when Copilot pushed), their check runs, commit statuses, reviews and code-owner review requests.
 */
export class PullActivity {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: () => RuntimeSettings,
  ) {}

  /**
   * Owners of the repository's catch-all rule: the emulator's commits carry no file list, so the
   * last rule matching every path (`*`, `/`, `**`) stands for the files a PR touches.
   */
  codeOwners(repo: RepoRecord): { users: string[]; teams: string[] } {
    const file = CODEOWNERS_PATHS.map((path) => repo.files[path]).find((text) => text !== undefined);
    let owners: string[] = [];
    for (const line of (file ?? "").split("\n")) {
      const [pattern, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
      if (pattern === "*" || pattern === "/" || pattern === "**" || pattern === "/**") owners = names;
    }
    const users: string[] = [];
    const teams: string[] = [];
    for (const owner of owners) {
      const team = /^@([^/]+)\/(.+)$/.exec(owner);
      if (team && team[1]!.toLowerCase() === repo.owner.toLowerCase() && this.store.team(team[1]!, team[2]!))
        teams.push(team[2]!.toLowerCase());
      else if (!team && owner.startsWith("@") && this.store.user(owner.slice(1)))
        users.push(this.store.user(owner.slice(1))!.login);
    }
    return { users, teams };
  }

  /** GitHub requests review from the code owners when a PR becomes ready (never from its author). */
  requestCodeOwnerReviews(repo: RepoRecord, pull: PullRecord): void {
    const { users, teams } = this.codeOwners(repo);
    for (const login of users)
      if (login !== pull.userLogin && !pull.requestedReviewers.includes(login))
        pull.requestedReviewers.push(login);
    for (const slug of teams) if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
  }

  /** Workflows a push triggers: every workflow file except Copilot's own setup steps. */
  private workflows(repo: RepoRecord): string[] {
    return Object.keys(repo.files)
      .filter((path) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path))
      .filter((path) => !path.endsWith("/copilot-setup-steps.yml"))
      .sort();
  }

  /**
   * A push to a PR's head: one `pull_request` run per workflow. Copilot's pushes wait for approval;
   * anyone else's run at once.
   */
  onPush(repo: RepoRecord, pull: PullRecord, actorLogin: string, at: number): void {
    const copilot = actorLogin === "Copilot";
    for (const path of this.workflows(repo)) {
      if (
        this.store.data.workflowRuns.some(
          (r) => r.repoId === repo.id && r.headSha === pull.headSha && r.path === path,
        )
      )
        continue;
      const previous = this.store.data.workflowRuns.filter((r) => r.repoId === repo.id && r.path === path);
      const run: WorkflowRunRecord = {
        id: this.store.nextActivityId(),
        repoId: repo.id,
        workflowId: workflowId(repo, path),
        path,
        name: workflowName(repo.files[path] ?? "", path),
        runNumber: previous.length + 1,
        event: "pull_request",
        headBranch: pull.headRef,
        headSha: pull.headSha,
        actorLogin,
        status: "completed",
        conclusion: "action_required",
        pullId: pull.id,
        createdAt: at,
        updatedAt: at,
        approvedBy: null,
      };
      this.store.data.workflowRuns.push(run);
      if (!copilot) this.start(run, at);
    }
    this.store.touch();
  }

  /** Approving a run that waits: it queues and its jobs start (they conclude `success` by default). */
  approve(run: WorkflowRunRecord, login: string): boolean {
    if (run.conclusion !== "action_required") return false;
    run.approvedBy = login;
    this.start(run, this.clock.now());
    this.store.touch();
    return true;
  }

  /** Approves every run waiting on the PR's head commit (the "Approve and run workflows" button). */
  approveAll(repo: RepoRecord, pull: PullRecord, login: string): void {
    for (const run of this.store.workflowRunsOf(repo.id))
      if (run.headSha === pull.headSha) this.approve(run, login);
  }

  private start(run: WorkflowRunRecord, at: number): void {
    run.status = "in_progress";
    run.conclusion = null;
    run.updatedAt = at;
    const speed = this.settings().speed;
    const check: CheckRunRecord = {
      id: this.store.nextActivityId(),
      repoId: run.repoId,
      headSha: run.headSha,
      name: run.name === "CI" ? "build" : `${run.name} / build`,
      status: "in_progress",
      conclusion: null,
      planned: { conclusion: "success", at: at + Math.round((CHECK_RUN_SECONDS * 1000) / speed) },
      startedAt: at,
      completedAt: null,
      workflowRunId: run.id,
    };
    this.store.data.checkRuns.push(check);
  }

  /** Concludes every check on `sha` now (approving runs that wait first); returns how many. */
  conclude(repo: RepoRecord, sha: string, conclusion: CheckConclusion, login: string): number {
    for (const run of this.store.workflowRunsOf(repo.id)) if (run.headSha === sha) this.approve(run, login);
    const now = this.clock.now();
    const checks = this.store.checkRunsFor(repo.id, sha);
    for (const check of checks) this.complete(check, conclusion, now);
    this.store.touch();
    return checks.length;
  }

  private complete(check: CheckRunRecord, conclusion: CheckConclusion, at: number): void {
    check.status = "completed";
    check.conclusion = conclusion;
    check.completedAt = at;
    check.planned = null;
    const run = this.store.data.workflowRuns.find((r) => r.id === check.workflowRunId);
    if (
      run &&
      this.store.data.checkRuns.every((c) => c.workflowRunId !== run.id || c.status === "completed")
    ) {
      run.status = "completed";
      run.conclusion = this.store.data.checkRuns.some(
        (c) => c.workflowRunId === run.id && c.conclusion === "failure",
      )
        ? "failure"
        : conclusion;
      run.updatedAt = at;
    }
  }

  /** Applies planned conclusions that are due (lazily, like task transitions). */
  settle(now = this.clock.now()): void {
    let changed = false;
    for (const check of this.store.data.checkRuns) {
      if (check.planned && check.planned.at <= now) {
        this.complete(check, check.planned.conclusion, check.planned.at);
        changed = true;
      }
    }
    if (changed) this.store.touch();
  }

  /** Merge, close or reopen; returns why not (GitHub's status and words) or null when done. */
  act(
    repo: RepoRecord,
    pull: PullRecord,
    action: "merge" | "close" | "reopen",
    login?: string,
  ): { status: number; message: string } | null {
    const now = this.clock.now();
    if (action === "reopen") {
      if (pull.merged) return { status: 422, message: "A merged pull request cannot be reopened" };
      Object.assign(pull, { state: "open", closedAt: null });
    } else {
      if (pull.state !== "open") return { status: 405, message: "Pull Request is not open" };
      pull.state = "closed";
      pull.closedAt = now;
      if (action === "merge") {
        pull.merged = true;
        pull.mergedAt = now;
        pull.draft = false;
        pull.mergedBy = login ?? pull.requestedReviewers[0] ?? pull.assignees[0] ?? null;
        repo.branches[pull.baseRef] = pull.headSha;
      }
    }
    pull.updatedAt = now;
    this.store.touch();
    return null;
  }

  /** A submitted review; like GitHub it clears the reviewer's pending request and bumps the PR. */
  review(pull: PullRecord, login: string, state: ReviewState, body: string): void {
    const now = this.clock.now();
    this.store.data.reviews.push({
      id: this.store.nextActivityId(),
      pullId: pull.id,
      login,
      state,
      body,
      commitId: pull.headSha,
      submittedAt: now,
    });
    pull.requestedReviewers = pull.requestedReviewers.filter((l) => l !== login);
    pull.updatedAt = now;
    this.store.touch();
  }
}

function workflowId(repo: RepoRecord, path: string): number {
  let hash = 0;
  for (const char of `${repo.id}:${path}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 90_000_000 + (hash % 9_000_000);
}

function workflowName(text: string, path: string): string {
  const declared = /^name:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(text);
  return declared?.[1] ?? path;
}
