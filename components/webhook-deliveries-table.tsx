import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
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

/**
 * Recent webhook deliveries, failed and pending first. Server-renderable; shared by the
 * notifications page (a person's own) and Settings (every team's), hence here and not in a route.
 */
export function WebhookDeliveriesTable({ rows, now }: { rows: WebhookDeliveryRow[]; now: Date }) {
  if (rows.length === 0)
    return (
      <p className="rounded-lg border border-dashed border-line bg-surface p-6 text-center text-sm text-fg-muted">
        No webhook deliveries yet.
      </p>
    );
  return (
    <Table
      caption="Recent webhook deliveries"
      columns={["Target", "Event", "Status", "Attempts", "Last error", "Next attempt"]}
    >
      {rows.map((row) => {
        // A pending row that has not been tried yet is simply queued, not retrying.
        const status =
          row.status === "pending" && row.attempts === 0
            ? "Queued"
            : (STATUS_LABELS[row.status] ?? row.status);
        const problem = row.status === "failed" || (row.status === "pending" && row.attempts > 0);
        return (
          <TableRow key={row.id} data-testid={`delivery-${row.id}`}>
            <TableRowHeader>
              {row.targetName ?? <span className="text-fg-muted">(removed)</span>}
              <span className="ml-1 text-xs font-normal text-fg-muted">
                {row.targetType === "team" ? "team" : "person"}
              </span>
            </TableRowHeader>
            <TableCell>
              <span className="font-medium">{row.kind ? (KIND_LABELS[row.kind] ?? row.kind) : "Event"}</span>
              {row.title ? <span className="block text-fg-muted">{row.title}</span> : null}
              <RelativeTime date={row.createdAt} now={now} className="block text-xs text-fg-muted" />
            </TableCell>
            <TableCell>
              <span
                className={
                  problem ? "font-medium text-needs-human" : row.status === "delivered" ? "text-finished" : ""
                }
              >
                {status}
              </span>
              {row.lastStatus ? <span className="ml-1 text-fg-muted">(HTTP {row.lastStatus})</span> : null}
            </TableCell>
            <TableCell className="tabular-nums">{row.attempts}</TableCell>
            <TableCell className="max-w-xs break-words text-fg-muted">{row.lastError ?? "–"}</TableCell>
            <TableCell>
              {row.status === "pending" ? (
                row.attempts === 0 ? (
                  "queued (or in the next digest)"
                ) : (
                  <RelativeTime date={row.nextAttemptAt} now={now} />
                )
              ) : row.status === "delivered" ? (
                <>
                  delivered <RelativeTime date={row.deliveredAt} now={now} />
                </>
              ) : (
                "gave up"
              )}
            </TableCell>
          </TableRow>
        );
      })}
    </Table>
  );
}
