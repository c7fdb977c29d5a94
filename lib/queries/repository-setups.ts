/** TanStack Query contract for a new-repository setup's status page (client-safe). */
import { queryOptions } from "@tanstack/react-query";
import type { RepositorySetupView } from "@/lib/dal/repository-setups";
import { isRunning } from "@/lib/tasks/states";
import { dataOrThrow, type ReadResult } from "./fetch-json";
import { queryKeys } from "./keys";

/** Nothing more will change by itself: the task ended, or the repository step failed for good. */
export function setupIsSettled(view: RepositorySetupView): boolean {
  if (view.status === "repository_failed" && !view.canResume) return true;
  return view.status === "task_started" && Boolean(view.task && !isRunning(view.task.state));
}

/** Polls the setup through the server action `load` (passed in: actions live beside their route). */
export const repositorySetupQuery = (
  id: string,
  load: (id: string) => Promise<ReadResult<RepositorySetupView>>,
) =>
  queryOptions({
    queryKey: queryKeys.repositorySetup(id),
    queryFn: async () => dataOrThrow(await load(id)),
    refetchInterval: (query) => (query.state.data && setupIsSettled(query.state.data) ? false : 2_000),
  });
