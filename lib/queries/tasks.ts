/** TanStack Query contracts for task data: keys and client fetchers (client-safe, no server imports). */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { DashboardSummary } from "@/lib/dal/dashboard";
import type { TaskPage } from "@/lib/dal/tasks";
import type { TaskScope } from "@/lib/validations/task-filters";

/** Background refresh while the tab is visible (TanStack pauses intervals in hidden tabs). */
export const LIVE_INTERVAL_MS = 10_000;

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `Request failed (${response.status})`);
  }
  return (await response.json()) as T;
}

export const dashboardQuery = (scope: TaskScope) =>
  queryOptions({
    queryKey: ["dashboard", scope],
    queryFn: () => fetchJson<DashboardSummary>(`/api/dashboard?scope=${scope}`),
    refetchInterval: LIVE_INTERVAL_MS,
  });

export const taskPagesQuery = (query: string) =>
  infiniteQueryOptions({
    queryKey: ["tasks", query],
    queryFn: ({ pageParam }) =>
      fetchJson<TaskPage>(`/api/tasks?${query}${pageParam ? `${query ? "&" : ""}cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: LIVE_INTERVAL_MS,
  });
