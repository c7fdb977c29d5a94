/** TanStack Query contracts for task data: keys and client fetchers (client-safe, no server imports). */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { DashboardSummary } from "@/lib/dal/dashboard";
import type { TaskPage } from "@/lib/dal/tasks";
import type { TaskScope } from "@/lib/validations/task-filters";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** Background refresh while the tab is visible (TanStack pauses intervals in hidden tabs). */
export const LIVE_INTERVAL_MS = 10_000;

export const dashboardQuery = (scope: TaskScope) =>
  queryOptions({
    queryKey: queryKeys.dashboard(scope),
    queryFn: () => fetchJson<DashboardSummary>(`/api/dashboard?scope=${scope}`),
    refetchInterval: LIVE_INTERVAL_MS,
  });

export const taskPagesQuery = (query: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.tasks(query),
    queryFn: ({ pageParam }) =>
      fetchJson<TaskPage>(`/api/tasks?${query}${pageParam ? `${query ? "&" : ""}cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: LIVE_INTERVAL_MS,
  });
