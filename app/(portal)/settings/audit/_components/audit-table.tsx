import Link from "next/link";
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

/** 2026-05-01 14:03:07 UTC: exact, sortable, and the same for every reader. */
function utc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function hasDetails(details: AuditEventDto["details"]): boolean {
  return details !== null && (typeof details !== "object" || Object.keys(details).length > 0);
}

export function AuditTable({ rows }: { rows: AuditEventDto[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="border-b border-line text-fg-muted">
          <tr>
            {["When", "Who", "Action", "Target", "Outcome", "Details"].map((name) => (
              <th key={name} scope="col" className="px-3 py-2 font-medium">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const href = targetHref(row);
            const target = row.targetType
              ? `${row.targetType}${row.targetId ? ` ${row.targetId}` : ""}`
              : "—";
            return (
              <tr
                key={row.id}
                className="border-b border-line align-top last:border-0"
                data-testid="audit-row"
              >
                <td className="px-3 py-2 whitespace-nowrap">
                  <time dateTime={row.at.toISOString()}>{utc(row.at)}</time>
                </td>
                <td className="px-3 py-2">
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
                </td>
                <td className="px-3 py-2 font-mono text-xs">{row.action}</td>
                <td className="px-3 py-2 break-all">
                  {href ? (
                    <Link href={href} className="text-accent underline">
                      {target}
                    </Link>
                  ) : (
                    target
                  )}
                </td>
                <td className="px-3 py-2">
                  <span className={row.outcome === "ok" ? "text-finished" : "font-medium text-needs-human"}>
                    {row.outcome}
                  </span>
                </td>
                <td className="px-3 py-2">
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
