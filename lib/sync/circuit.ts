/**
 * The outage circuit, shared by every worker through one `SyncCircuit` row. When GitHub fails
 * everyone (5xx, timeouts), asking again per person on each one's own backoff only hammers it and
 * leaves schedules deep in backoff when it returns. So: once `threshold` different people's syncs
 * failed with an outage and nobody's succeeded since, the circuit opens (one person's flaky
 * requests never open it); while open, cycles do not ask GitHub; every `probeSeconds` one
 * cycle is let through as a probe; the first success closes it and resumes everyone who waited.
 * People waiting on the circuit are not scheduled to probe, so a `sync_probe` job is always pending
 * while it is open (runProbe in schedule.ts).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { queueCircuitProbe, queueUserSync } from "@/lib/jobs/sync";

type Db = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

export type CircuitConfig = { threshold: number; probeSeconds: number; resumeSpreadSeconds: number };

export const DEFAULT_CIRCUIT: CircuitConfig = { threshold: 5, probeSeconds: 10, resumeSpreadSeconds: 15 };

/** "closed": go on; "probe": go on, this cycle tells whether GitHub is back; "open": do not ask. */
export type Admission = "closed" | "probe" | "open";

export async function admit(db: Db, config: CircuitConfig): Promise<Admission> {
  const [row] = await db.$queryRaw<{ openUntil: Date | null }[]>`
    SELECT "openUntil" FROM "SyncCircuit" WHERE id = 1`;
  if (!row?.openUntil) return "closed";
  if (row.openUntil > new Date()) {
    await queueCircuitProbe(db, row.openUntil);
    return "open";
  }
  // Due for a probe: exactly one cycle claims it by pushing the next probe back.
  const claimed = await db.$executeRaw`
    UPDATE "SyncCircuit" SET "openUntil" = now() + make_interval(secs => ${config.probeSeconds}), "updatedAt" = now()
    WHERE id = 1 AND "openUntil" <= now()`;
  return claimed === 1 ? "probe" : "open";
}

/** This person's cycle asked GitHub and failed because GitHub is unavailable. */
export async function recordOutage(db: Db, config: CircuitConfig, userId: string): Promise<void> {
  const [row] = await db.$queryRaw<{ failed: number; open: boolean }[]>`
    INSERT INTO "SyncCircuit" (id, "failedUsers", "updatedAt") VALUES (1, ARRAY[${userId}::text], now())
    ON CONFLICT (id) DO UPDATE SET "updatedAt" = now(),
      "failedUsers" = CASE WHEN ${userId}::text = ANY("SyncCircuit"."failedUsers") THEN "SyncCircuit"."failedUsers"
                           ELSE "SyncCircuit"."failedUsers" || ${userId}::text END
    RETURNING cardinality("failedUsers") AS failed, "openUntil" IS NOT NULL AS open`;
  if (row && !row.open && row.failed >= config.threshold)
    await db.$executeRaw`
      UPDATE "SyncCircuit" SET "openedAt" = now(), "openUntil" = now() + make_interval(secs => ${config.probeSeconds})
      WHERE id = 1 AND "openUntil" IS NULL`;
  const [open] = await db.$queryRaw<{ openUntil: Date | null }[]>`
    SELECT "openUntil" FROM "SyncCircuit" WHERE id = 1`;
  if (open?.openUntil) await queueCircuitProbe(db, open.openUntil);
}

/**
 * A cycle reached GitHub. If the circuit was open, it closes and everyone whose last cycle ended in
 * "GitHub unavailable" is queued again, spread over a few seconds; returns how many.
 */
export async function recordSuccess(db: Db, config: CircuitConfig): Promise<number> {
  const closed = await db.$queryRaw<{ id: number }[]>`
    UPDATE "SyncCircuit" SET "failedUsers" = '{}', "openUntil" = NULL, "openedAt" = NULL, "updatedAt" = now()
    WHERE id = 1 AND (cardinality("failedUsers") > 0 OR "openUntil" IS NOT NULL)
    RETURNING id`;
  if (closed.length === 0) return 0;
  const waiting = await db.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM "UserSyncState" WHERE status = 'github_unavailable'`;
  for (const { userId } of waiting)
    await queueUserSync(db, userId, new Date(Date.now() + Math.random() * config.resumeSpreadSeconds * 1000));
  return waiting.length;
}
