/** TanStack Query contract for a new-repository setup's status page (client-safe, no server imports). */
import { queryOptions } from "@tanstack/react-query";
import type { RepositorySetupView } from "@/lib/dal/repository-setups";

export const repositorySetupQuery = (id: string) =>
  queryOptions({
    queryKey: ["repository-setup", id],
    queryFn: async (): Promise<RepositorySetupView> => {
      const response = await fetch(`/api/repository-setups/${encodeURIComponent(id)}`, {
        headers: { accept: "application/json" },
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new Error(body.message ?? `Request failed (${response.status})`);
      }
      return (await response.json()) as RepositorySetupView;
    },
  });
