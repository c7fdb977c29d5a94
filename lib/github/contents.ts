/** Repository files (contents API) and GitHub team members, typed from GitHub's OpenAPI description. */
import type { operations } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import { GitHubError, toGitHubError } from "./errors";
import { requestConditional } from "./request";

type Json<T> = T extends { content: { "application/json": infer J } } ? J : never;

export type RepoContent = Json<operations["repos/get-content"]["responses"][200]>;
export type TeamMemberList = Json<operations["teams/list-members-in-org"]["responses"][200]>;

export type FileContent =
  | { notModified: true; etag: string }
  /** `text` is null when there is no file at that path (404, or a directory / submodule there). */
  | { notModified: false; text: string | null; etag: string | undefined };

function decode(content: RepoContent): string | null {
  if (Array.isArray(content) || content.type !== "file") return null;
  if (content.encoding === "base64") return Buffer.from(content.content, "base64").toString("utf8");
  return content.content;
}

/** One file's text (base64-decoded), or `{ notModified: true }` when `etag` still matches. */
export async function getFileContent(
  client: GitHubClient,
  params: { owner: string; repo: string; path: string; ref?: string; etag?: string },
): Promise<FileContent> {
  const { owner, repo, path, ref, etag } = params;
  try {
    const result = await requestConditional<RepoContent>(
      client,
      "GET /repos/{owner}/{repo}/contents/{path}",
      { owner, repo, path, ref },
      etag,
      { owner, repo, operation: "getFileContent" },
    );
    if (result.notModified) return result;
    return { notModified: false, text: decode(result.data), etag: result.etag };
  } catch (error) {
    if (error instanceof GitHubError && error.kind === "not_found") {
      return { notModified: false, text: null, etag: undefined };
    }
    throw error;
  }
}

/** Logins of every member of an organisation's team (all pages). */
export async function listTeamMembers(
  client: GitHubClient,
  params: { org: string; teamSlug: string },
): Promise<string[]> {
  try {
    const members = (await client.paginate("GET /orgs/{org}/teams/{team_slug}/members", {
      org: params.org,
      team_slug: params.teamSlug,
      per_page: 100,
    })) as TeamMemberList;
    return members.map((member) => member.login);
  } catch (error) {
    throw toGitHubError(error, { owner: params.org, operation: "listTeamMembers" });
  }
}
