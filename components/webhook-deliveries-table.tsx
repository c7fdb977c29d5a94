import { formatRelative } from "@/lib/format/time";
import type { WebhookDeliveryRow } from "@/lib/notifications/queries";

const STATUS_LABELS: Record<string, string> = {
  pending: "Retrying",
  failed: "Failed",
  delivered: "Delivered",
};

const KIND_LABELS: Record<string, string> = {
  opened: "Opened",
  escalated: "Escalated",
  resolved: "Resolved",
};

/** Settings: recent webhook deliveries, failed and pending first. Server-renderable. */
export function WebhookDeliveriesTable({ rows, now }: { rows: WebhookDeliveryRow[]; now: Date }) {
  if (rows.length === 0)
    return (
      <p className="rounded-lg border border-dashed border-line bg-surface p-6 text-center text-sm text-fg-muted">
        No webhook deliveries yet.
      </p>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Recent webhook deliveries</caption>
        <thead className="border-b border-line text-fg-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Target
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Event
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Attempts
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Last error
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Next attempt
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            // A pending row that has not been tried yet is simply queued, not retrying.
            const status =
              row.status === "pending" && row.attempts === 0
                ? "Queued"
                : (STATUS_LABELS[row.status] ?? row.status);
            const problem = row.status === "failed" || (row.status === "pending" && row.attempts > 0);
            return (
              <tr
                key={row.id}
                className="border-b border-line last:border-0"
                data-testid={`delivery-${row.id}`}
              >
                <th scope="row" className="px-4 py-2 font-medium">
                  {row.targetName ?? <span className="text-fg-muted">(removed)</span>}
                  <span className="ml-1 text-xs font-normal text-fg-muted">
                    {row.targetType === "team" ? "team" : "person"}
                  </span>
                </th>
                <td className="px-4 py-2">
                  <span className="font-medium">
                    {row.kind ? (KIND_LABELS[row.kind] ?? row.kind) : "Event"}
                  </span>
                  {row.title ? <span className="block text-fg-muted">{row.title}</span> : null}
                  <span className="block text-xs text-fg-muted">{formatRelative(row.createdAt, now)}</span>
                </td>
                <td className="px-4 py-2">
                  <span
                    className={
                      problem
                        ? "font-medium text-needs-human"
                        : row.status === "delivered"
                          ? "text-finished"
                          : ""
                    }
                  >
                    {status}
                  </span>
                  {row.lastStatus ? (
                    <span className="ml-1 text-fg-muted">(HTTP {row.lastStatus})</span>
                  ) : null}
                </td>
                <td className="px-4 py-2 tabular-nums">{row.attempts}</td>
                <td className="max-w-xs px-4 py-2 break-words text-fg-muted">{row.lastError ?? "–"}</td>
                <td className="px-4 py-2">
                  {row.status === "pending"
                    ? row.attempts === 0
                      ? "queued (or in the next digest)"
                      : formatRelative(row.nextAttemptAt, now)
                    : row.status === "delivered"
                      ? `delivered ${formatRelative(row.deliveredAt, now)}`
                      : "gave up"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
