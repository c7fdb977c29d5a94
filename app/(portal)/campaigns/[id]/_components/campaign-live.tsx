"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { STATE_LABELS, TASK_STATES } from "@/lib/task-states";
import {
  approveCampaignAction,
  approveCanaryAction,
  declineCampaignAction,
  pauseCampaignAction,
  resumeCampaignAction,
  retryFailedStartsAction,
  stopCampaignAction,
  takeOverCampaignAction,
} from "../../actions";
import { CAMPAIGN_STATUS_LABELS, TAKE_OVER_CONSENT, TAKE_OVER_STATUSES } from "@/lib/campaigns/status";
import type { CampaignView } from "@/lib/dal/campaigns";
import { campaignIsLive, campaignQuery } from "@/lib/queries/campaigns";
import { CampaignStatusBadge, ProgressBar } from "../../_components/campaign-status-badge";
import { BurndownChart } from "./burndown-chart";
import { OUTCOME_LABELS, TASK_OUTCOMES } from "@/lib/outcomes/labels";
import { CampaignActionButton } from "./campaign-action-button";
import { CampaignSummary } from "./campaign-summary";
import { CostEstimate } from "./cost-estimate";
import { TargetTable } from "./target-table";
import { Section } from "@/components/ui/section";

/** A launched campaign, kept live by polling its route while anything can still change. */
export function CampaignLive({ initial }: { initial: CampaignView }) {
  const { data, error } = useQuery({ ...campaignQuery(initial.campaign.id), initialData: initial });
  const { campaign, targets, burndown, canManage, isLauncher, isAdmin } = data;
  const t = campaign.counts.targets;
  const scope = t.pending + t.starting + t.unknown + t.started + t.failed;
  const finished =
    campaign.counts.tasks.completed +
    campaign.counts.tasks.failed +
    campaign.counts.tasks.timed_out +
    campaign.counts.tasks.cancelled;
  const canaryOpen = Boolean(campaign.canarySize) && !campaign.canaryApprovedAt;
  const id = campaign.id;

  return (
    <div className="space-y-6">
      <section
        aria-labelledby="status-heading"
        className="space-y-3 rounded-lg border border-line bg-surface p-4"
      >
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="status-heading" className="text-lg font-semibold">
            Status
          </h2>
          <CampaignStatusBadge status={campaign.status} />
          <span className="sr-only" aria-live="polite">
            Campaign status: {CAMPAIGN_STATUS_LABELS[campaign.status]}
          </span>
          {campaignIsLive(data) ? <span className="text-xs text-fg-muted">Updates live</span> : null}
          {error ? (
            <span role="alert" className="text-xs text-needs-human">
              Could not refresh: {error.message}
            </span>
          ) : null}
        </div>
        {campaign.pausedReason && campaign.status === "paused" ? (
          <p className="text-sm text-needs-human">{campaign.pausedReason}</p>
        ) : null}
        {campaign.status === "awaiting_approval" ? (
          <p className="text-sm">
            This campaign is larger than a repository policy allows without an admin&apos;s approval.{" "}
            {isAdmin
              ? "You are an admin: approve it to start."
              : "An admin has to approve it before anything starts."}
          </p>
        ) : null}
        {campaign.status === "canary_wait" ? (
          <p className="text-sm">
            The canary wave is out: {campaign.canary.finished} of {campaign.canary.size} finished,{" "}
            {campaign.canary.succeeded} completed.{" "}
            {campaign.canarySuccessThreshold === null
              ? "Nothing else starts until someone approves the canary."
              : `The rest start by themselves at ${Math.round(campaign.canarySuccessThreshold * 100)}% success.`}
          </p>
        ) : null}
        <ProgressBar label="Campaign progress" done={finished} started={t.started} total={scope} />
        <dl
          className="grid grid-cols-2 gap-3 sm:grid-cols-4"
          aria-label="Outcomes"
          data-testid="campaign-outcomes"
        >
          {TASK_OUTCOMES.map((outcome) => (
            <div key={outcome} data-outcome={outcome}>
              <dt className="text-xs text-fg-muted">{OUTCOME_LABELS[outcome]}</dt>
              <dd className="text-lg font-semibold tabular-nums">{campaign.counts.outcomes[outcome]}</dd>
            </div>
          ))}
        </dl>
        {canManage ? (
          <div className="flex flex-wrap gap-3">
            {campaign.status === "awaiting_approval" && isAdmin ? (
              <CampaignActionButton
                action={approveCampaignAction}
                campaignId={id}
                label="Approve and start"
                tone="primary"
              />
            ) : null}
            {campaign.status === "awaiting_approval" ? (
              <CampaignActionButton action={declineCampaignAction} campaignId={id} label="Back to draft" />
            ) : null}
            {/* Only the launcher makes more tasks start: they start under the launcher's identity. */}
            {isLauncher &&
            canaryOpen &&
            ["canary_wait", "paused"].includes(campaign.status) &&
            campaign.canary.started > 0 ? (
              <CampaignActionButton
                action={approveCanaryAction}
                campaignId={id}
                label="Approve canary"
                tone="primary"
              />
            ) : null}
            {isLauncher && campaign.status === "paused" ? (
              <CampaignActionButton
                action={resumeCampaignAction}
                campaignId={id}
                label="Resume"
                tone="primary"
              />
            ) : null}
            {campaign.status === "running" || campaign.status === "canary_wait" ? (
              <CampaignActionButton action={pauseCampaignAction} campaignId={id} label="Pause" />
            ) : null}
            {isLauncher &&
            t.failed > 0 &&
            ["running", "canary_wait", "paused", "completed"].includes(campaign.status) ? (
              <CampaignActionButton
                action={retryFailedStartsAction}
                campaignId={id}
                label={`Retry ${t.failed} failed ${t.failed === 1 ? "start" : "starts"}`}
              />
            ) : null}
            {["running", "canary_wait", "paused", "awaiting_approval"].includes(campaign.status) ? (
              <CampaignActionButton
                action={stopCampaignAction}
                campaignId={id}
                label="Stop"
                tone="danger"
                confirm={`${t.pending} not started yet will be cancelled; started tasks carry on.`}
              />
            ) : null}
            {!isLauncher && TAKE_OVER_STATUSES.includes(campaign.status) ? (
              <CampaignActionButton
                action={takeOverCampaignAction}
                campaignId={id}
                label="Take over"
                confirm={TAKE_OVER_CONSENT}
              />
            ) : null}
          </div>
        ) : (
          <p className="text-sm text-fg-muted">
            Only its creator, owner or an admin can change this campaign.
          </p>
        )}
        {canManage && !isLauncher && campaign.launchedByLogin ? (
          <p className="text-sm text-fg-muted">
            Its tasks start under {campaign.launchedByLogin}&apos;s GitHub identity, so only they can resume
            it, approve its canary or retry failed starts. Anyone who manages it can pause or stop it.
          </p>
        ) : null}
      </section>

      <Section id="counts" title="Counts" hideTitle className="grid gap-4 md:grid-cols-3">
        <Card title="Repositories">
          <Counts
            items={[
              ["Not started", t.pending],
              ["Starting", t.starting + t.unknown],
              ["Started", t.started],
              ["Start failed", t.failed],
              ["Cancelled", t.cancelled],
              ["Excluded by the dry run", t.excluded],
            ]}
          />
        </Card>
        <Card title="Tasks by state">
          <Counts items={TASK_STATES.map((state) => [STATE_LABELS[state], campaign.counts.tasks[state]])} />
        </Card>
        <Card title="Cost so far">
          <p className="text-2xl font-semibold tabular-nums">{campaign.cost.credits}</p>
          <p className="text-sm text-fg-muted">credits, from the tasks&apos; sessions</p>
          {campaign.cost.premiumRequests !== "0" ? (
            <p className="mt-1 text-sm">{campaign.cost.premiumRequests} premium requests</p>
          ) : null}
          <div className="mt-2">
            <CostEstimate estimate={data.estimate} mode={campaign.status === "draft" ? "draft" : "running"} />
          </div>
        </Card>
      </Section>

      {burndown ? <BurndownChart burndown={burndown} /> : null}
      <TargetTable campaignId={id} targets={targets} canManage={canManage} />
      <CampaignSummary campaign={campaign} />
    </div>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-line bg-surface p-4">
      <h3 className="mb-2 font-semibold">{title}</h3>
      {children}
    </div>
  );
}

function Counts({ items }: { items: [string, number][] }) {
  return (
    <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className={value ? "" : "text-fg-muted"}>{label}</dt>
          <dd className="text-right tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
