import type { Metadata } from "next";
import { Suspense } from "react";
import { z } from "zod";
import { PageHeader } from "@/components/page-header";
import { PanelBoundary } from "@/components/ui/panel-boundary";
import { SkeletonCards } from "@/components/ui/skeleton";
import { requireUser } from "@/lib/auth/session";
import { getDashboardCosts, type DashboardCosts as CostsData } from "@/lib/dal/costs";
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
  // The money panel sits below the fold: its figures stream in after the state tiles (started now,
  // in parallel, and awaited inside its Suspense boundary).
  const costs = getDashboardCosts(user);
  costs.catch(() => {}); // Its boundary reports a failure; this only keeps it from being "unhandled".
  const [summary, demo] = await Promise.all([
    viewerTimeZone(user.id).then((timeZone) => getSharedDashboardSummary({ scope, viewer: user, timeZone })),
    getDemoShell(user),
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
      <PanelBoundary title="Credits this month">
        <Suspense fallback={<SkeletonCards className="mt-10" />}>
          <StreamedCosts costs={costs} />
        </Suspense>
      </PanelBoundary>
    </>
  );
}

async function StreamedCosts({ costs }: { costs: Promise<CostsData> }) {
  return <DashboardCosts costs={await costs} />;
}
