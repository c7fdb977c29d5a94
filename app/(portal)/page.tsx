import type { Metadata } from "next";
import { z } from "zod";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { getDashboardCosts } from "@/lib/dal/costs";
import { getSharedDashboardSummary } from "@/lib/dal/dashboard";
import { getDemoShell } from "@/lib/dal/demo";
import { viewerTimeZone } from "@/lib/dal/preferences";
import { TASK_SCOPES } from "@/lib/validations/task-filters";
import { Dashboard } from "./_components/dashboard";
import { DashboardCosts } from "./_components/dashboard-costs";
import { GuidedStart, ShowGuidedStart } from "./_components/guided-start";

// The root title template only applies to child segments, so spell it out here.
export const metadata: Metadata = { title: { absolute: "Dashboard · Switchyard" } };
export const dynamic = "force-dynamic";

const scopeSchema = z.enum(TASK_SCOPES).catch("all");

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const user = await requireUser();
  const scope = scopeSchema.parse((await searchParams).scope ?? "all");
  const [summary, demo, costs] = await Promise.all([
    viewerTimeZone(user.id).then((timeZone) => getSharedDashboardSummary({ scope, viewer: user, timeZone })),
    getDemoShell(user),
    getDashboardCosts(user),
  ]);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Copilot cloud agent tasks across your repositories, grouped by what they need from you."
      />
      {demo && !demo.guidedStartHidden ? (
        <GuidedStart
          initial={summary}
          scope={scope}
          emulatorUrl={demo.emulatorUrl}
          campaignStarterId={demo.campaignStarterId}
        />
      ) : demo ? (
        <ShowGuidedStart />
      ) : null}
      <Dashboard initial={summary} scope={scope} />
      <DashboardCosts costs={costs} />
    </>
  );
}
