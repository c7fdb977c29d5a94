/** TanStack Query contract for the schedule form's target match count (client-safe). */
import { queryOptions } from "@tanstack/react-query";
import type { TargetMatches } from "@/lib/dal/schedules";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

export type TargetMatchCount = ({ problem: null } & TargetMatches) | { problem: string };

/** GET /api/schedules/targets with the form's target fields (debounced by the caller). */
export const targetMatchesQuery = (fields: Record<string, string>) => {
  const search = new URLSearchParams(fields).toString();
  return queryOptions({
    queryKey: queryKeys.targetMatches(search),
    queryFn: () => fetchJson<TargetMatchCount>(`/api/schedules/targets?${search}`),
    staleTime: 30_000,
  });
};
