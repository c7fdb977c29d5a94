/** TanStack Query contract for a new-repository setup's status page (client-safe). */
import { queryOptions } from "@tanstack/react-query";
import type { RepositorySetupView } from "@/lib/dal/repository-setups";
import { isRunning } from "@/lib/task-states";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** Nothing more will change by itself: the task ended, or the repository step failed for good. */
export function setupIsSettled(view: RepositorySetupView): boolean {
  if (view.status === "repository_failed" && !view.canResume) return true;
  return view.status === "task_started" && Boolean(view.task && !isRunning(view.task.state));
}

/** Polls the setup through its JSON route (a read, so no audit record every two seconds). */
export const repositorySetupQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.repositorySetup(id),
    queryFn: () => fetchJson<RepositorySetupView>(`/api/repository-setups/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (query.state.data && setupIsSettled(query.state.data) ? false : 2_000),
  });
