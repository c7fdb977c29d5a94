import Link from "next/link";
import { Table, TableCell, TableRow } from "@/components/ui/table";
import { AbsoluteTime } from "@/components/ui/time";
import type { AuditEventDto } from "@/lib/dal/audit-events";

/** Where a target's page is, for the types that have one. */
function targetHref(row: AuditEventDto): string | null {
  const id = row.targetId ? encodeURIComponent(row.targetId) : null;
  switch (row.targetType) {
    case "agent_task":
      return id && `/tasks/${id}`;
    case "campaign":
      return id && `/campaigns/${id}`;
    case "template":
      return id && `/templates/${id}`;
    case "repository_setup":
      return id && `/launch/new-repository/${id}`;
    case "triage_item":
      // An item has no page of its own: its task's page shows it.
      return row.triageTaskId && `/tasks/${encodeURIComponent(row.triageTaskId)}`;
    case "team":
      return "/settings/teams";
    case "routing_rule":
      return "/settings/routing";
    case "repository_policy":
    case "repository":
      return "/settings/policies";
    case "sla_target":
      return "/settings/sla";
    default:
      return null;
  }
}

function hasDetails(details: AuditEventDto["details"]): boolean {
  return details !== null && (typeof details !== "object" || Object.keys(details).length > 0);
}

export function AuditTable({ rows }: { rows: AuditEventDto[] }) {
  return (
    <Table
      caption="Audit events, newest first"
      columns={["When", "Who", "Action", "Target", "Outcome", "Details"]}
    >
      {rows.map((row) => {
        const href = targetHref(row);
        const target = row.targetType ? `${row.targetType}${row.targetId ? ` ${row.targetId}` : ""}` : "—";
        return (
          <TableRow key={row.id} data-testid="audit-row">
            <TableCell className="whitespace-nowrap">
              <AbsoluteTime date={row.at} seconds />
            </TableCell>
            <TableCell>
              {row.actorLogin ? (
                <Link
                  href={`/settings/audit?actor=${encodeURIComponent(row.actorLogin)}`}
                  className="text-accent underline"
                  title={`Only ${row.actorLogin}'s events`}
                >
                  {row.actorLogin}
                </Link>
              ) : (
                <span className="text-fg-muted">unknown</span>
              )}
              {row.githubIdentity ? (
                <span className="block text-xs text-fg-muted">as GitHub {row.githubIdentity}</span>
              ) : null}
            </TableCell>
            <TableCell className="font-mono text-xs">{row.action}</TableCell>
            <TableCell className="break-all">
              {href ? (
                <Link href={href} className="text-accent underline">
                  {target}
                </Link>
              ) : (
                target
              )}
            </TableCell>
            <TableCell>
              <span className={row.outcome === "ok" ? "text-finished" : "font-medium text-needs-human"}>
                {row.outcome}
              </span>
            </TableCell>
            <TableCell>
              {hasDetails(row.details) ? (
                <details>
                  <summary className="cursor-pointer text-accent">Details</summary>
                  <pre className="mt-1 max-w-md overflow-x-auto text-xs whitespace-pre-wrap">
                    {JSON.stringify(row.details, null, 2)}
                  </pre>
                </details>
              ) : (
                <span className="text-fg-muted">—</span>
              )}
            </TableCell>
          </TableRow>
        );
      })}
    </Table>
  );
}
