import { fail } from "@/lib/result";
import {
  AUDIT_EXPORT_LIMIT,
  auditQuery,
  countAuditEvents,
  iterateAuditEvents,
  recordAuditExport,
  type AuditEventDto,
} from "@/lib/dal/audit-events";
import { csvDownload, type CsvColumn } from "@/lib/http/csv-download";
import { jsonRoute } from "@/lib/http/route";
import { auditFiltersToSearchParams, parseAuditFilters } from "@/lib/validations/audit-filters";

const COLUMNS: CsvColumn<AuditEventDto>[] = [
  ["at", (row) => row.at.toISOString()],
  ["actor", (row) => row.actorLogin ?? ""],
  ["github_identity", (row) => row.githubIdentity ?? ""],
  ["action", (row) => row.action],
  ["target_type", (row) => row.targetType ?? ""],
  ["target_id", (row) => row.targetId ?? ""],
  ["outcome", (row) => row.outcome],
  ["details", (row) => JSON.stringify(row.details ?? {})],
];

/**
 * The audit log with the page's filters, as CSV, newest first, streamed page by page and capped at
 * AUDIT_EXPORT_LIMIT rows. Admins only; the export itself is recorded with its filters and rows.
 */
export const GET = jsonRoute({}, async ({ user, request }) => {
  if (user.role !== "admin") {
    await recordAuditExport(user, { outcome: "forbidden", details: {} });
    return fail("forbidden", "Only an admin can export the audit log.");
  }
  const parsed = parseAuditFilters(new URL(request.url).searchParams);
  if (!parsed.ok)
    return fail("invalid_input", "Some filters are not valid.", { fieldErrors: parsed.fieldErrors });
  const { cursor: _cursor, ...filters } = parsed.filters;
  // Only what was recorded before the export started: the log grows while it streams.
  const startedAt = new Date();
  const query = auditQuery(filters);
  if (!query.before || query.before > startedAt) query.before = startedAt;

  const matching = await countAuditEvents(query, AUDIT_EXPORT_LIMIT + 1);
  const rows = Math.min(matching, AUDIT_EXPORT_LIMIT);
  const truncated = matching > AUDIT_EXPORT_LIMIT;
  await recordAuditExport(user, {
    details: { filters: auditFiltersToSearchParams(filters).toString(), rows, truncated },
  });

  return csvDownload({
    name: "switchyard-audit",
    columns: COLUMNS,
    rows: iterateAuditEvents(query, AUDIT_EXPORT_LIMIT),
    stampedAt: startedAt,
    headers: { "x-switchyard-rows": String(rows), "x-switchyard-truncated": String(truncated) },
  });
});
