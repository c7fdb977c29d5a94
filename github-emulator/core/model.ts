/**
 * Plain, JSON-serialisable records that make up the emulator state. Times are epoch milliseconds.
 * Response shapes are built from these in routes/shapes.ts.
 */

export const TASK_STATES = [
  "queued",
  "in_progress",
  "completed",
  "failed",
  "idle",
  "waiting_for_user",
  "timed_out",
  "cancelled",
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** States after which a session never moves on its own. */
export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set([
  "completed",
  "failed",
  "timed_out",
  "cancelled",
]);

export const SUPPORTED_MODELS = [
  "claude-sonnet-4.6",
  "claude-opus-4.6",
  "gpt-5.2-codex",
  "gpt-5.3-codex",
  "gpt-5.4",
  "claude-sonnet-4.5",
  "claude-opus-4.5",
] as const;

export type CopilotPlan = "business" | "enterprise" | null;

export interface UserEmail {
  email: string;
  primary: boolean;
  verified: boolean;
  visibility: "public" | "private" | null;
}

export interface UserRecord {
  id: number;
  login: string;
  name: string;
  company: string | null;
  location: string | null;
  bio: string | null;
  blog: string;
  twitterUsername: string | null;
  emails: UserEmail[];
  copilotPlan: CopilotPlan;
  createdAt: number;
  siteAdmin: boolean;
}

export type OrgRole = "admin" | "member";

export interface OrgRecord {
  id: number;
  login: string;
  name: string;
  description: string;
  membersCanCreateRepositories: boolean;
  /** login → role */
  members: Record<string, OrgRole>;
  /** Invited, not yet accepted: login → role (membership `state: pending`; not a member yet). */
  pendingMembers?: Record<string, OrgRole>;
  createdAt: number;
}

export interface TeamRecord {
  id: number;
  org: string;
  slug: string;
  name: string;
  description: string;
  /** login → team role */
  members: Record<string, "member" | "maintainer">;
}

export type Permission = "read" | "write" | "admin";

export interface RepoRecord {
  id: number;
  owner: string;
  ownerType: "Organization" | "User";
  name: string;
  description: string | null;
  homepage: string | null;
  visibility: "public" | "private" | "internal";
  language: string | null;
  topics: string[];
  defaultBranch: string;
  /** branch name → head commit sha */
  branches: Record<string, string>;
  /** path → UTF-8 content on every branch (the emulator keeps one tree) */
  files: Record<string, string>;
  isTemplate: boolean;
  templateRepoId: number | null;
  /** When set, only these teams (plus org admins) can see this private repo. */
  restrictedToTeams: string[] | null;
  /** Outside collaborators: login → permission */
  collaborators: Record<string, Permission>;
  license: "mit" | "apache-2.0" | null;
  stargazers: number;
  forks: number;
  openIssues: number;
  size: number;
  archived: boolean;
  nextNumber: number;
  createdAt: number;
  updatedAt: number;
  pushedAt: number;
}

export interface PullRecord {
  id: number;
  number: number;
  repoId: number;
  title: string;
  body: string;
  headRef: string;
  baseRef: string;
  headSha: string;
  baseSha: string;
  userLogin: string;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  mergedAt: number | null;
  mergedBy: string | null;
  closedAt: number | null;
  createdAt: number;
  updatedAt: number;
  requestedReviewers: string[];
  requestedTeams: string[];
  assignees: string[];
  additions: number;
  deletions: number;
  changedFiles: number;
  commits: number;
}

export type TokenKind = "oauth_app" | "github_app" | "pat";

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  login: string;
  clientId: string | null;
  scopes: string[];
  createdAt: number;
  expiresAt: number | null;
  refreshToken: string | null;
  refreshExpiresAt: number | null;
  revoked: boolean;
}

export interface AuthCodeRecord {
  code: string;
  clientId: string;
  login: string;
  redirectUri: string | null;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
}

export type Outcome = "completed" | "failed" | "waiting_for_user" | "idle" | "timed_out" | "cancelled";

export type FailureKind = "setup" | "tests" | "firewall" | "model";

export interface Phase {
  state: TaskState;
  at: number;
}

export interface SessionRecord {
  id: string;
  name: string;
  prompt: string;
  userLogin: string;
  baseRef: string;
  headRef: string;
  model: string;
  createdAt: number;
  /** Planned and past transitions in time order; phases[0] is always `queued` at createdAt. */
  phases: Phase[];
  /** How many phases have been applied (side effects run, state visible). */
  applied: number;
  /** ai_credits burnt per second while in_progress, in nano units. */
  creditsPerSecond: number;
  plannedOutcome: Outcome;
  failure: FailureKind | null;
  errorMessage: string | null;
  question: string | null;
  /** The answer to `question`, given on the task's web page (which resumes the session). */
  answer?: { text: string; at: number };
  /** Whether the task itself created the branch (false when continuing head_ref). */
  createsBranch: boolean;
  /**
   * Sessions from before June 2026 report `usage` as premium requests instead of ai_credits;
   * a few seeded sessions do so, so clients see both shapes.
   */
  premiumRequests?: number;
}

export interface ArtifactRecord {
  type: "branch" | "pull";
  headRef?: string;
  baseRef?: string;
  pullId?: number;
}

export interface TaskRecord {
  id: string;
  repoId: number;
  creatorLogin: string;
  name: string;
  customAgent: string | null;
  createPullRequest: boolean;
  createdAt: number;
  /** Last change not captured by session phases (archive, artifacts). */
  touchedAt: number;
  archivedAt: number | null;
  sessions: SessionRecord[];
  artifacts: ArtifactRecord[];
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";

export interface ReviewRecord {
  id: number;
  pullId: number;
  login: string;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: number;
}

export type CheckConclusion = "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out";

/** A check run (GitHub Actions job) on a commit. */
export interface CheckRunRecord {
  id: number;
  repoId: number;
  headSha: string;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: CheckConclusion | null;
  /** What it will conclude, and when (task clock), while it runs; settled lazily like tasks. */
  planned: { conclusion: CheckConclusion; at: number } | null;
  startedAt: number;
  completedAt: number | null;
  workflowRunId: number;
}

/** A legacy commit status (the combined status API). */
export interface CommitStatusRecord {
  id: number;
  repoId: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creatorLogin: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * An Actions workflow run. Runs on Copilot's pushes wait for approval (GitHub reports them as
 * `status: completed, conclusion: action_required`) until someone with write access approves them.
 */
export interface WorkflowRunRecord {
  id: number;
  repoId: number;
  workflowId: number;
  path: string;
  name: string;
  runNumber: number;
  event: "push" | "pull_request";
  headBranch: string;
  headSha: string;
  actorLogin: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: CheckConclusion | "action_required" | null;
  pullId: number | null;
  createdAt: number;
  updatedAt: number;
  approvedBy: string | null;
}
