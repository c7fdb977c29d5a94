/** TanStack Query contracts for the launch forms: the pickers and the prompt preview (client-safe). */
import { queryOptions } from "@tanstack/react-query";
import { dataOrThrow, type ReadResult, fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

export type RepositorySearch = {
  repositories: { fullName: string; visibility: string | null; defaultBranch: string | null }[];
  /** How many matched: more than were sent when the list was cut. */
  total: number;
};

/** Repositories the person can push to, matching `text` (GET /api/launch/repositories). */
export const repositorySearchQuery = (text: string) =>
  queryOptions({
    queryKey: queryKeys.repositorySearch(text),
    queryFn: () => fetchJson<RepositorySearch>(`/api/launch/repositories?q=${encodeURIComponent(text)}`),
    staleTime: 30_000,
  });

/** Branches of owner/name (GET /api/launch/branches). */
export const branchesQuery = (fullName: string) =>
  queryOptions({
    queryKey: queryKeys.branches(fullName),
    queryFn: () =>
      fetchJson<{ branches: string[] }>(`/api/launch/branches?repo=${encodeURIComponent(fullName)}`),
    staleTime: 30_000,
    retry: false,
  });

export type LaunchPreviewInput = {
  templateVersionId?: string;
  owner: string;
  repo: string;
  baseRef?: string;
  model?: string;
  createPullRequest: boolean;
  values: Record<string, string>;
};

/**
 * What a launch would send, rendered by the server action `preview` (passed in: actions live beside
 * their route). Keyed by the form's fields, so the same fields are not rendered twice.
 */
export const launchPreviewQuery = <T>(
  input: LaunchPreviewInput,
  preview: (input: LaunchPreviewInput) => Promise<ReadResult<T>>,
) =>
  queryOptions({
    queryKey: queryKeys.launchPreview(JSON.stringify(input)),
    queryFn: async () => dataOrThrow(await preview(input)),
    staleTime: 15_000,
  });
