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

export type Repository = Json<operations["repos/get"]["responses"][200]>;
export type Branch = Json<operations["repos/get-branch"]["responses"][200]>;
export type UserOrgList = Json<operations["orgs/list-for-authenticated-user"]["responses"][200]>;
export type CreatedRepository = Json<operations["repos/create-in-org"]["responses"][201]>;

/** A repository by owner and name (404 → `not_found` when it does not exist or is invisible). */
export async function getRepo(client: GitHubClient, owner: string, repo: string): Promise<Repository> {
  const { data } = await requestJson<Repository>(
    client,
    "GET /repos/{owner}/{repo}",
    { owner, repo },
    { owner, repo, operation: "getRepo" },
  );
  return data;
}

export async function getBranch(
  client: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<Branch> {
  const { data } = await requestJson<Branch>(
    client,
    "GET /repos/{owner}/{repo}/branches/{branch}",
    { owner, repo, branch },
    { owner, repo, operation: "getBranch" },
  );
  return data;
}

/** Organisations the user belongs to (all pages). */
export async function listUserOrgs(client: GitHubClient): Promise<UserOrgList> {
  try {
    return (await client.paginate("GET /user/orgs", { per_page: 100 })) as UserOrgList;
  } catch (error) {
    throw toGitHubError(error, { operation: "listUserOrgs" });
  }
}

export type NewRepositoryInput = {
  org: string;
  name: string;
  description?: string;
  visibility: "private" | "internal" | "public";
};

/**
 * Creates an organisation repository with an initial commit, so it has a default branch at once.
 * Not idempotent: after an unknown outcome, look the repository up before trying again.
 */
export async function createOrgRepo(
  client: GitHubClient,
  input: NewRepositoryInput,
): Promise<CreatedRepository> {
  const { data } = await requestJson<CreatedRepository>(
    client,
    "POST /orgs/{org}/repos",
    {
      org: input.org,
      name: input.name,
      description: input.description,
      visibility: input.visibility,
      auto_init: true,
    },
    { owner: input.org, repo: input.name, operation: "createOrgRepo" },
  );
  return data;
}

/**
 * Creates a repository from a template repository. GitHub's generate call only knows public or
 * private, so an internal repository is generated private.
 */
export async function generateRepoFromTemplate(
  client: GitHubClient,
  template: { owner: string; repo: string },
  input: NewRepositoryInput,
): Promise<CreatedRepository> {
  const { data } = await requestJson<CreatedRepository>(
    client,
    "POST /repos/{template_owner}/{template_repo}/generate",
    {
      template_owner: template.owner,
      template_repo: template.repo,
      owner: input.org,
      name: input.name,
      description: input.description,
      private: input.visibility !== "public",
      include_all_branches: false,
    },
    { owner: input.org, repo: input.name, operation: "generateRepoFromTemplate" },
  );
  return data;
}
