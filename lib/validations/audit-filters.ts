/**
 * The audit log's filters as they live in the URL (`/settings/audit?actor=alice&action=campaign.`),
 * shared by the page and the CSV export. Times are UTC: a date alone means that whole day.
 * Client-safe.
 */
import { z } from "zod";
import { ERROR_CODES } from "@/lib/result";

/** Outcome choices: "ok", any failure, or one failure code (refusals recorded by actions). */
export const AUDIT_OUTCOMES = ["ok", "failure", ...ERROR_CODES] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/** A UTC instant from "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]", and how long the value lasts. */
function parseInstant(value: string): { start: Date; lengthMs: number } | null {
  const isDate = DATE.test(value);
  if (!isDate && !DATE_TIME.test(value)) return null;
  const start = new Date(isDate ? `${value}T00:00:00Z` : `${value}Z`);
  // Date accepts 2026-02-31 by rolling over: only a value that reads back the same is a real time.
  if (Number.isNaN(start.getTime()) || !start.toISOString().startsWith(value)) return null;
  const lengthMs = isDate ? 86_400_000 : value.length === 16 ? 60_000 : 1_000;
  return { start, lengthMs };
}

const instant = z
  .string()
  .trim()
  .refine((value) => parseInstant(value) !== null, "Use a date (YYYY-MM-DD) or a date and time (UTC).");

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    schema.optional(),
  );

export const auditFiltersSchema = z
  .object({
    /** A GitHub login, or the worker's name ("switchyard"). */
    actor: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "Use a GitHub login, e.g. alice."),
    ),
    /** A prefix: "campaign." matches every campaign action, "team.create" just that one. */
    action: optional(
      z
        .string()
        .trim()
        .max(100, "Keep the action under 100 characters.")
        .regex(/^[a-z0-9_.]+$/, "Use an action or its start, e.g. campaign. or team.create."),
    ),
    targetType: optional(
      z
        .string()
        .trim()
        .regex(/^[a-z_]{1,40}$/, "Use a target type, e.g. campaign."),
    ),
    targetId: optional(z.string().trim().max(200, "Keep the target id under 200 characters.")),
    outcome: optional(z.enum(AUDIT_OUTCOMES, "Pick an outcome from the list.")),
    from: optional(instant),
    to: optional(instant),
    cursor: optional(z.string().max(200, "That page link is not valid.")),
  })
  .superRefine((filters, ctx) => {
    const from = filters.from ? parseInstant(filters.from) : null;
    const to = filters.to ? parseInstant(filters.to) : null;
    if (from && to && from.start.getTime() >= to.start.getTime() + to.lengthMs)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end is before the start." });
  });

export type AuditFilters = z.output<typeof auditFiltersSchema>;

export type AuditFilterResult =
  { ok: true; filters: AuditFilters } | { ok: false; fieldErrors: Record<string, string[]> };

const KEYS = ["actor", "action", "targetType", "targetId", "outcome", "from", "to", "cursor"] as const;

/** Reads the filters from a URL's query; a repeated parameter is refused rather than guessed at. */
export function parseAuditFilters(params: URLSearchParams): AuditFilterResult {
  const input: Record<string, string> = {};
  const fieldErrors: Record<string, string[]> = {};
  for (const key of KEYS) {
    const values = params.getAll(key);
    if (values.length > 1) fieldErrors[key] = ["Give this filter once."];
    else if (values[0] !== undefined) input[key] = values[0];
  }
  const parsed = auditFiltersSchema.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      (fieldErrors[String(issue.path[0] ?? "_form")] ??= []).push(issue.message);
  if (Object.keys(fieldErrors).length || !parsed.success) return { ok: false, fieldErrors };
  return { ok: true, filters: parsed.data };
}

/** The filters as a query string (no cursor unless given): for links, the export and the next page. */
export function auditFiltersToSearchParams(filters: AuditFilters, cursor?: string | null): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = key === "cursor" ? cursor : filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The time range as instants: `from` inclusive, `to` through the end of the minute or day given. */
export function auditTimeRange(filters: Pick<AuditFilters, "from" | "to">): { from?: Date; before?: Date } {
  const from = filters.from ? parseInstant(filters.from) : null;
  const to = filters.to ? parseInstant(filters.to) : null;
  return {
    ...(from ? { from: from.start } : {}),
    ...(to ? { before: new Date(to.start.getTime() + to.lengthMs) } : {}),
  };
}
