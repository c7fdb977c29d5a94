import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { listCampaigns } from "@/lib/dal/campaigns";
import { formatRelative } from "@/lib/format/time";
import { CampaignStatusBadge, ProgressBar } from "./_components/campaign-status-badge";

export const metadata: Metadata = { title: "Campaigns" };
export const dynamic = "force-dynamic";

export default async function CampaignsPage() {
  const user = await requireUser();
  const campaigns = await listCampaigns(user);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Run the same change across many repositories as a campaign and follow every task it spawns."
      />
      <div className="mb-4 flex justify-end">
        <Link
          href="/campaigns/new"
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-semibold text-on-accent"
        >
          New campaign
        </Link>
      </div>
      {campaigns.length === 0 ? (
        <EmptyState title="No campaigns yet">
          <p>
            A campaign sends one template to many repositories, with a dry run first, limits on how fast tasks
            start, and an optional canary wave.{" "}
            <Link href="/campaigns/new" className="font-medium text-accent underline">
              Create your first campaign
            </Link>
            .
          </p>
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Campaigns, newest first</caption>
            <thead className="border-b border-line text-xs uppercase tracking-wide text-fg-muted">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Campaign
                </th>
                <th scope="col" className="px-3 py-2">
                  Template
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Progress
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Cost
                </th>
                <th scope="col" className="px-3 py-2">
                  Owner
                </th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id} className="border-b border-line last:border-0">
                  <td className="px-3 py-2">
                    <Link
                      href={`/campaigns/${campaign.id}`}
                      className="font-medium text-accent underline-offset-2 hover:underline"
                    >
                      {campaign.name}
                    </Link>
                    <div className="text-xs text-fg-muted">
                      {campaign.launchedAt
                        ? `launched ${formatRelative(new Date(campaign.launchedAt), now)}`
                        : `created ${formatRelative(new Date(campaign.createdAt), now)}`}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    {campaign.templateName}
                    <span className="text-fg-muted">@v{campaign.templateVersion}</span>
                  </td>
                  <td className="px-3 py-2">
                    <CampaignStatusBadge status={campaign.status} />
                  </td>
                  <td className="px-3 py-2">
                    {campaign.status === "draft" ? (
                      <span className="text-fg-muted">
                        {campaign.scope
                          ? `${campaign.scope} repositories after the dry run`
                          : "Not dry-run yet"}
                      </span>
                    ) : (
                      <ProgressBar
                        label={`Progress of ${campaign.name}`}
                        done={campaign.finished}
                        started={campaign.started}
                        total={campaign.scope}
                      />
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {campaign.credits} credits
                    {campaign.premiumRequests !== "0" ? (
                      <div className="text-xs text-fg-muted">{campaign.premiumRequests} premium requests</div>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">{campaign.owner}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
