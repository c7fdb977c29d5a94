"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { deleteDraftAction, dryRunCampaignAction, launchCampaignAction } from "../../actions";
import type { DryRunFilter } from "@/lib/campaigns/dry-run-labels";
import type { DryRunPage } from "@/lib/dal/campaign-dry-run";
import type { CampaignView } from "@/lib/dal/campaigns";
import { dryRunPagesQuery } from "@/lib/queries/campaigns";
import { queryKeys } from "@/lib/queries/keys";
import { CampaignActionButton } from "./campaign-action-button";
import { CostEstimate } from "./cost-estimate";
import { DryRunList } from "./dry-run-list";
import { useDebounced } from "@/components/ui/hooks";
import { RelativeTime } from "@/components/ui/time";
import { Section } from "@/components/ui/section";

/**
 * A draft: run the dry run, read each repository's checks and prompt, then launch. The results come
 * a page at a time from the dry-run route, filtered there; it is polled only while the run runs.
 */
export function DraftView({ view, initialDryRun }: { view: CampaignView; initialDryRun: DryRunPage }) {
  const { campaign, canManage } = view;
  const id = campaign.id;
  const router = useRouter();
  const [filter, setFilter] = useState<DryRunFilter>("all");
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim());
  const unfiltered = filter === "all" && search === "";
  const results = useInfiniteQuery({
    ...dryRunPagesQuery(id, filter, search),
    ...(unfiltered ? { initialData: { pages: [initialDryRun], pageParams: [null] } } : {}),
    placeholderData: keepPreviousData,
  });
  // A server render that tells of another run (an edit dropped it, one began) replaces what the
  // cache holds; one that tells of the same run leaves the pages the person has loaded alone.
  const queryClient = useQueryClient();
  useEffect(() => {
    const key = queryKeys.dryRun(id, "all", "");
    const cached = queryClient.getQueryData<InfiniteData<DryRunPage, number | null>>(key)?.pages[0];
    if (
      cached?.completedAt === initialDryRun.completedAt &&
      cached.progress.running === initialDryRun.progress.running
    )
      return;
    queryClient.setQueryData(key, { pages: [initialDryRun], pageParams: [null] });
    void queryClient.invalidateQueries({ queryKey: [...queryKeys.campaign(id), "dry-run"] });
  }, [initialDryRun, id, queryClient]);
  const first = results.data?.pages[0] ?? initialDryRun;
  const { progress, totals, completedAt } = first;

  // The estimate and the launch button are the server's: once the run ends, render the page again.
  const wasRunning = useRef(progress.running);
  useEffect(() => {
    if (wasRunning.current && !progress.running) router.refresh();
    wasRunning.current = progress.running;
  }, [progress.running, router]);

  const eligible = totals.eligible;
  const canary = totals.canary;
  return (
    <div className="space-y-6">
      <Section id="dry-run" title="Dry run" size="lg" card className="space-y-3">
        {progress.running ? (
          <div role="status" className="space-y-2 text-sm">
            <p>
              Checking repositories with{" "}
              {progress.total === null
                ? "your GitHub access…"
                : `your GitHub access: ${progress.checked} of ${progress.total}`}
            </p>
            <progress
              max={progress.total ?? 1}
              value={progress.total === null ? undefined : progress.checked}
              aria-label="Dry run progress"
              className="h-2 w-full max-w-md"
            />
          </div>
        ) : completedAt ? (
          <>
            <p className="text-sm">
              Checked {totals.all} {totals.all === 1 ? "repository" : "repositories"}:{" "}
              <strong>{eligible} eligible</strong>, {totals.excluded} excluded
              {totals.warnings ? `, ${totals.warnings} with warnings` : ""} (
              <RelativeTime date={completedAt} />
              ).
              {canary ? ` The first ${canary} ${canary === 1 ? "is" : "are"} the canary wave.` : ""}
              {progress.skipped.length
                ? ` Left out: ${progress.skipped.map((s) => `${s.repository} (${s.reason.toLowerCase()})`).join(", ")}.`
                : ""}
            </p>
            <CostEstimate estimate={view.estimate} mode="draft" />
          </>
        ) : (
          <p className="text-sm">
            Nothing has been checked yet. The dry run reads each repository with your GitHub access, checks it
            can receive a task and renders its prompt. Nothing starts.
          </p>
        )}
        {progress.error && !progress.running ? (
          <p role="alert" className="text-sm text-needs-human">
            The last dry run did not finish: {progress.error}
          </p>
        ) : null}
        {results.error ? (
          <p role="alert" className="text-sm text-needs-human">
            Could not refresh: {results.error.message}
          </p>
        ) : null}
        {canManage ? (
          <div className="flex flex-wrap items-start gap-3">
            {progress.running ? null : (
              <CampaignActionButton
                action={dryRunCampaignAction}
                campaignId={id}
                label={completedAt ? "Run the dry run again" : "Run dry run"}
                pendingLabel="Checking repositories…"
                tone={completedAt ? "secondary" : "primary"}
              />
            )}
            {completedAt && !progress.running && eligible > 0 ? (
              <CampaignActionButton
                action={launchCampaignAction}
                campaignId={id}
                label={`Launch ${eligible} ${eligible === 1 ? "task" : "tasks"}`}
                pendingLabel="Launching…"
                tone="primary"
                confirm={
                  canary
                    ? `${canary} canary ${canary === 1 ? "task starts" : "tasks start"} first, under your GitHub identity.`
                    : `${eligible} ${eligible === 1 ? "task starts" : "tasks start"} under your GitHub identity.`
                }
              />
            ) : null}
            <CampaignActionButton
              action={deleteDraftAction}
              campaignId={id}
              label="Delete draft"
              tone="danger"
              confirm="The draft and its dry run are removed."
            />
          </div>
        ) : (
          <p className="text-sm text-fg-muted">
            Only its creator, owner or an admin can run or launch this draft.
          </p>
        )}
      </Section>

      {totals.all > 0 ? (
        <Section id="results" title="Per repository" size="lg" className="space-y-3">
          <DryRunList
            campaignId={id}
            pages={results.data?.pages ?? [initialDryRun]}
            filter={filter}
            onFilter={setFilter}
            search={searchText}
            onSearch={setSearchText}
            hasMore={results.hasNextPage}
            loadingMore={results.isFetchingNextPage}
            onMore={() => void results.fetchNextPage()}
            updating={results.isPlaceholderData}
          />
        </Section>
      ) : null}
    </div>
  );
}
