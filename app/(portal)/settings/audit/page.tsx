import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { requireAdmin } from "@/lib/auth/session";
import { AUDIT_EXPORT_LIMIT, auditQuery, listAuditEvents } from "@/lib/dal/audit-events";
import { listSignedInPeople } from "@/lib/dal/people";
import { auditFiltersToSearchParams, parseAuditFilters } from "@/lib/validations/audit-filters";
import { AuditFiltersForm } from "./_components/audit-filters-form";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log · Settings" };
export const dynamic = "force-dynamic";

function toSearchParams(query: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(key, item);
  return params;
}

const alertClass = "rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-fg";

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const params = toSearchParams(await searchParams);
  const parsed = parseAuditFilters(params);
  const people = await listSignedInPeople();
  const values = Object.fromEntries(params.entries());
  const heading = (
    <>
      <h2 id="audit-heading" className="text-xl font-semibold">
        Audit log
      </h2>
      <p className="max-w-3xl text-sm text-fg-muted">
        Every change made in Switchyard and every refused attempt: who, as which GitHub identity, what, to
        which object, and whether it worked. Newest first, in your time zone (the time filters are UTC).
      </p>
    </>
  );

  if (!parsed.ok)
    return (
      <section aria-labelledby="audit-heading" className="space-y-4">
        {heading}
        <AuditFiltersForm values={values} people={people} fieldErrors={parsed.fieldErrors} />
        <p role="alert" className={alertClass}>
          Some filters are not valid: fix the highlighted fields, or{" "}
          <Link href="/settings/audit" className="font-medium underline">
            clear the filters
          </Link>
          .
        </p>
      </section>
    );

  const { filters } = parsed;
  const result = await listAuditEvents(auditQuery(filters), { cursor: filters.cursor });
  const filterQuery = auditFiltersToSearchParams(filters).toString();
  const filtered = filterQuery !== "";
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      {heading}
      <AuditFiltersForm values={values} people={people} />
      <p className="text-sm">
        <a href={`/api/audit/export${filtered ? `?${filterQuery}` : ""}`} className="text-accent underline">
          Export {filtered ? "these events" : "the log"} as CSV
        </a>{" "}
        <span className="text-fg-muted">
          (newest first, at most {AUDIT_EXPORT_LIMIT.toLocaleString("en")} rows; the export is recorded here
          too)
        </span>
      </p>
      {!result.ok ? (
        <p role="alert" className={alertClass}>
          That page link is not valid (it was changed or cut short).{" "}
          <Link
            href={`/settings/audit${filtered ? `?${filterQuery}` : ""}`}
            className="font-medium underline"
          >
            Go to the newest events
          </Link>
          .
        </p>
      ) : result.page.rows.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "Nothing recorded yet"}>
          <p>
            Changes to settings, launches, campaigns, templates and triage, each refused attempt, and every
            export of this log appear here as they happen.
          </p>
          {filtered ? (
            <p className="mt-2">
              <Link href="/settings/audit" className="text-accent underline">
                Show every event
              </Link>
            </p>
          ) : null}
        </EmptyState>
      ) : (
        <>
          <AuditTable rows={result.page.rows} />
          <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
            {filters.cursor ? (
              <Link
                href={`/settings/audit${filtered ? `?${filterQuery}` : ""}`}
                className="text-accent underline"
              >
                Newest events
              </Link>
            ) : null}
            {result.page.nextCursor ? (
              <Link
                href={`/settings/audit?${auditFiltersToSearchParams(filters, result.page.nextCursor).toString()}`}
                className="text-accent underline"
              >
                Older events
              </Link>
            ) : (
              <span className="text-fg-muted">No older events.</span>
            )}
          </nav>
        </>
      )}
    </section>
  );
}
