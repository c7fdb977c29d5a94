import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { redirect } from "next/navigation";
import { PageLinks } from "@/components/ui/page-links";
import { requireUser } from "@/lib/auth/session";
import { CAMPAIGN_PAGE_SIZE, listCampaigns } from "@/lib/dal/campaigns";
import { FailureError } from "@/lib/errors";
import type { Viewer } from "@/lib/visibility/scope";
import { buttonVariants } from "@/components/ui/button";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { CampaignStatusBadge, ProgressBar } from "./_components/campaign-status-badge";

export const metadata: Metadata = { title: "Campaigns" };
export const dynamic = "force-dynamic";

/** A page of the list, or the first page when the page link is not one of ours. */
async function pageOf(user: Viewer, after: string | undefined) {
  try {
    return await listCampaigns(user, { cursor: after ?? null });
  } catch (error) {
    if (error instanceof FailureError) redirect("/campaigns");
    throw error;
  }
}

export default async function CampaignsPage({
  searchParams,
}: {
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const user = await requireUser();
  const { after } = await searchParams;
  const cursor = typeof after === "string" ? after : undefined;
  const { rows: campaigns, nextCursor } = await pageOf(user, cursor);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Run the same change across many repositories as a campaign and follow every task it spawns."
      />
      <div className="mb-4 flex justify-end">
        <Link href="/campaigns/new" className={buttonVariants({ variant: "primary" })}>
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
        <Table
          caption="Campaigns, newest first"
          columns={[
            "Campaign",
            "Template",
            "Status",
            "Progress",
            { header: "Cost", className: "text-right" },
            "Owner",
          ]}
        >
          {campaigns.map((campaign) => (
            <TableRow key={campaign.id}>
              <TableRowHeader className="font-normal">
                <Link
                  href={`/campaigns/${campaign.id}`}
                  className="font-medium text-accent underline-offset-2 hover:underline"
                >
                  {campaign.name}
                </Link>
                <div className="text-xs text-fg-muted">
                  {campaign.launchedAt ? "launched " : "created "}
                  <RelativeTime date={campaign.launchedAt ?? campaign.createdAt} now={now} />
                </div>
              </TableRowHeader>
              <TableCell>
                {campaign.templateName}
                <span className="text-fg-muted">@v{campaign.templateVersion}</span>
              </TableCell>
              <TableCell>
                <CampaignStatusBadge status={campaign.status} />
              </TableCell>
              <TableCell>
                {campaign.status === "draft" ? (
                  <span className="text-fg-muted">
                    {campaign.scope ? `${campaign.scope} repositories after the dry run` : "Not dry-run yet"}
                  </span>
                ) : (
                  <ProgressBar
                    label={`Progress of ${campaign.name}`}
                    done={campaign.finished}
                    started={campaign.started}
                    total={campaign.scope}
                  />
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {campaign.credits} credits
                {campaign.premiumRequests !== "0" ? (
                  <div className="text-xs text-fg-muted">{campaign.premiumRequests} premium requests</div>
                ) : null}
              </TableCell>
              <TableCell>{campaign.owner}</TableCell>
            </TableRow>
          ))}
        </Table>
      )}
      <div className="mt-4">
        <PageLinks
          label="Campaign pages"
          first={cursor ? "/campaigns" : null}
          next={nextCursor ? `/campaigns?after=${nextCursor}` : null}
          nextLabel={`Older ${CAMPAIGN_PAGE_SIZE}`}
        />
      </div>
    </>
  );
}
