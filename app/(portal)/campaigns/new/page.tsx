import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { listTemplateOptions } from "@/lib/dal/campaigns";
import { listSignedInPeople } from "@/lib/dal/people";
import { listTeamOptions } from "@/lib/dal/teams";
import { CampaignForm } from "../_components/campaign-form";

export const metadata: Metadata = { title: "New campaign" };
export const dynamic = "force-dynamic";

export default async function NewCampaignPage({
  searchParams,
}: {
  searchParams: Promise<{ template?: string }>;
}) {
  const user = await requireUser();
  const [templates, teams, people, { template }] = await Promise.all([
    listTemplateOptions(),
    listTeamOptions(),
    listSignedInPeople(),
    searchParams,
  ]);
  return (
    <>
      <PageHeader
        trail={[{ href: "/campaigns", label: "Campaigns" }]}
        title="New campaign"
        description="One template, its parameters and the repositories it goes to. You get a dry run with each repository's prompt before anything starts."
      />
      <CampaignForm
        templates={templates}
        teams={teams}
        people={people}
        viewerId={user.id}
        viewerLogin={user.login}
        initialTemplateId={template}
      />
    </>
  );
}
