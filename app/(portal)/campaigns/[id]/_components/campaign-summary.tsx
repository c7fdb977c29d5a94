import Link from "next/link";
import type { ReactNode } from "react";
import type { CampaignDetail } from "@/lib/dal/campaigns";
import { Section } from "@/components/ui/section";

const pct = (share: number | null) => (share === null ? null : `${Math.round(share * 100)}%`);

/** The campaign's settings as a definition list (the same for drafts and launched campaigns). */
export function CampaignSummary({ campaign }: { campaign: CampaignDetail }) {
  const parameters = Object.entries(campaign.parameters);
  const rows: [string, ReactNode][] = [
    [
      "Template",
      <>
        {campaign.template.name} <span className="text-fg-muted">v{campaign.templateVersion.version}</span>
      </>,
    ],
    ["Targets", campaign.targetDescription],
    ["Owner", campaign.owner],
    ["Model", campaign.model ?? "Automatic"],
    [
      "Pull request",
      campaign.createPullRequest ? "Yes (unless a repository is branch-only)" : "No, branch only",
    ],
    ["Base branch", campaign.baseRef ?? "Each repository's default branch"],
    ["Limits", `${campaign.maxInFlight} in flight · ${campaign.startsPerMinute} starts a minute`],
    [
      "Canary",
      campaign.canarySize
        ? `First ${campaign.canarySize}, then ${campaign.canarySuccessThreshold === null ? "wait for approval" : `continue at ${pct(campaign.canarySuccessThreshold)} success`}`
        : "None",
    ],
    [
      "Auto-pause",
      campaign.failurePauseThreshold === null
        ? "Never"
        : `At ${pct(campaign.failurePauseThreshold)} failed, once ${campaign.failurePauseMinFinished} finished`,
    ],
  ];
  if (campaign.customAgent) rows.splice(4, 0, ["Custom agent", campaign.customAgent]);
  return (
    <Section id="settings" title="Settings" size="lg" titleClassName="mb-3" card>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-fg-muted">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {parameters.length ? (
          <div className="contents">
            <dt className="text-fg-muted">Parameters</dt>
            <dd>
              <ul>
                {parameters.map(([name, value]) => (
                  <li key={name}>
                    <span className="font-mono text-xs">{name}</span>: {String(value) || <em>blank</em>}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        <div className="contents">
          <dt className="text-fg-muted">Created by</dt>
          <dd>
            {campaign.createdBy}
            {campaign.launchedByLogin ? ` · tasks start as ${campaign.launchedByLogin}` : ""}
            {campaign.approvedBy ? ` · approved by ${campaign.approvedBy}` : ""}
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-sm">
        <Link href={`/tasks?campaign=${campaign.id}`} className="text-accent underline">
          Tasks of this campaign
        </Link>
      </p>
    </Section>
  );
}
