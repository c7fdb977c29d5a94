import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { scheduleFormDefaults } from "@/lib/dal/schedules";
import { getTemplate } from "@/lib/dal/templates";
import { DEFAULT_CRON, timeZones } from "@/lib/schedules/cron";
import { shownParameterValues } from "@/lib/templates/parameters";
import { idSchema } from "@/lib/validations/common";
import { ScheduleForm } from "../_components/schedule-form";

export const metadata: Metadata = { title: "New schedule" };
export const dynamic = "force-dynamic";

export default async function NewSchedulePage({
  searchParams,
}: {
  searchParams: Promise<{ template?: string }>;
}) {
  const user = await requireUser();
  const { template: templateId } = await searchParams;
  if (!idSchema.safeParse(templateId).success) notFound();
  const template = await getTemplate(templateId!, user);
  const latest = template?.versions[0];
  if (!template || template.archivedAt || !latest) notFound();
  const defaults = await scheduleFormDefaults(user);
  // A required text parameter without a default gets the run's date, so the form is ready to save.
  const values = shownParameterValues(latest.parameters, {
    stored: Object.fromEntries(
      latest.parameters
        .filter((p) => p.required && p.type === "text" && (p.default === undefined || p.default === ""))
        .map((p) => [p.name, "{date}"]),
    ),
  });
  return (
    <>
      <PageHeader
        trail={[
          { href: "/templates", label: "Templates" },
          { href: `/templates/${template.id}`, label: template.name },
        ]}
        title="New schedule"
        description={`Launch “${template.name}” on a repository, or as a campaign over several, at set times.`}
      />
      <ScheduleForm
        template={{ id: template.id, name: template.name }}
        parameters={latest.parameters}
        values={values}
        defaults={{
          name: `${template.name} (weekly)`,
          repository: defaults.repository,
          cron: DEFAULT_CRON,
          timeZone: "UTC",
        }}
        zones={timeZones()}
      />
    </>
  );
}
