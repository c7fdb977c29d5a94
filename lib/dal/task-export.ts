import "server-only";
/**
 * Exporting the queue: what a person may see of a view, at most EXPORT_ROW_LIMIT rows, one export
 * per person at a time (a lease row; a crashed export's lease expires), and an audit record of each
 * with its filters, how many rows went out and how it ended.
 */
import { randomUUID } from "node:crypto";
import type { SignedInUser } from "@/lib/auth/session";
import { writeAudit } from "@/lib/audit";
import { iterateTasks, type TaskListRow } from "./tasks";
import { db } from "@/lib/db";
import { FailureError } from "@/lib/errors";
import { taskFiltersToSearchParams, type TaskFilters } from "@/lib/validations/task-filters";

/** The most rows one export sends; the file says so in a last comment line when it stops there. */
export const EXPORT_ROW_LIMIT = 50_000;
/** Renewed with every page; a killed export frees the person after this long. */
const LEASE_SECONDS = 120;

export type TaskExport = {
  /** The rows, stopping after EXPORT_ROW_LIMIT. */
  rows: AsyncGenerator<TaskListRow>;
  /** Rows handed out so far, and whether the limit cut the view short. */
  progress: () => { rows: number; truncated: boolean };
  /** Frees the person's lease and writes the audit record (once, however often called). */
  end: (outcome: "ok" | "cancelled" | "failed") => Promise<void>;
};

/**
 * Starts an export of `filters` for `viewer`. Throws FailureError("rate_limited") while another
 * export of theirs is running.
 */
export async function beginTaskExport(
  viewer: Pick<SignedInUser, "id" | "login" | "role">,
  filters: TaskFilters,
  /** Exactly these tasks (the queue's "Export selected"), still only those the viewer may see. */
  ids?: string[],
  limit = EXPORT_ROW_LIMIT,
  /** What the file is, for the audit record. */
  format: "csv" | "json" = "csv",
): Promise<TaskExport> {
  const token = randomUUID();
  const taken = await db.$queryRaw<{ token: string }[]>`
    INSERT INTO "ExportLease" ("userId", token, "expiresAt")
    VALUES (${viewer.id}, ${token}, now() + make_interval(secs => ${LEASE_SECONDS}))
    ON CONFLICT ("userId") DO UPDATE SET token = EXCLUDED.token, "expiresAt" = EXCLUDED."expiresAt"
    WHERE "ExportLease"."expiresAt" < now()
    RETURNING token`;
  if (taken.length === 0)
    throw new FailureError(
      "rate_limited",
      "An export of yours is still running. Let it finish (or cancel it), then try again.",
      { retryAfterSeconds: 10 },
    );

  let count = 0;
  let truncated = false;
  let ended = false;
  const renew = () =>
    db.$executeRaw`
      UPDATE "ExportLease" SET "expiresAt" = now() + make_interval(secs => ${LEASE_SECONDS})
      WHERE "userId" = ${viewer.id} AND token = ${token}`;

  async function* rows(): AsyncGenerator<TaskListRow> {
    for await (const row of iterateTasks({ filters, viewer, ids })) {
      if (count >= limit) {
        truncated = true;
        return;
      }
      count++;
      // Once per page of the underlying reads.
      if (count % 500 === 0) await renew();
      yield row;
    }
  }

  return {
    rows: rows(),
    progress: () => ({ rows: count, truncated }),
    end: async (outcome) => {
      if (ended) return;
      ended = true;
      await db.$transaction(async (tx) => {
        await tx.$executeRaw`DELETE FROM "ExportLease" WHERE "userId" = ${viewer.id} AND token = ${token}`;
        await writeAudit(tx, {
          action: "task.export",
          actorId: viewer.id,
          actorLogin: viewer.login,
          targetType: "task_view",
          details: {
            filters: taskFiltersToSearchParams(filters).toString(),
            format,
            ...(ids ? { ids: ids.length } : {}),
            rows: count,
            truncated,
            limit,
          },
          outcome,
        });
      });
    },
  };
}
