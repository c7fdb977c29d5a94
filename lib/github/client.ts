/**
 * The one way Switchyard talks to GitHub: an Octokit with throttling, retries and pagination configured
 * for GitHub's documented rate-limit rules, plus a view of the rate budget left.
 */
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

export const GITHUB_API_VERSION = "2022-11-28";
export const SWITCHYARD_VERSION = "0.1.0";
export const DEFAULT_USER_AGENT = `switchyard/${SWITCHYARD_VERSION} (+https://github.com/acme/switchyard)`;

/** Status codes that are never worth retrying (429 and rate-limit 403s are the throttling plugin's job). */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const SAFE_METHODS = new Set(["GET", "HEAD"]);
/** Requests that start paid work: a retry would start a second task. */
const TASK_CREATE = /^\/(api\/v3\/)?agents\/repos\/[^/]+\/[^/]+\/tasks\/?$/;

const ThrottledOctokit = Octokit.plugin(throttling, retry, paginateRest);
export type GitHubClient = InstanceType<typeof ThrottledOctokit> & {
  /** Rate-limit budget from the most recent response that carried the headers (null before any). */
  rateBudget: () => RateBudget | null;
  /** The Switchyard person whose token this is, when known (what they may see can then be looked up). */
  actingFor: string | null;
  /**
   * Responses so far that GitHub charges to the primary limit: everything but a 304 (a conditional
   * request that matched is free). Background work charges these to the person's sync budget.
   */
  countedRequests: () => number;
};

export interface RateBudget {
  limit: number;
  remaining: number;
  used: number;
  resource: string | undefined;
  resetAt: Date;
  /** remaining / limit, 0..1 */
  fractionLeft: number;
  /** true once 90% of the primary budget is spent: callers doing background work should stop. */
  nearlyExhausted: boolean;
}

export interface GitHubClientOptions {
  token: string;
  /** API root, e.g. env.GITHUB_API_URL (https://api.github.com, or a GHES/emulator URL). */
  baseUrl: string;
  userAgent?: string;
  /** Tuning for tests: the unit of retry/backoff waits in ms (default 1000 = seconds). */
  waitUnitMs?: number;
  /** Max retries for idempotent requests on 5xx / network errors (default 3). */
  retries?: number;
  /** Longest primary-limit wait (seconds) we'll sit out for a safe request (default 60). */
  maxPrimaryWaitSeconds?: number;
  /** Abort an attempt that takes longer than this (each retry gets a fresh timer). Default: none. */
  timeoutMs?: number;
  /** The Switchyard user id whose token this is (see GitHubClient.actingFor). */
  actingFor?: string;
}

export function isTaskCreation(method: string, url: string): boolean {
  if (method.toUpperCase() !== "POST") return false;
  let pathname = url;
  try {
    pathname = new URL(url, "http://github.invalid").pathname;
  } catch {
    // keep the raw url
  }
  return TASK_CREATE.test(pathname) || /\{owner\}\/\{repo\}\/tasks$/.test(url);
}

export function readRateBudget(headers: Record<string, unknown> | undefined): RateBudget | null {
  if (!headers) return null;
  const limit = Number(headers["x-ratelimit-limit"]);
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (![limit, remaining, reset].every(Number.isFinite) || headers["x-ratelimit-limit"] === undefined)
    return null;
  const usedHeader = Number(headers["x-ratelimit-used"]);
  const fractionLeft = limit > 0 ? remaining / limit : 0;
  return {
    limit,
    remaining,
    used: Number.isFinite(usedHeader) ? usedHeader : limit - remaining,
    resource:
      typeof headers["x-ratelimit-resource"] === "string" ? headers["x-ratelimit-resource"] : undefined,
    resetAt: new Date(reset * 1000),
    fractionLeft,
    nearlyExhausted: fractionLeft <= 0.1,
  };
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const waitUnitMs = options.waitUnitMs ?? 1000;
  const maxPrimaryWait = options.maxPrimaryWaitSeconds ?? 60;
  const log = {
    debug: () => {},
    info: () => {},
    warn: (message: string) => console.warn(`[github] ${message}`),
    error: (message: string) => console.error(`[github] ${message}`),
  };

  const octokit = new ThrottledOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    log,
    headers: { "x-github-api-version": GITHUB_API_VERSION },
    ...(options.timeoutMs
      ? {
          request: {
            fetch: (url: string, init: RequestInit = {}) =>
              fetch(url, {
                ...init,
                signal: init.signal
                  ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs!)])
                  : AbortSignal.timeout(options.timeoutMs!),
              }),
          },
        }
      : {}),
    throttle: {
      // A unique id keeps Bottleneck groups per-process; the default shared groups are fine too.
      retryAfterBaseValue: waitUnitMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: (retryAfter, request, _octokit, retryCount) => {
        const safe = SAFE_METHODS.has(request.method.toUpperCase());
        if (safe && retryCount < 1 && retryAfter <= maxPrimaryWait) {
          log.warn(`primary rate limit hit for ${request.method} ${request.url}; retrying in ${retryAfter}s`);
          return true;
        }
        return false;
      },
      onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
        const method = request.method.toUpperCase();
        if (isTaskCreation(method, request.url)) return false;
        if (SAFE_METHODS.has(method) && retryCount < 2) {
          log.warn(`secondary rate limit hit for ${method} ${request.url}; retrying in ${retryAfter}s`);
          return true;
        }
        return false;
      },
    },
    retry: { doNotRetry: DO_NOT_RETRY, retries: options.retries ?? 3, retryAfterBaseValue: 1 },
  });

  // Jittered backoff: the plugin proposes (n+1)^2 "units"; we turn that into ms with ±50% jitter.
  const retryRequest = octokit.retry.retryRequest;
  octokit.retry.retryRequest = (error, retries, retryAfter) =>
    retryRequest(error, retries, Math.round(retryAfter * waitUnitMs * (0.5 + Math.random())));

  // Non-idempotent requests (above all task creation, which starts paid work) are never retried on
  // 5xx or network errors: the request may have been processed. doNotRetry is status-based, so the
  // method rule is enforced here, before the retry plugin sees the request.
  octokit.hook.before("request", (request) => {
    const method = request.method.toUpperCase();
    if (!IDEMPOTENT_METHODS.has(method) || isTaskCreation(method, request.url)) {
      request.request = { ...request.request, retries: 0 };
    }
  });

  let lastBudget: RateBudget | null = null;
  let counted = 0;
  octokit.hook.after("request", (response) => {
    counted++;
    lastBudget = readRateBudget(response.headers) ?? lastBudget;
  });
  octokit.hook.error("request", (error) => {
    const { status, response } = error as {
      status?: number;
      response?: { headers?: Record<string, unknown> };
    };
    if (typeof status === "number" && status !== 304) counted++;
    lastBudget = readRateBudget(response?.headers) ?? lastBudget;
    throw error;
  });

  return Object.assign(octokit, {
    rateBudget: () => lastBudget,
    actingFor: options.actingFor ?? null,
    countedRequests: () => counted,
  });
}
