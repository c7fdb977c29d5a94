import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import type { SyncStatusRow } from "@/lib/sync/status";

const STATUS_LABELS: Record<string, string> = {
  ok: "Syncing",
  waiting: "Waiting for first sync",
  token_problem: "Needs to sign in again",
  access_revoked: "Stopped: access ended",
  rate_limited: "Paused: rate limit",
  forbidden: "Refused by GitHub",
  not_found: "Not found on GitHub",
  github_unavailable: "GitHub unavailable, retrying",
  error: "Failing, retrying",
  skipped: "Syncing",
};

/** Settings: each person's task sync. (Only Settings uses it; the Settings split moves it there.) */
export function SyncStatusTable({ rows, now }: { rows: SyncStatusRow[]; now: Date }) {
  return (
    <Table
      caption="Task sync by person"
      // No link or control inside: on a phone the box itself must take focus to scroll.
      scrollLabel="Task sync by person"
      columns={["Person", "Status", "Tasks", "All confirmed", "Next sync", "Rate limit left"]}
    >
      {rows.map((row) => {
        const healthy = row.status === "ok" || row.status === "skipped";
        return (
          <TableRow key={row.userId} data-testid={`sync-${row.login}`}>
            <TableRowHeader>{row.login}</TableRowHeader>
            <TableCell>
              <span className={healthy ? "text-finished" : "font-medium text-needs-human"}>
                {STATUS_LABELS[row.status] ?? row.status}
              </span>
              {!healthy && row.lastError ? <p className="mt-1 text-fg-muted">{row.lastError}</p> : null}
            </TableCell>
            <TableCell className="tabular-nums">{row.tasks.toLocaleString("en")}</TableCell>
            <TableCell>
              <RelativeTime date={row.confirmedAt} now={now} />
            </TableCell>
            <TableCell>
              {row.status === "token_problem" || row.status === "access_revoked" ? (
                "after sign-in"
              ) : (
                <RelativeTime date={row.nextRunAt} now={now} />
              )}
            </TableCell>
            <TableCell className="tabular-nums">
              {row.rateLimit
                ? `${row.rateRemaining?.toLocaleString("en")} / ${row.rateLimit.toLocaleString("en")}`
                : "–"}
            </TableCell>
          </TableRow>
        );
      })}
    </Table>
  );
}
