import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Campaigns" };

export default function CampaignsPage() {
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Run the same change across many repositories as a campaign and follow every task it spawns."
      />
      <EmptyState title="Not built yet">
        <p>Campaigns are not built yet.</p>
      </EmptyState>
    </>
  );
}
