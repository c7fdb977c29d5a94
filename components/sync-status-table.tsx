import { formatRelative } from "@/lib/format/time";
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

export function SyncStatusTable({ rows, now }: { rows: SyncStatusRow[]; now: Date }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Task sync by person</caption>
        <thead className="border-b border-line text-fg-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Person
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Tasks
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              All confirmed
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Next sync
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Rate limit left
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const healthy = row.status === "ok" || row.status === "skipped";
            return (
              <tr
                key={row.userId}
                className="border-b border-line last:border-0"
                data-testid={`sync-${row.login}`}
              >
                <th scope="row" className="px-4 py-2 font-medium">
                  {row.login}
                </th>
                <td className="px-4 py-2">
                  <span className={healthy ? "text-finished" : "font-medium text-needs-human"}>
                    {STATUS_LABELS[row.status] ?? row.status}
                  </span>
                  {!healthy && row.lastError ? <p className="mt-1 text-fg-muted">{row.lastError}</p> : null}
                </td>
                <td className="px-4 py-2 tabular-nums">{row.tasks.toLocaleString("en")}</td>
                <td className="px-4 py-2">{formatRelative(row.confirmedAt, now)}</td>
                <td className="px-4 py-2">
                  {row.status === "token_problem" || row.status === "access_revoked"
                    ? "after sign-in"
                    : formatRelative(row.nextRunAt, now)}
                </td>
                <td className="px-4 py-2 tabular-nums">
                  {row.rateLimit
                    ? `${row.rateRemaining?.toLocaleString("en")} / ${row.rateLimit.toLocaleString("en")}`
                    : "–"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
