/**
 * Pull requests and what decides their outcome — reviews, checks, commit statuses, Actions runs
 * waiting for approval — typed from GitHub's OpenAPI description. Reads are conditional: give the
 * last ETag and an unchanged answer is a 304 that costs no rate limit.
 */
import type { operations } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import { requestConditional, requestJson, type Conditional } from "./request";

type Json<T> = T extends { content: { "application/json": infer J } } ? J : never;

export type PullList = Json<operations["pulls/list"]["responses"][200]>;
export type PullSummary = PullList[number];
export type Pull = Json<operations["pulls/get"]["responses"][200]>;
export type ReviewList = Json<operations["pulls/list-reviews"]["responses"][200]>;
export type CheckRunList = Json<operations["checks/list-for-ref"]["responses"][200]>;
export type CombinedStatus = Json<operations["repos/get-combined-status-for-ref"]["responses"][200]>;
export type WorkflowRunList = Json<operations["actions/list-workflow-runs-for-repo"]["responses"][200]>;
type PullListQuery = NonNullable<operations["pulls/list"]["parameters"]["query"]>;

interface Repo {
  owner: string;
  repo: string;
}

const context = (where: Repo, operation: string) => ({ owner: where.owner, repo: where.repo, operation });

/** One page of a repository's pull requests (`head` is `owner:branch`). */
export function listPulls(
  client: GitHubClient,
  where: Repo,
  query: PullListQuery,
  etag?: string,
): Promise<Conditional<PullList>> {
  return requestConditional<PullList>(
    client,
    "GET /repos/{owner}/{repo}/pulls",
    { ...where, ...query },
    etag,
    context(where, "listPulls"),
  );
}

export function getPull(client: GitHubClient, where: Repo, number: number, etag?: string) {
  return requestConditional<Pull>(
    client,
    "GET /repos/{owner}/{repo}/pulls/{pull_number}",
    { ...where, pull_number: number },
    etag,
    context(where, "getPull"),
  );
}

export function listReviews(client: GitHubClient, where: Repo, number: number, etag?: string) {
  return requestConditional<ReviewList>(
    client,
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    { ...where, pull_number: number, per_page: 100 },
    etag,
    context(where, "listReviews"),
  );
}

export function listCheckRuns(client: GitHubClient, where: Repo, sha: string, etag?: string) {
  return requestConditional<CheckRunList>(
    client,
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    { ...where, ref: sha, per_page: 100, filter: "latest" },
    etag,
    context(where, "listCheckRuns"),
  );
}

export function getCombinedStatus(client: GitHubClient, where: Repo, sha: string, etag?: string) {
  return requestConditional<CombinedStatus>(
    client,
    "GET /repos/{owner}/{repo}/commits/{ref}/status",
    { ...where, ref: sha, per_page: 100 },
    etag,
    context(where, "getCombinedStatus"),
  );
}

/** Actions runs on a commit that wait for someone with write access to approve them. */
export function listRunsAwaitingApproval(client: GitHubClient, where: Repo, sha: string, etag?: string) {
  return requestConditional<WorkflowRunList>(
    client,
    "GET /repos/{owner}/{repo}/actions/runs",
    { ...where, head_sha: sha, status: "action_required", per_page: 100 },
    etag,
    context(where, "listRunsAwaitingApproval"),
  );
}

/** Opens a pull request from a branch (the person's own token; never retried: it creates). */
export async function createPull(
  client: GitHubClient,
  where: Repo,
  input: { title: string; head: string; base: string; body?: string; draft?: boolean },
): Promise<Pull> {
  const { data } = await requestJson<Pull>(
    client,
    "POST /repos/{owner}/{repo}/pulls",
    { ...where, ...input },
    context(where, "createPull"),
  );
  return data;
}
