import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/state-badge";
import { ActionButton } from "@/components/ui/action-button";
import { Section } from "@/components/ui/section";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/session";
import { CAMPAIGN_STATUS_LABELS } from "@/lib/campaigns/status";
import { getSchedule } from "@/lib/dal/schedules";
import { formatSlot } from "@/lib/schedules/cron";
import { idSchema } from "@/lib/validations/common";
import { deleteScheduleAction, setScheduleEnabledAction } from "../actions";
import { RUN_STATUS_LABELS } from "../_components/run-status";

export const metadata: Metadata = { title: "Schedule" };
export const dynamic = "force-dynamic";

const OVERLAP_WORDS = { skip: "skips a run", start_anyway: "starts anyway" } as const;
const MISSED_WORDS = { run_once: "runs once for all of them", skip: "skips them" } as const;

export default async function SchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!idSchema.safeParse(id).success) notFound();
  const schedule = await getSchedule(id, user);
  if (!schedule) notFound();
  const zone = schedule.timeZone;
  return (
    <>
      <PageHeader
        trail={[{ href: "/schedules", label: "Schedules" }]}
        title={schedule.name}
        description={`${schedule.template.name} ${schedule.repository ? "on" : "as"} ${schedule.where}, as ${schedule.owner.login ?? "its owner"}.`}
      />
      <dl className="mb-6 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-fg-muted">When</dt>
        <dd data-testid="schedule-words">
          {schedule.words} <code className="ml-1 font-mono text-xs text-fg-muted">{schedule.cron}</code>
        </dd>
        <dt className="text-fg-muted">Status</dt>
        <dd>{schedule.enabled ? "Active" : "Paused"}</dd>
        <dt className="text-fg-muted">Previous run still going</dt>
        <dd>This schedule {OVERLAP_WORDS[schedule.overlap]}</dd>
        <dt className="text-fg-muted">Runs missed during downtime</dt>
        <dd>This schedule {MISSED_WORDS[schedule.missed]}</dd>
        <dt className="text-fg-muted">Template</dt>
        <dd>
          <Link href={`/templates/${schedule.template.id}`} className="text-accent underline">
            {schedule.template.name}
          </Link>{" "}
          (its latest version at each run)
        </dd>
      </dl>
      <div className="mb-8 flex flex-wrap gap-3">
        <ActionButton
          action={setScheduleEnabledAction}
          fields={{ scheduleId: schedule.id, enabled: schedule.enabled ? "false" : "true" }}
          label={schedule.enabled ? "Pause" : "Resume"}
          pendingLabel={schedule.enabled ? "Pausing…" : "Resuming…"}
        />
        <ActionButton
          action={deleteScheduleAction}
          fields={{ scheduleId: schedule.id }}
          label="Delete"
          confirm="Delete this schedule and its run history? Tasks it started stay."
          confirmLabel="Delete schedule"
          variant="danger"
        />
      </div>
      <div className="grid gap-8 xl:grid-cols-[20rem_1fr]">
        <Section id="upcoming" title="Next runs" titleClassName="mb-3">
          {schedule.upcoming.length === 0 ? (
            <p className="text-sm text-fg-muted">Paused: no runs until it is resumed.</p>
          ) : (
            <ol className="ml-5 list-decimal text-sm" data-testid="next-runs">
              {schedule.upcoming.map((slot) => (
                <li key={slot.toISOString()}>
                  <time dateTime={slot.toISOString()}>{formatSlot(slot, zone)}</time>
                </li>
              ))}
            </ol>
          )}
        </Section>
        <Section id="runs" title="Runs" titleClassName="mb-3" className="min-w-0">
          {schedule.runs.length === 0 ? (
            <p className="text-sm text-fg-muted">No runs yet.</p>
          ) : (
            <Table
              caption="Runs of this schedule, newest first"
              columns={["Time", "Outcome", schedule.target === "campaign" ? "Campaign" : "Tasks"]}
            >
              {schedule.runs.map((run) => (
                <TableRow key={run.id} data-testid="schedule-run">
                  <TableRowHeader>
                    <time dateTime={run.slot.toISOString()}>{formatSlot(run.slot, zone)}</time>
                  </TableRowHeader>
                  <TableCell>
                    <span
                      className={
                        run.status === "failed" || run.status === "unknown"
                          ? "font-medium text-needs-human"
                          : ""
                      }
                    >
                      {RUN_STATUS_LABELS[run.status]}
                    </span>
                    {run.reason ? <span className="block text-fg-muted">{run.reason}</span> : null}
                  </TableCell>
                  <TableCell>
                    {run.campaign ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <Link href={`/campaigns/${run.campaign.id}`} className="text-accent underline">
                          {run.campaign.name}
                        </Link>
                        <span className="text-fg-muted">{CAMPAIGN_STATUS_LABELS[run.campaign.status]}</span>
                      </span>
                    ) : run.tasks.length === 0 ? (
                      "–"
                    ) : (
                      run.tasks.map((task) => (
                        <span key={task.id} className="flex flex-wrap items-center gap-2">
                          <Link
                            href={`/tasks/${encodeURIComponent(task.id)}`}
                            className="text-accent underline"
                          >
                            {task.name || task.id}
                          </Link>
                          {task.state ? <StateBadge state={task.state} /> : null}
                        </span>
                      ))
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </Table>
          )}
        </Section>
      </div>
    </>
  );
}
