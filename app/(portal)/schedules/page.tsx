import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { requireUser } from "@/lib/auth/session";
import { listSchedules } from "@/lib/dal/schedules";
import { RUN_STATUS_LABELS } from "./_components/run-status";

export const metadata: Metadata = { title: "Schedules" };
export const dynamic = "force-dynamic";

export default async function SchedulesPage() {
  const user = await requireUser();
  const schedules = await listSchedules(user);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Schedules"
        description={
          user.role === "admin"
            ? "Templates launched at set times, everyone's (you are an admin)."
            : "Templates launched at set times, as you. Schedule one from its template's page."
        }
      />
      {schedules.length === 0 ? (
        <EmptyState title="No schedules yet">
          Open a{" "}
          <Link href="/templates" className="text-accent underline">
            template
          </Link>{" "}
          and choose Schedule.
        </EmptyState>
      ) : (
        <Table caption="Schedules" columns={["Schedule", "When", "Next run", "Last run"]}>
          {schedules.map((schedule) => (
            <TableRow key={schedule.id}>
              <TableRowHeader>
                <Link
                  href={`/schedules/${schedule.id}`}
                  className="text-accent underline-offset-2 hover:underline"
                >
                  {schedule.name}
                </Link>
                <span className="block text-xs font-normal text-fg-muted">
                  {schedule.template} {schedule.repository ? "on " : "as "}
                  {schedule.where}
                  {user.role === "admin" ? ` · ${schedule.owner ?? "?"}` : ""}
                </span>
              </TableRowHeader>
              <TableCell>{schedule.words}</TableCell>
              <TableCell>
                {schedule.enabled ? <RelativeTime date={schedule.nextSlotAt} now={now} /> : "Paused"}
              </TableCell>
              <TableCell>
                {schedule.lastRun ? (
                  <>
                    {RUN_STATUS_LABELS[schedule.lastRun.status]}{" "}
                    <RelativeTime date={schedule.lastRun.slot} now={now} className="text-fg-muted" />
                  </>
                ) : (
                  "–"
                )}
              </TableCell>
            </TableRow>
          ))}
        </Table>
      )}
    </>
  );
}
