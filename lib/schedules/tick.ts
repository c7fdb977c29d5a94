/**
 * The scheduler's tick: claims each schedule's due slot exactly once, however many workers tick at
 * the same time and whatever crashed before. Two guards, either enough on its own:
 * - the schedule's row is locked (FOR UPDATE SKIP LOCKED) while its slots are claimed, and the claim
 *   moves `lastSlotAt`/`nextSlotAt` in the same transaction, so a second tick finds nothing due;
 * - ScheduleRun is unique on (scheduleId, slot), and the run's job has the key `schedule-run:<id>`.
 * The run itself happens in that job (./run.ts). `now` is passed in: the worker's cron job passes the
 * time it runs at; tests pass the time they want (see docs/architecture.md, "Time in schedules").
 * Used by the worker: no "server-only" here.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { dueSlots, nextSlots } from "./cron";

type Tx = Prisma.TransactionClient;

/** A slot whose tick comes later than this after it was missed (the scheduler was down). */
export const ON_TIME_MS = 5 * 60_000;

export const scheduleRunJobKey = (runId: string) => `schedule-run:${runId}`;

export async function queueScheduleRun(db: Pick<PrismaClient, "$executeRaw">, runId: string) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('schedule_run', json_build_object('runId', ${runId}::text),
      job_key := ${scheduleRunJobKey(runId)}, job_key_mode := 'preserve_run_at', max_attempts := 5)`;
}

/** The first slot a schedule waits for from `from` (on creation, on resume, after a change). */
export function firstSlotAfter(schedule: { cron: string; timeZone: string }, from: Date): Date | null {
  return nextSlots(schedule.cron, schedule.timeZone, from, 1)[0] ?? null;
}

export type TickReport = { claimed: number; skipped: number };

type Locked = {
  id: string;
  cron: string;
  timeZone: string;
  missed: "run_once" | "skip";
  lastSlotAt: Date | null;
  nextSlotAt: Date | null;
};

/** Claims the due slot of every enabled schedule whose next slot has come. */
export async function claimDueSlots(db: PrismaClient, now: Date): Promise<TickReport> {
  const due = await db.schedule.findMany({
    where: { enabled: true, nextSlotAt: { lte: now } },
    select: { id: true },
    orderBy: { nextSlotAt: "asc" },
    take: 200,
  });
  const report: TickReport = { claimed: 0, skipped: 0 };
  for (const { id } of due) {
    const outcome = await db.$transaction((tx) => claimOne(tx, id, now));
    if (outcome === "claimed") report.claimed++;
    if (outcome === "skipped") report.skipped++;
  }
  return report;
}

async function claimOne(tx: Tx, id: string, now: Date): Promise<"claimed" | "skipped" | "none"> {
  // Another worker holding this row is claiming it right now: leave it to that one.
  const [schedule] = await tx.$queryRaw<Locked[]>`
    SELECT id, cron, "timeZone", missed::text AS missed, "lastSlotAt", "nextSlotAt" FROM "Schedule"
    WHERE id = ${id} AND enabled AND "nextSlotAt" <= ${now} FOR UPDATE SKIP LOCKED`;
  if (!schedule) return "none";
  // Slots after the last one handled; the first is nextSlotAt (set on creation or resume).
  const after = schedule.lastSlotAt ?? new Date(schedule.nextSlotAt!.getTime() - 1);
  const { latest, count } = dueSlots(schedule.cron, schedule.timeZone, after, now);
  const nextSlotAt = firstSlotAfter(schedule, latest ?? now);
  if (!latest) {
    await tx.schedule.update({ where: { id }, data: { nextSlotAt } });
    return "none";
  }
  const late = now.getTime() - latest.getTime() > ON_TIME_MS;
  const earlier = count - 1;
  const skip = late && schedule.missed === "skip";
  const reason = skip
    ? `Missed: no worker ran at ${latest.toISOString()}${earlier > 0 ? ` (nor at ${earlier} earlier time${earlier === 1 ? "" : "s"})` : ""}; this schedule skips missed runs.`
    : earlier > 0
      ? `One run for ${count} missed times (the scheduler was down).`
      : null;
  const [run] = await tx.scheduleRun.createManyAndReturn({
    data: [
      {
        scheduleId: id,
        slot: latest,
        status: skip ? "skipped" : "pending",
        reason,
        code: skip ? "missed" : null,
        finishedAt: skip ? now : null,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  await tx.schedule.update({ where: { id }, data: { lastSlotAt: latest, nextSlotAt } });
  if (!run) return "none";
  if (skip) return "skipped";
  await queueScheduleRun(tx, run.id);
  return "claimed";
}
