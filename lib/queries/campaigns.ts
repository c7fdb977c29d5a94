/** TanStack Query contract for a campaign's live page (client-safe, no server imports). */
import { queryOptions } from "@tanstack/react-query";
import { ACTIVE_CAMPAIGN_STATUSES } from "@/lib/campaigns/status";
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

export const campaignQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.campaign(id),
    queryFn: () => fetchJson<CampaignView>(`/api/campaigns/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (campaignIsLive(query.state.data) ? CAMPAIGN_POLL_MS : false),
  });
