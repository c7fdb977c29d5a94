/** Repository metadata and directory listings, with conditional requests (for cached repository facts). */
import type { operations } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import { GitHubError } from "./errors";
import { requestConditional, type Conditional } from "./request";

type Json<T> = T extends { content: { "application/json": infer J } } ? J : never;

export type FullRepository = Json<operations["repos/get"]["responses"][200]>;
type RepoContent = Json<operations["repos/get-content"]["responses"][200]>;

export type DirectoryEntry = {
  name: string;
  path: string;
  type: "file" | "dir" | "symlink" | "submodule";
  sha: string;
};

/** GET /repos/{owner}/{repo}; `{ notModified: true }` when `etag` still matches. Invisible → GitHubError not_found. */
export async function getRepository(
  client: GitHubClient,
  params: { owner: string; repo: string; etag?: string },
): Promise<Conditional<FullRepository>> {
  const { owner, repo, etag } = params;
  return requestConditional<FullRepository>(client, "GET /repos/{owner}/{repo}", { owner, repo }, etag, {
    owner,
    repo,
    operation: "getRepository",
  });
}

export type DirectoryListing =
  | { notModified: true; etag: string }
  /** `entries` is null when there is no directory at that path (or the repository is empty). */
  | { notModified: false; entries: DirectoryEntry[] | null; etag: string | undefined };

/** A directory's entries through the contents API ("" = the root). */
export async function listDirectory(
  client: GitHubClient,
  params: { owner: string; repo: string; path: string; ref?: string; etag?: string },
): Promise<DirectoryListing> {
  const { owner, repo, path, ref, etag } = params;
  const route =
    path === "" ? "GET /repos/{owner}/{repo}/contents" : "GET /repos/{owner}/{repo}/contents/{path}";
  try {
    const result = await requestConditional<RepoContent>(
      client,
      route,
      { owner, repo, path: path || undefined, ref },
      etag,
      {
        owner,
        repo,
        operation: "listDirectory",
      },
    );
    if (result.notModified) return result;
    if (!Array.isArray(result.data)) return { notModified: false, entries: null, etag: result.etag };
    const entries = result.data.map((item) => ({
      name: item.name,
      path: item.path,
      type: item.type as DirectoryEntry["type"],
      sha: item.sha,
    }));
    return { notModified: false, entries, etag: result.etag };
  } catch (error) {
    if (error instanceof GitHubError && error.kind === "not_found") {
      return { notModified: false, entries: null, etag: undefined };
    }
    throw error;
  }
}
