/** An organisation's repositories, and whether a branch exists (for campaign targets and dry runs). */
import type { operations } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import { toGitHubError } from "./errors";
import { requestConditional, type Conditional } from "./request";

type Json<T> = T extends { content: { "application/json": infer J } } ? J : never;

export type OrgRepoList = Json<operations["repos/list-for-org"]["responses"][200]>;
export type OrgRepoFilters = NonNullable<operations["repos/list-for-org"]["parameters"]["query"]>;
export type OrgMembership = Json<operations["orgs/get-membership-for-authenticated-user"]["responses"][200]>;

/**
 * The caller's own membership of an organisation (`state` active or pending, `role`). GitHub answers
 * 404 (a GitHubError of kind not_found) when they are not affiliated, outside collaborators included.
 * OAuth App tokens need `read:org`; GitHub App user tokens need the "Members" organisation permission.
 * With `etag`, an unchanged membership is a 304 that does not count against the rate limit.
 */
export async function getMyOrgMembership(
  client: GitHubClient,
  org: string,
  etag?: string,
): Promise<Conditional<OrgMembership>> {
  return requestConditional<OrgMembership>(client, "GET /user/memberships/orgs/{org}", { org }, etag, {
    owner: org,
    operation: "getMyOrgMembership",
  });
}

/** Every repository of an organisation the caller can see, all pages. */
export async function listAllOrgRepos(
  client: GitHubClient,
  org: string,
  filters: OrgRepoFilters = {},
): Promise<OrgRepoList> {
  try {
    return (await client.paginate("GET /orgs/{org}/repos", {
      org,
      per_page: 100,
      ...filters,
    })) as OrgRepoList;
  } catch (error) {
    throw toGitHubError(error, { owner: org, operation: "listOrgRepos" });
  }
}

/**
 * Whether a branch exists, by walking the branch list (one page for most repositories). The list
 * is used rather than GET …/branches/{branch} so names with slashes need no encoding care.
 */
export async function branchExists(
  client: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<boolean> {
  const wanted = branch.replace(/^refs\/heads\//, "");
  try {
    for await (const page of client.paginate.iterator("GET /repos/{owner}/{repo}/branches", {
      owner,
      repo,
      per_page: 100,
    })) {
      if ((page.data as { name: string }[]).some((b) => b.name === wanted)) return true;
    }
    return false;
  } catch (error) {
    throw toGitHubError(error, { owner, repo, operation: "listBranches" });
  }
}
