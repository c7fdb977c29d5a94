/** The signed-in user and their repositories, typed from GitHub's OpenAPI description. */
import type { operations } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import { toGitHubError } from "./errors";
import { requestConditional, requestJson, type Conditional } from "./request";

type Json<T> = T extends { content: { "application/json": infer J } } ? J : never;

export type Viewer = Json<operations["users/get-authenticated"]["responses"][200]>;
export type UserRepoList = Json<operations["repos/list-for-authenticated-user"]["responses"][200]>;
export type UserRepoFilters = NonNullable<
  operations["repos/list-for-authenticated-user"]["parameters"]["query"]
>;
export type BranchList = Json<operations["repos/list-branches"]["responses"][200]>;
export type BranchFilters = NonNullable<operations["repos/list-branches"]["parameters"]["query"]>;

export async function getViewer(client: GitHubClient): Promise<Viewer> {
  const { data } = await requestJson<Viewer>(client, "GET /user", {}, { operation: "getViewer" });
  return data;
}

/** One page of the user's repositories (use `link` / `page` to walk, or `etag` for a cheap re-check). */
export async function listUserRepos(
  client: GitHubClient,
  filters: UserRepoFilters & { etag?: string } = {},
): Promise<Conditional<UserRepoList>> {
  const { etag, ...query } = filters;
  return requestConditional<UserRepoList>(client, "GET /user/repos", query, etag, {
    operation: "listUserRepos",
  });
}

/** Every repository the user can see, all pages. */
export async function listAllUserRepos(
  client: GitHubClient,
  filters: UserRepoFilters = {},
): Promise<UserRepoList> {
  try {
    return (await client.paginate("GET /user/repos", { per_page: 100, ...filters })) as UserRepoList;
  } catch (error) {
    throw toGitHubError(error, { operation: "listUserRepos" });
  }
}

export async function listBranches(
  client: GitHubClient,
  owner: string,
  repo: string,
  filters: BranchFilters & { etag?: string } = {},
): Promise<Conditional<BranchList>> {
  const { etag, ...query } = filters;
  return requestConditional<BranchList>(
    client,
    "GET /repos/{owner}/{repo}/branches",
    { owner, repo, ...query },
    etag,
    {
      owner,
      repo,
      operation: "listBranches",
    },
  );
}

export type RepositoryById = Json<operations["repos/get"]["responses"][200]>;

/** A repository by GitHub's id (tasks carry only the id). Undocumented but long-standing on GitHub. */
export async function getRepositoryById(client: GitHubClient, id: string): Promise<RepositoryById> {
  const { data } = await requestJson<RepositoryById>(
    client,
    "GET /repositories/{id}",
    { id },
    { operation: "getRepositoryById" },
  );
  return data;
}
