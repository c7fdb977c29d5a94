import type {
  AuthCodeRecord,
  CheckRunRecord,
  CommitStatusRecord,
  ReviewRecord,
  WorkflowRunRecord,
  OrgRecord,
  Permission,
  PullRecord,
  RepoRecord,
  TaskRecord,
  TeamRecord,
  TokenRecord,
  UserRecord,
} from "./model";
import type { ScenarioWeights } from "./scenarios";
import type { EmulatorOptions } from "./options";

/** Settings that the control API may change at runtime (and that persist with the state). */
export type RuntimeSettings = Pick<
  EmulatorOptions,
  | "tokenMode"
  | "accessTokenTtlSeconds"
  | "refreshTokenTtlSeconds"
  | "speed"
  | "primaryRateLimit"
  | "secondaryCreateLimitPerMinute"
  | "taskTimeoutMinutes"
  | "primaryLimitStatus"
  | "secondaryLimitStatus"
> & {
  /** Complete here: the options' partial weights filled in with the defaults. */
  scenarioWeights: ScenarioWeights;
};

/** Everything that is persisted to the state file. */
export interface EmulatorData {
  version: 1;
  startedAt: number;
  clockOffsetMs: number;
  settings: RuntimeSettings;
  users: UserRecord[];
  orgs: OrgRecord[];
  teams: TeamRecord[];
  repos: RepoRecord[];
  pulls: PullRecord[];
  tokens: TokenRecord[];
  codes: AuthCodeRecord[];
  tasks: TaskRecord[];
  nextRepoId: number;
  nextPullId: number;
  /** Pull request activity (absent from state files written before it existed). */
  reviews: ReviewRecord[];
  checkRuns: CheckRunRecord[];
  statuses: CommitStatusRecord[];
  workflowRuns: WorkflowRunRecord[];
  /** One id sequence for reviews, check runs, statuses and workflow runs. */
  nextActivityId: number;
}

const PERMISSION_RANK: Record<Permission, number> = { read: 1, write: 2, admin: 3 };

function maxPermission(a: Permission | null, b: Permission | null): Permission | null {
  if (!a) return b;
  if (!b) return a;
  return PERMISSION_RANK[a] >= PERMISSION_RANK[b] ? a : b;
}

/** The data plus lookup indexes. Mutations go through the methods so the indexes stay right. */
export class Store {
  readonly usersByLogin = new Map<string, UserRecord>();
  readonly usersById = new Map<number, UserRecord>();
  readonly orgsByLogin = new Map<string, OrgRecord>();
  readonly reposById = new Map<number, RepoRecord>();
  readonly reposByFullName = new Map<string, RepoRecord>();
  readonly pullsById = new Map<number, PullRecord>();
  readonly pullsByNumber = new Map<string, PullRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly refreshTokens = new Map<string, TokenRecord>();
  readonly codes = new Map<string, AuthCodeRecord>();
  readonly tasksById = new Map<string, TaskRecord>();
  readonly tasksByCreator = new Map<string, TaskRecord[]>();
  readonly tasksByRepo = new Map<number, TaskRecord[]>();
  /** Bumped on every change; used to debounce persistence. Global so a reset never reuses a value. */
  private static lastRevision = 0;
  revision = 0;

  constructor(public data: EmulatorData) {
    data.reviews ??= [];
    data.checkRuns ??= [];
    data.statuses ??= [];
    data.workflowRuns ??= [];
    data.nextActivityId ??= 3_100_000_001;
    this.reindex();
  }

  reindex(): void {
    for (const map of [
      this.usersByLogin,
      this.usersById,
      this.orgsByLogin,
      this.reposById,
      this.reposByFullName,
      this.pullsById,
      this.pullsByNumber,
      this.tokens,
      this.refreshTokens,
      this.codes,
      this.tasksById,
      this.tasksByCreator,
      this.tasksByRepo,
    ]) {
      map.clear();
    }
    for (const user of this.data.users) {
      this.usersByLogin.set(user.login.toLowerCase(), user);
      this.usersById.set(user.id, user);
    }
    for (const org of this.data.orgs) this.orgsByLogin.set(org.login.toLowerCase(), org);
    for (const repo of this.data.repos) this.indexRepo(repo);
    for (const pull of this.data.pulls) this.indexPull(pull);
    for (const token of this.data.tokens) this.indexToken(token);
    for (const code of this.data.codes) this.codes.set(code.code, code);
    for (const task of this.data.tasks) this.indexTask(task);
  }

  touch(): void {
    this.revision = ++Store.lastRevision;
  }

  // --- users, orgs, teams -------------------------------------------------------------

  /** Adds a person (bulk control API); their login must be new. */
  addUser(user: UserRecord): void {
    this.data.users.push(user);
    this.usersByLogin.set(user.login.toLowerCase(), user);
    this.usersById.set(user.id, user);
  }

  user(login: string): UserRecord | undefined {
    return this.usersByLogin.get(login.toLowerCase());
  }

  org(login: string): OrgRecord | undefined {
    return this.orgsByLogin.get(login.toLowerCase());
  }

  orgRole(org: OrgRecord, login: string): OrgRecord["members"][string] | undefined {
    return org.members[login];
  }

  team(org: string, slug: string): TeamRecord | undefined {
    return this.data.teams.find(
      (t) => t.org.toLowerCase() === org.toLowerCase() && t.slug === slug.toLowerCase(),
    );
  }

  teamsOf(login: string, org: string): TeamRecord[] {
    return this.data.teams.filter((t) => t.org === org && t.members[login] !== undefined);
  }

  // --- repositories -------------------------------------------------------------------

  private indexRepo(repo: RepoRecord): void {
    this.reposById.set(repo.id, repo);
    this.reposByFullName.set(`${repo.owner}/${repo.name}`.toLowerCase(), repo);
  }

  addRepo(repo: RepoRecord): void {
    this.data.repos.push(repo);
    this.indexRepo(repo);
    this.touch();
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.reposByFullName.get(`${owner}/${name}`.toLowerCase());
  }

  /** The caller's permission on a repository, or null when it cannot see it (→ 404). */
  permission(login: string | null, repo: RepoRecord): Permission | null {
    const publicRead: Permission | null = repo.visibility === "public" ? "read" : null;
    if (!login) return publicRead;
    if (repo.ownerType === "User") {
      if (repo.owner === login) return "admin";
      return maxPermission(repo.collaborators[login] ?? null, publicRead);
    }
    const org = this.org(repo.owner);
    const role = org?.members[login];
    let permission = maxPermission(repo.collaborators[login] ?? null, publicRead);
    if (role === "admin") return "admin";
    if (role === "member") {
      const restricted = repo.restrictedToTeams;
      const viaTeams =
        !restricted || this.teamsOf(login, repo.owner).some((t) => restricted.includes(t.slug));
      if (viaTeams) permission = maxPermission(permission, "write");
      else if (repo.visibility === "internal") permission = maxPermission(permission, "read");
    }
    return permission;
  }

  // --- pull requests ------------------------------------------------------------------

  private indexPull(pull: PullRecord): void {
    this.pullsById.set(pull.id, pull);
    this.pullsByNumber.set(`${pull.repoId}#${pull.number}`, pull);
  }

  addPull(pull: PullRecord): void {
    this.data.pulls.push(pull);
    this.indexPull(pull);
    this.touch();
  }

  pull(repoId: number, number: number): PullRecord | undefined {
    return this.pullsByNumber.get(`${repoId}#${number}`);
  }

  openPullForBranch(repoId: number, headRef: string, baseRef?: string): PullRecord | undefined {
    return this.data.pulls.find(
      (p) =>
        p.repoId === repoId &&
        p.headRef === headRef &&
        p.state === "open" &&
        (!baseRef || p.baseRef === baseRef),
    );
  }

  nextActivityId(): number {
    return this.data.nextActivityId++;
  }

  reviewsOf(pullId: number): ReviewRecord[] {
    return this.data.reviews.filter((r) => r.pullId === pullId);
  }

  checkRunsFor(repoId: number, sha: string): CheckRunRecord[] {
    return this.data.checkRuns.filter((c) => c.repoId === repoId && c.headSha === sha);
  }

  statusesFor(repoId: number, sha: string): CommitStatusRecord[] {
    return this.data.statuses.filter((s) => s.repoId === repoId && s.sha === sha);
  }

  workflowRunsOf(repoId: number): WorkflowRunRecord[] {
    return this.data.workflowRuns.filter((r) => r.repoId === repoId);
  }

  // --- tokens -------------------------------------------------------------------------

  private indexToken(token: TokenRecord): void {
    this.tokens.set(token.token, token);
    if (token.refreshToken) this.refreshTokens.set(token.refreshToken, token);
  }

  addToken(token: TokenRecord): void {
    this.data.tokens.push(token);
    this.indexToken(token);
    this.touch();
  }

  addCode(code: AuthCodeRecord): void {
    this.data.codes.push(code);
    this.codes.set(code.code, code);
    this.touch();
  }

  /** Drops expired codes and dead tokens so a long-running dev emulator does not grow forever. */
  prune(now: number): void {
    const liveCodes = this.data.codes.filter((c) => c.expiresAt > now && !c.used);
    if (liveCodes.length !== this.data.codes.length) {
      this.data.codes = liveCodes;
      this.codes.clear();
      for (const code of liveCodes) this.codes.set(code.code, code);
    }
    const liveTokens = this.data.tokens.filter(
      (t) => !t.revoked && (t.refreshExpiresAt ?? t.expiresAt ?? Infinity) > now,
    );
    if (liveTokens.length !== this.data.tokens.length) {
      this.data.tokens = liveTokens;
      this.tokens.clear();
      this.refreshTokens.clear();
      for (const token of liveTokens) this.indexToken(token);
    }
  }

  // --- tasks --------------------------------------------------------------------------

  private indexTask(task: TaskRecord): void {
    this.tasksById.set(task.id, task);
    const byCreator = this.tasksByCreator.get(task.creatorLogin) ?? [];
    byCreator.push(task);
    this.tasksByCreator.set(task.creatorLogin, byCreator);
    const byRepo = this.tasksByRepo.get(task.repoId) ?? [];
    byRepo.push(task);
    this.tasksByRepo.set(task.repoId, byRepo);
  }

  addTask(task: TaskRecord): void {
    this.data.tasks.push(task);
    this.indexTask(task);
    this.touch();
  }
}
