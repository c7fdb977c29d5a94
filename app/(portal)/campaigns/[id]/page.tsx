import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { getDryRunPage } from "@/lib/dal/campaign-dry-run";
import { getCampaignView, listTemplateOptions } from "@/lib/dal/campaigns";
import { listSignedInPeople } from "@/lib/dal/people";
import { listTeamOptions } from "@/lib/dal/teams";
import { CampaignForm } from "../_components/campaign-form";
import { CampaignStatusBadge } from "../_components/campaign-status-badge";
import { CampaignLive } from "./_components/campaign-live";
import { CampaignSummary } from "./_components/campaign-summary";
import { DraftView } from "./_components/draft-view";

export const metadata: Metadata = { title: "Campaign" };
export const dynamic = "force-dynamic";

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const view = await getCampaignView(id, user, { draftTargets: false });
  if (!view) notFound();
  const { campaign } = view;
  const draft = campaign.status === "draft";
  const [templates, teams, people, dryRun] = await Promise.all([
    draft && view.canManage ? listTemplateOptions() : [],
    draft && view.canManage ? listTeamOptions() : [],
    draft && view.canManage ? listSignedInPeople() : [],
    draft ? getDryRunPage(campaign.id, user) : null,
  ]);
  return (
    <>
      <PageHeader
        trail={[{ href: "/campaigns", label: "Campaigns" }]}
        title={campaign.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <CampaignStatusBadge status={campaign.status} />
            <span>
              {campaign.template.name} v{campaign.templateVersion.version} · {campaign.targetDescription}
            </span>
          </span>
        }
      />
      {campaign.description ? (
        <p className="-mt-4 mb-6 max-w-3xl whitespace-pre-line">{campaign.description}</p>
      ) : null}
      {draft ? (
        <div className="space-y-6">
          {dryRun ? <DraftView view={view} initialDryRun={dryRun} /> : null}
          <CampaignSummary campaign={campaign} />
          {view.canManage ? (
            <details className="rounded-lg border border-line bg-surface p-4">
              <summary className="cursor-pointer font-semibold">Edit draft</summary>
              <div className="mt-4">
                <CampaignForm
                  templates={templates}
                  teams={teams}
                  people={people}
                  viewerId={user.id}
                  viewerLogin={user.login}
                  campaign={{
                    id: campaign.id,
                    name: campaign.name,
                    description: campaign.description,
                    templateVersionId: campaign.templateVersion.id,
                    parameters: campaign.parameters,
                    targetSpec: campaign.targetSpec,
                    owner: campaign.ownerTeam
                      ? `team:${campaign.ownerTeam.id}`
                      : campaign.ownerUser && campaign.ownerUser.id !== user.id
                        ? `user:${campaign.ownerUser.id}`
                        : "me",
                    model: campaign.model,
                    customAgent: campaign.customAgent,
                    createPullRequest: campaign.createPullRequest,
                    baseRef: campaign.baseRef,
                    maxInFlight: campaign.maxInFlight,
                    startsPerMinute: campaign.startsPerMinute,
                    canarySize: campaign.canarySize,
                    canarySuccessThreshold: campaign.canarySuccessThreshold,
                    failurePauseThreshold: campaign.failurePauseThreshold,
                    failurePauseMinFinished: campaign.failurePauseMinFinished,
                  }}
                />
              </div>
            </details>
          ) : null}
        </div>
      ) : (
        <CampaignLive key={campaign.status === "awaiting_approval" ? "approval" : "live"} initial={view} />
      )}
    </>
  );
}
