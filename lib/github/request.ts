/** Shared plumbing for typed calls: conditional requests, error conversion, Link headers. */
import { RequestError } from "@octokit/request-error";
import type { GitHubClient } from "./client";
import { assertJsonBody, toGitHubError, type GitHubErrorContext } from "./errors";

export type Conditional<T> =
  | { notModified: true; etag: string }
  | { notModified: false; data: T; etag: string | undefined; link: string | undefined };

type Params = Record<string, unknown>;

function clean(params: Params): Params {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}

/** One JSON request; any failure becomes a GitHubError. */
export async function requestJson<T>(
  client: GitHubClient,
  route: string,
  params: Params,
  context: GitHubErrorContext,
): Promise<{ data: T; headers: Record<string, string | number | undefined> }> {
  try {
    const response = await client.request(route, clean(params));
    return { data: assertJsonBody<T>(response.data), headers: response.headers };
  } catch (error) {
    throw toGitHubError(error, context);
  }
}

/** A GET that sends If-None-Match when given an etag and reports 304 as `{ notModified: true }`. */
export async function requestConditional<T>(
  client: GitHubClient,
  route: string,
  params: Params,
  etag: string | undefined,
  context: GitHubErrorContext,
): Promise<Conditional<T>> {
  const headers = etag ? { "if-none-match": etag } : {};
  try {
    const response = await client.request(route, { ...clean(params), headers });
    const link = response.headers.link;
    return {
      notModified: false,
      data: assertJsonBody<T>(response.data),
      etag: response.headers.etag,
      link: typeof link === "string" ? link : undefined,
    };
  } catch (error) {
    if (error instanceof RequestError && error.status === 304 && etag) {
      const fresh = error.response?.headers.etag;
      return { notModified: true, etag: typeof fresh === "string" ? fresh : etag };
    }
    throw toGitHubError(error, context);
  }
}
