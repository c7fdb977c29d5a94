/** TanStack Query contract for a campaign's live page (client-safe, no server imports). */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { ACTIVE_CAMPAIGN_STATUSES } from "@/lib/campaigns/status";
import type { DryRunFilter } from "@/lib/campaigns/dry-run-labels";
import type { DryRunPage } from "@/lib/dal/campaign-dry-run";
import type { CampaignView } from "@/lib/dal/campaigns";
import { isRunning } from "@/lib/task-states";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./keys";

export const CAMPAIGN_POLL_MS = 4_000;

/** Polls while the runner may still act or a started task is still moving. */
export function campaignIsLive(view: CampaignView | undefined): boolean {
  if (!view) return true;
  if (ACTIVE_CAMPAIGN_STATUSES.includes(view.campaign.status)) return true;
  return view.targets.some(
    (target) =>
      target.status === "starting" ||
      target.status === "unknown" ||
      (target.task !== null && isRunning(target.task.state)),
  );
}

/** The rows of `changed` replace those with the same id; the order (the campaign's) stays. */
export function mergeTargets(previous: CampaignView, changed: CampaignView): CampaignView {
  if (!changed.changedOnly) return changed;
  const byId = new Map(changed.targets.map((target) => [target.id, target]));
  const known = new Set(previous.targets.map((target) => target.id));
  return {
    ...changed,
    changedOnly: false,
    targets: [
      ...previous.targets.map((target) => byId.get(target.id) ?? target),
      ...changed.targets.filter((target) => !known.has(target.id)),
    ],
  };
}

/** After the first answer, each poll fetches only the targets that changed and merges them in. */
export const campaignQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.campaign(id),
    queryFn: async ({ client, queryKey }) => {
      const previous = client.getQueryData<CampaignView>(queryKey);
      const url = `/api/campaigns/${encodeURIComponent(id)}`;
      if (!previous) return fetchJson<CampaignView>(url);
      const changed = await fetchJson<CampaignView>(`${url}?since=${encodeURIComponent(previous.asOf)}`);
      return mergeTargets(previous, changed);
    },
    refetchInterval: (query) => (campaignIsLive(query.state.data) ? CAMPAIGN_POLL_MS : false),
  });

/** How often a running dry run is asked for its progress. */
export const DRY_RUN_POLL_MS = 1_500;

/**
 * A draft's dry-run results, filtered and searched on the server, a page at a time. Polled only
 * while the run is running; the route's ETag turns an unchanged answer into a 304.
 */
export const dryRunPagesQuery = (id: string, filter: DryRunFilter, search: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.dryRun(id, filter, search),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ filter });
      if (search) params.set("q", search);
      if (pageParam !== null) params.set("after", String(pageParam));
      return fetchJson<DryRunPage>(`/api/campaigns/${encodeURIComponent(id)}/dry-run?${params}`);
    },
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (query.state.data?.pages[0]?.progress.running ? DRY_RUN_POLL_MS : false),
  });

/** One repository's prompt from the dry run, read when its card is opened. */
export const dryRunPromptQuery = (id: string, targetId: string) =>
  queryOptions({
    queryKey: queryKeys.dryRunPrompt(id, targetId),
    queryFn: () =>
      fetchJson<{ repository: string; prompt: string | null }>(
        `/api/campaigns/${encodeURIComponent(id)}/targets/${encodeURIComponent(targetId)}/prompt`,
      ),
    staleTime: Infinity,
  });
