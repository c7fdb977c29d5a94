/** TanStack Query contract for the command palette's search (client-safe). */
import { queryOptions } from "@tanstack/react-query";
import type { SearchAnswer } from "@/lib/dal/search";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

export type { SearchAnswer, SearchHit, SearchKind } from "@/lib/dal/search";

/** GET /api/search: what matches `text` (debounced by the caller), kept a minute. */
export const searchQuery = (text: string) =>
  queryOptions({
    queryKey: queryKeys.search(text),
    queryFn: () => fetchJson<SearchAnswer>(`/api/search?q=${encodeURIComponent(text)}`),
    staleTime: 60_000,
    enabled: text.trim().length > 0,
  });
