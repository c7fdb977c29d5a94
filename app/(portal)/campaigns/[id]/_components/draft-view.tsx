"use client";

import { deleteDraftAction, dryRunCampaignAction, launchCampaignAction } from "../../actions";
import { CHECK_LABELS } from "@/lib/campaigns/dry-run-labels";
import type { CampaignView } from "@/lib/dal/campaigns";
import { CampaignActionButton } from "./campaign-action-button";
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
          <ol className="space-y-3">
            {targets.map((target) => (
              <li key={target.id} className="rounded-lg border border-line bg-surface p-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-medium">
                    {target.repository}
                    {target.canary ? (
                      <span className="ml-2 rounded-full border border-line px-1.5 text-xs font-normal text-fg-muted">
                        canary
                      </span>
                    ) : null}
                  </h3>
                  <span
                    className={
                      target.status === "pending"
                        ? "text-sm font-semibold text-finished"
                        : "text-sm font-semibold text-needs-human"
                    }
                  >
                    {target.status === "pending" ? "Eligible" : "Excluded"}
                  </span>
                </div>
                {target.skipReason ? (
                  <p className="mt-1 text-sm text-needs-human">{target.skipReason}</p>
                ) : null}
                <ul
                  className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2"
                  aria-label={`Checks for ${target.repository}`}
                >
                  {target.checks.map((check) => (
                    <li key={check.check} className="flex gap-2">
                      <span aria-hidden="true" className={check.ok ? "text-finished" : "text-needs-human"}>
                        {check.ok ? "✓" : "✗"}
                      </span>
                      <span>
                        <span className="font-medium">
                          {CHECK_LABELS[check.check] ?? check.check}
                          <span className="sr-only">{check.ok ? " passed" : " failed"}</span>:
                        </span>{" "}
                        <span className="text-fg-muted">{check.message}</span>
                      </span>
                    </li>
                  ))}
                </ul>
                {target.warnings.length ? (
                  <ul
                    className="mt-2 list-disc pl-5 text-sm text-fg"
                    aria-label={`Warnings for ${target.repository}`}
                  >
                    {target.warnings.map((warning) => (
                      <li key={warning}>Warning: {warning}</li>
                    ))}
                  </ul>
                ) : null}
                {target.prompt ? (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm font-medium text-accent">
                      Prompt for {target.repository}
                    </summary>
                    <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded-md border border-line bg-canvas p-3 font-mono text-xs">
                      {target.prompt}
                    </pre>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
    </div>
  );
}
