/**
 * Every failure from GitHub becomes a GitHubError with a `kind` the UI and worker can act on and a
 * message a person can act on. Messages never include tokens.
 */
import { RequestError } from "@octokit/request-error";

export type GitHubErrorKind =
  | "signed_out"
  | "no_copilot_access"
  | "forbidden"
  | "not_found"
  | "invalid_input"
  | "rate_limited"
  | "unavailable"
  | "unknown";

export interface GitHubFieldError {
  field?: string;
  code: string;
  message?: string;
}

export interface GitHubErrorContext {
  owner?: string;
  repo?: string;
  /** e.g. "startTask", "listRepoTasks"; "startTask" turns a plain 403 into no_copilot_access. */
  operation?: string;
}

export class GitHubError extends Error {
  override name = "GitHubError";
  kind: GitHubErrorKind;
  status?: number;
  fieldErrors?: GitHubFieldError[];
  retryAt?: Date;
  /** GitHub's x-github-request-id, for support requests. */
  requestId?: string;

  constructor(
    kind: GitHubErrorKind,
    message: string,
    options: {
      status?: number;
      fieldErrors?: GitHubFieldError[];
      retryAt?: Date;
      requestId?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
    if (options.fieldErrors !== undefined) this.fieldErrors = options.fieldErrors;
    if (options.retryAt !== undefined) this.retryAt = options.retryAt;
    if (options.requestId !== undefined) this.requestId = options.requestId;
  }
}

const TASK_CREATION_OPERATIONS = new Set(["startTask", "createTask", "agent-tasks/create-task-in-repo"]);
const TOKEN_PATTERN = /\b(gh[pousr]_[A-Za-z0-9_]{8,}|github_pat_[A-Za-z0-9_]{8,})\b/g;
const BEARER_PATTERN = /\b(bearer|token)\s+[A-Za-z0-9_.-]{8,}/gi;

/** Strips anything that looks like a GitHub token or an Authorization value. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, "[redacted]").replace(BEARER_PATTERN, "$1 [redacted]");
}

function repoName(context: GitHubErrorContext | undefined): string | undefined {
  if (context?.owner && context.repo) return `${context.owner}/${context.repo}`;
  return context?.owner ?? undefined;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function bodyMessage(data: unknown): string | undefined {
  if (data && typeof data === "object" && "message" in data && typeof data.message === "string") {
    return data.message;
  }
  return undefined;
}

function parseFieldErrors(data: unknown): GitHubFieldError[] {
  if (!data || typeof data !== "object" || !("errors" in data) || !Array.isArray(data.errors)) return [];
  return data.errors.flatMap((raw: unknown): GitHubFieldError[] => {
    if (typeof raw === "string") return [{ code: "custom", message: raw }];
    if (!raw || typeof raw !== "object") return [];
    const entry = raw as Record<string, unknown>;
    const result: GitHubFieldError = { code: typeof entry.code === "string" ? entry.code : "invalid" };
    if (typeof entry.field === "string") result.field = entry.field;
    if (typeof entry.message === "string") result.message = entry.message;
    return [result];
  });
}

function describeFieldError(error: GitHubFieldError): string {
  if (error.message) return error.field ? `${error.field}: ${error.message}` : error.message;
  const what = error.field ?? "a field";
  switch (error.code) {
    case "missing_field":
      return `${what} is required`;
    case "already_exists":
      return `${what} already exists`;
    case "missing":
      return `${what} refers to something that doesn't exist`;
    default:
      return `${what} is invalid`;
  }
}

function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return (
    error.name === "AbortError" ||
    error.name === "TimeoutError" ||
    (typeof code === "string" && /^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR)/.test(code)) ||
    /fetch failed|socket hang up|network|timed? ?out/i.test(error.message)
  );
}

const unavailable = (status: number | undefined, cause: unknown, requestId?: string) =>
  new GitHubError(
    "unavailable",
    "GitHub isn't responding right now. Nothing was lost — try again in a minute, and check https://www.githubstatus.com if it keeps happening.",
    { status, cause, requestId },
  );

/** Maps anything thrown while talking to GitHub to a GitHubError. */
export function toGitHubError(error: unknown, context?: GitHubErrorContext): GitHubError {
  if (error instanceof GitHubError) return error;

  if (!(error instanceof RequestError)) {
    if (error instanceof SyntaxError) {
      return new GitHubError(
        "unavailable",
        "GitHub sent a response Switchyard couldn't read. Try again in a minute.",
        { cause: error },
      );
    }
    if (isNetworkError(error)) return unavailable(undefined, error);
    const detail = error instanceof Error ? redactSecrets(error.message) : "unexpected error";
    return new GitHubError("unknown", `Something went wrong talking to GitHub (${detail}).`, {
      cause: error,
    });
  }

  const status = error.status;
  const headers = error.response?.headers as Record<string, unknown> | undefined;
  const data: unknown = error.response?.data;
  const requestId = header(headers, "x-github-request-id");
  const message = bodyMessage(data) ?? (typeof data === "string" ? data : "");
  const where = repoName(context);

  // A RequestError with status 500 and no response is a network failure or timeout.
  if (!error.response && (status === 500 || status === undefined)) return unavailable(undefined, error);

  if (status === 401) {
    return new GitHubError("signed_out", "Your GitHub sign-in has expired or was revoked. Sign in again.", {
      status,
      requestId,
      cause: error,
    });
  }

  const remaining = header(headers, "x-ratelimit-remaining");
  const isSecondary = /secondary rate limit/i.test(message);
  const isPrimary = (status === 403 || status === 429) && remaining === "0";
  if (status === 429 || isSecondary || isPrimary) {
    let retryAt: Date | undefined;
    const retryAfter = Number(header(headers, "retry-after"));
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (Number.isFinite(retryAfter) && retryAfter >= 0 && header(headers, "retry-after") !== undefined) {
      retryAt = new Date(Date.now() + retryAfter * 1000);
    } else if (remaining === "0" && Number.isFinite(reset) && reset > 0) {
      retryAt = new Date(reset * 1000);
    } else {
      retryAt = new Date(Date.now() + 60_000);
    }
    const which = isSecondary
      ? "GitHub is limiting how fast requests can be made"
      : "GitHub's API rate limit is used up";
    return new GitHubError("rate_limited", `${which}. Try again after ${formatTime(retryAt)}.`, {
      status,
      retryAt,
      requestId,
      cause: error,
    });
  }

  if (status === 403) {
    if (context?.operation && TASK_CREATION_OPERATIONS.has(context.operation)) {
      return new GitHubError(
        "no_copilot_access",
        `You don't have a Copilot seat, or Copilot cloud agent is disabled for ${where ?? "this repository"}. Ask an org admin to assign you a Copilot seat and enable Copilot cloud agent there (you also need write access to the repository).`,
        { status, requestId, cause: error },
      );
    }
    return new GitHubError(
      "forbidden",
      `GitHub refused access${where ? ` to ${where}` : ""}. Ask an org admin for access, or sign in again if your permissions changed.`,
      { status, requestId, cause: error },
    );
  }

  if (status === 404 || status === 410) {
    const text = where
      ? `${where} doesn't exist or your GitHub account can't see it. Check the name, or ask an org admin for access.`
      : "That doesn't exist on GitHub, or your GitHub account can't see it.";
    return new GitHubError("not_found", text, { status, requestId, cause: error });
  }

  if (status === 422 || status === 400) {
    const fieldErrors = parseFieldErrors(data);
    const details = fieldErrors.map(describeFieldError);
    const summary =
      details.length > 0 ? details.join("; ") : redactSecrets(message || "the request was invalid");
    return new GitHubError("invalid_input", `GitHub rejected the request: ${summary}.`, {
      status,
      fieldErrors,
      requestId,
      cause: error,
    });
  }

  if (status >= 500) return unavailable(status, error, requestId);

  return new GitHubError(
    "unknown",
    `GitHub answered with an unexpected status ${status}${message ? ` (${redactSecrets(message)})` : ""}.`,
    { status, requestId, cause: error },
  );
}

/** Throws a GitHubError when a successful response's body isn't the JSON object we asked for. */
export function assertJsonBody<T>(data: unknown): T {
  if (data === null || typeof data !== "object") {
    throw new GitHubError(
      "unavailable",
      "GitHub sent a response Switchyard couldn't read. Try again in a minute.",
    );
  }
  return data as T;
}
