/**
 * The one writer of audit records: who did what, as which GitHub identity, to which object, with
 * what outcome. Callers pass the transaction that makes the change, so the record and the change
 * commit (or roll back) together. Worker-safe: takes its client by injection, no server-only.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";

/** A client or an interactive transaction: what the audit record is written with. */
export type AuditDb = Pick<PrismaClient, "auditEvent"> | Pick<Prisma.TransactionClient, "auditEvent">;

export type AuditEventInput = {
  action: string;
  actorId?: string | null;
  actorLogin?: string | null;
  /** The GitHub login whose token the action used, when it used one. */
  githubIdentity?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  details?: Prisma.InputJsonObject;
  /** "ok", or the failure code. */
  outcome?: string;
};

/** Keeps audit details readable and bounded: long strings are cut, deep values summarised. */
function bounded(value: unknown, depth = 0): Prisma.InputJsonValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (depth > 4) return "[…]";
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => bounded(item, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, Prisma.InputJsonValue | null> = {};
    for (const [key, item] of Object.entries(value).slice(0, 100)) out[key] = bounded(item, depth + 1);
    return out as Prisma.InputJsonObject;
  }
  return String(value);
}

export async function writeAudit(db: AuditDb, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: event.action,
      actorId: event.actorId ?? null,
      actorLogin: event.actorLogin ?? null,
      githubIdentity: event.githubIdentity ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      details: (bounded(event.details ?? {}) ?? {}) as Prisma.InputJsonObject,
      outcome: event.outcome ?? "ok",
    },
  });
}

/** Fields of an audit record a caller adds to the one an action started (target, details, outcome). */
export type AuditFields = Omit<AuditEventInput, "action" | "actorId" | "actorLogin"> & { action?: string };

/**
 * Writes an action's audit record in the transaction that makes its change. Core functions take one
 * from their caller (an action's `ctx.recordIn`, the API, or the worker) and call it inside their
 * own transaction, so the record commits with the change.
 */
export type AuditRecorder = (tx: AuditDb, fields?: AuditFields) => Promise<void>;
