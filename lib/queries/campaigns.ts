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
