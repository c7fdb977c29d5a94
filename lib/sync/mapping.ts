/**
 * Turns GitHub's task and session objects into store rows. Pure functions: no I/O.
 * Usage keeps its unit exact: `ai_credits` are integer nano units, `premium_requests` a decimal.
 */
import type { Task, TaskList } from "@/lib/github";
import type { TaskState } from "@/lib/task-states";

export type ListedTask = TaskList["tasks"][number];
export type TaskSessionPayload = NonNullable<Task["sessions"]>[number];

/** A task state as stored (the vocabulary lives in lib/tasks/states.ts). */
export type TaskStateValue = TaskState;

export type TaskRow = {
  id: string;
  repositoryId: string;
  creatorGithubId: string | null;
  creatorType: string | null;
  state: TaskStateValue;
  name: string | null;
  htmlUrl: string | null;
  apiUrl: string | null;
  customAgent: string | null;
  sessionCount: number;
  headRef: string | null;
  baseRef: string | null;
  pullRequestId: string | null;
  pullRequestGlobalId: string | null;
  createdAt: string;
  githubUpdatedAt: string;
  archivedAt: string | null;
};

export type SessionRow = {
  id: string;
  taskId: string;
  state: TaskStateValue;
  name: string | null;
  prompt: string | null;
  headRef: string | null;
  baseRef: string | null;
  model: string | null;
  githubUserId: string | null;
  usageType: "ai_credits" | "premium_requests" | null;
  /** Integer nano units as a decimal string (exact beyond 2^53). */
  creditsNano: string | null;
  /** Decimal string, e.g. "1.5". */
  premiumRequests: string | null;
  errorMessage: string | null;
  createdAt: string;
  githubUpdatedAt: string | null;
  completedAt: string | null;
};

function iso(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function id(value: { id?: number | bigint | null } | null | undefined): string | null {
  return value && (typeof value.id === "number" || typeof value.id === "bigint") ? String(value.id) : null;
}

/** Repository owner/name from a task's API URL (…/agents/repos/{owner}/{repo}/tasks/{id}), if present. */
export function repositoryNameFromTask(task: Pick<ListedTask, "url" | "html_url">): {
  owner: string;
  name: string;
} | null {
  const match = task.url?.match(/\/agents\/repos\/([^/]+)\/([^/]+)\/tasks\//);
  if (match) return { owner: decodeURIComponent(match[1]!), name: decodeURIComponent(match[2]!) };
  return null;
}

export function toTaskRow(task: ListedTask): TaskRow | null {
  const repositoryId = id(task.repository);
  if (!repositoryId) return null; // a task without a repository cannot be stored or routed
  const createdAt = iso(task.created_at)!;
  const branch = task.artifacts?.find((artifact) => artifact.type === "branch");
  const pull = task.artifacts?.find((artifact) => artifact.type === "pull");
  const branchData = branch?.data as { head_ref?: string; base_ref?: string } | undefined;
  const pullData = pull?.data as { id?: number; global_id?: string } | undefined;
  return {
    id: task.id,
    repositoryId,
    creatorGithubId: id(task.creator as { id?: number } | undefined),
    creatorType: task.creator_type ?? null,
    state: task.state as TaskStateValue,
    name: task.name ?? null,
    htmlUrl: task.html_url ?? null,
    apiUrl: task.url ?? null,
    customAgent: task.custom_agent?.id ?? null,
    sessionCount: task.session_count ?? 0,
    headRef: branchData?.head_ref ?? null,
    baseRef: branchData?.base_ref ?? null,
    pullRequestId: typeof pullData?.id === "number" ? String(pullData.id) : null,
    pullRequestGlobalId: pullData?.global_id ?? null,
    createdAt,
    githubUpdatedAt: iso(task.updated_at) ?? createdAt,
    archivedAt: iso(task.archived_at),
  };
}

/** Integer nano credits as an exact decimal string; amounts arrive as JSON numbers. */
export function creditsToNano(amount: number): string {
  return BigInt(Math.round(amount)).toString();
}

export function toSessionRow(taskId: string, session: TaskSessionPayload): SessionRow {
  const usage = session.usage;
  return {
    id: session.id,
    taskId,
    state: session.state as TaskStateValue,
    name: session.name ?? null,
    prompt: session.prompt ?? null,
    headRef: session.head_ref ?? null,
    baseRef: session.base_ref ?? null,
    model: session.model ?? null,
    githubUserId: id(session.user),
    usageType: usage?.type ?? null,
    creditsNano: usage?.type === "ai_credits" ? creditsToNano(usage.amount) : null,
    premiumRequests: usage?.type === "premium_requests" ? String(usage.amount) : null,
    errorMessage: session.error?.message ?? null,
    createdAt: iso(session.created_at)!,
    githubUpdatedAt: iso(session.updated_at),
    completedAt: iso(session.completed_at),
  };
}

/** Credits for display, as the API documents: sum nanos first, divide by 1e9, one decimal. */
export function formatCredits(nano: bigint | string | number): string {
  const value = BigInt(nano);
  const tenths = (value * 10n + 500_000_000n) / 1_000_000_000n; // round half up to 0.1
  return `${tenths / 10n}.${tenths % 10n}`;
}
