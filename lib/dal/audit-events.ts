import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { idSchema } from "@/lib/validations/common";
import { auditTimeRange, type AuditFilters } from "@/lib/validations/audit-filters";

/** What a page of the audit log shows of one record. Admins only: details can name anything. */
export type AuditEventDto = {
  id: string;
  at: Date;
  actorLogin: string | null;
  githubIdentity: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** For a triage item: its task, whose page shows the item. */
  triageTaskId: string | null;
  outcome: string;
  details: Prisma.JsonValue;
};

export type AuditPage = { rows: AuditEventDto[]; nextCursor: string | null };

/** The most rows one CSV export writes: enough for an investigation, not a bulk copy of the log. */
export const AUDIT_EXPORT_LIMIT = 50_000;
export const AUDIT_PAGE_SIZE = 50;

/** The filters with the time range as instants (`before` exclusive). */
export type AuditQuery = Omit<AuditFilters, "from" | "to" | "cursor"> & { from?: Date; before?: Date };

export function auditQuery(filters: AuditFilters): AuditQuery {
  const { from: _from, to: _to, cursor: _cursor, ...rest } = filters;
  return { ...rest, ...auditTimeRange(filters) };
}

type Cursor = { at: Date; id: string };

export function encodeAuditCursor(row: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ at: row.at.toISOString(), id: row.id })).toString("base64url");
}

/** A page link's position; null for anything this code did not write (a crafted cursor). */
export function decodeAuditCursor(cursor: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null) return null;
    const { at, id } = value as Record<string, unknown>;
    if (typeof at !== "string" || !idSchema.safeParse(id).success) return null;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) || date.toISOString() !== at ? null : { at: date, id: id as string };
  } catch {
    return null;
  }
}

/** WHERE conditions for a query; each one is served by an AuditEvent index (see schema.prisma). */
async function conditionsFor(query: AuditQuery): Promise<Prisma.Sql[]> {
  const conditions: Prisma.Sql[] = [];
  if (query.actor) {
    // By id where the login is a person (index on actorId); otherwise by the recorded name (the worker).
    const user = await db.user.findFirst({
      where: { login: { equals: query.actor, mode: "insensitive" } },
      select: { id: true },
    });
    conditions.push(
      user ? Prisma.sql`e."actorId" = ${user.id}` : Prisma.sql`lower(e."actorLogin") = lower(${query.actor})`,
    );
  }
  if (query.action) conditions.push(Prisma.sql`starts_with(e.action, ${query.action})`);
  if (query.targetType) conditions.push(Prisma.sql`e."targetType" = ${query.targetType}`);
  if (query.targetId) conditions.push(Prisma.sql`e."targetId" = ${query.targetId}`);
  if (query.outcome === "failure") conditions.push(Prisma.sql`e.outcome <> 'ok'`);
  else if (query.outcome) conditions.push(Prisma.sql`e.outcome = ${query.outcome}`);
  if (query.from) conditions.push(Prisma.sql`e.at >= ${query.from}`);
  if (query.before) conditions.push(Prisma.sql`e.at < ${query.before}`);
  return conditions;
}

const where = (conditions: Prisma.Sql[]) =>
  conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

/**
 * One page of the audit log, newest first, keyset-paged on (at, id) so a deep page costs what the
 * first does. A cursor this code did not write is refused, not guessed at.
 */
export async function listAuditEvents(
  query: AuditQuery,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<{ ok: true; page: AuditPage } | { ok: false; reason: "bad_cursor" }> {
  const limit = Math.min(Math.max(options.limit ?? AUDIT_PAGE_SIZE, 1), 500);
  const conditions = await conditionsFor(query);
  if (options.cursor) {
    const cursor = decodeAuditCursor(options.cursor);
    if (!cursor) return { ok: false, reason: "bad_cursor" };
    conditions.push(Prisma.sql`(e.at, e.id) < (${cursor.at}, ${cursor.id})`);
  }
  const rows = await db.$queryRaw<AuditEventDto[]>`
    SELECT e.id, e.at, e."actorLogin", e."githubIdentity", e.action, e."targetType", e."targetId",
      e.outcome, e.details, t."taskId" AS "triageTaskId"
    FROM "AuditEvent" e
    LEFT JOIN "TriageItem" t ON e."targetType" = 'triage_item' AND t.id = e."targetId"
    ${where(conditions)}
    ORDER BY e.at DESC, e.id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    ok: true,
    page: { rows: page, nextCursor: rows.length > limit && last ? encodeAuditCursor(last) : null },
  };
}

/** How many records match, counting no further than `cap` (so a count never scans the whole log). */
export async function countAuditEvents(query: AuditQuery, cap: number): Promise<number> {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM (
      SELECT 1 FROM "AuditEvent" e ${where(await conditionsFor(query))} LIMIT ${cap}
    ) matched`;
  return Number(row?.count ?? 0);
}

/** Every matching record, newest first, page by page, at most `max` (for the CSV export). */
export async function* iterateAuditEvents(query: AuditQuery, max: number): AsyncGenerator<AuditEventDto> {
  let cursor: string | null = null;
  let left = max;
  while (left > 0) {
    const result = await listAuditEvents(query, { cursor, limit: Math.min(500, left) });
    if (!result.ok) return;
    yield* result.page.rows;
    left -= result.page.rows.length;
    cursor = result.page.nextCursor;
    if (!cursor) return;
  }
}

/** Records an export of the log (or a refused attempt): who, with which filters, how many rows. */
export async function recordAuditExport(
  user: Pick<SignedInUser, "id" | "login">,
  fields: { outcome?: string; details: Prisma.InputJsonObject },
): Promise<void> {
  await writeAudit(db, {
    action: "audit.export",
    actorId: user.id,
    actorLogin: user.login,
    targetType: "audit_log",
    ...fields,
  });
}
