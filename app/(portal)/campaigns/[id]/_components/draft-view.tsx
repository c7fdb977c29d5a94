"use client";

import { deleteDraftAction, dryRunCampaignAction, launchCampaignAction } from "../../actions";
import type { CampaignView } from "@/lib/dal/campaigns";
import { CampaignActionButton } from "./campaign-action-button";
import { CostEstimate } from "./cost-estimate";
import { DryRunList } from "./dry-run-list";
import { LiveRefresh } from "@/components/live-refresh";
import { RelativeTime } from "@/components/ui/time";
import { Section } from "@/components/ui/section";

/** A draft: run the dry run, read each repository's checks and prompt, then launch. */
export function DraftView({ view, now }: { view: CampaignView; now: Date }) {
  const { campaign, targets, canManage } = view;
  const eligible = targets.filter((t) => t.status === "pending");
  const canary = eligible.filter((t) => t.canary).length;
  const warned = eligible.filter((t) => t.warnings.length > 0).length;
  const id = campaign.id;
  const dryRun = campaign.dryRun;
  return (
    <div className="space-y-6">
      <Section id="dry-run" title="Dry run" size="lg" card className="space-y-3">
        {dryRun.running ? (
          <div role="status" className="space-y-2 text-sm">
            <p>
              Checking repositories with{" "}
              {dryRun.total === null
                ? "your GitHub access…"
                : `your GitHub access: ${dryRun.checked} of ${dryRun.total}`}
            </p>
            <progress
              max={dryRun.total ?? 1}
              value={dryRun.total === null ? undefined : dryRun.checked}
              aria-label="Dry run progress"
              className="h-2 w-full max-w-md"
            />
          </div>
        ) : campaign.dryRunAt ? (
          <>
            <p className="text-sm">
              Checked {targets.length} {targets.length === 1 ? "repository" : "repositories"}:{" "}
              <strong>{eligible.length} eligible</strong>, {targets.length - eligible.length} excluded
              {warned ? `, ${warned} with warnings` : ""} (<RelativeTime date={campaign.dryRunAt} now={now} />
              ).
              {canary ? ` The first ${canary} ${canary === 1 ? "is" : "are"} the canary wave.` : ""}
              {dryRun.skipped.length
                ? ` Left out: ${dryRun.skipped.map((s) => `${s.repository} (${s.reason.toLowerCase()})`).join(", ")}.`
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
        {dryRun.error && !dryRun.running ? (
          <p role="alert" className="text-sm text-needs-human">
            The last dry run did not finish: {dryRun.error}
          </p>
        ) : null}
        <LiveRefresh active={dryRun.running} everyMs={1_500} />
        {canManage ? (
          <div className="flex flex-wrap items-start gap-3">
            {dryRun.running ? null : (
              <CampaignActionButton
                action={dryRunCampaignAction}
                campaignId={id}
                label={campaign.dryRunAt ? "Run the dry run again" : "Run dry run"}
                pendingLabel="Checking repositories…"
                tone={campaign.dryRunAt ? "secondary" : "primary"}
              />
            )}
            {campaign.dryRunAt && !dryRun.running && eligible.length > 0 ? (
              <CampaignActionButton
                action={launchCampaignAction}
                campaignId={id}
                label={`Launch ${eligible.length} ${eligible.length === 1 ? "task" : "tasks"}`}
                pendingLabel="Launching…"
                tone="primary"
                confirm={
                  canary
                    ? `${canary} canary ${canary === 1 ? "task starts" : "tasks start"} first, under your GitHub identity.`
                    : `${eligible.length} ${eligible.length === 1 ? "task starts" : "tasks start"} under your GitHub identity.`
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

      {targets.length > 0 ? (
        <Section id="results" title="Per repository" size="lg" className="space-y-3">
          <DryRunList targets={targets} />
        </Section>
      ) : null}
    </div>
  );
}
