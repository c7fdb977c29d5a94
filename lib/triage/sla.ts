/**
 * Triage SLA targets: how long an item may wait in each needs-human state before it escalates.
 * Settings stores overrides in SlaTarget; a state without a row uses its default.
 * Used by the worker too: no "server-only", and the Prisma client is passed in.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { NEEDS_HUMAN_STATES, type NeedsHumanState, type TaskState } from "@/lib/task-states";

export const DEFAULT_SLA_MINUTES = {
  waiting_for_user: 240,
  failed: 1440,
  timed_out: 1440,
} as const satisfies Record<NeedsHumanState, number>;

/** Bounds Settings accepts: 5 minutes to 30 days. */
export const MIN_SLA_MINUTES = 5;
export const MAX_SLA_MINUTES = 30 * 24 * 60;

/** Any client with the SlaTarget model: a PrismaClient or a transaction. */
export type SlaReader = Pick<PrismaClient, "slaTarget">;

export function isNeedsHumanState(state: string): state is NeedsHumanState {
  return (NEEDS_HUMAN_STATES as readonly string[]).includes(state);
}

/** The target for every needs-human state: stored rows override the defaults. */
export async function slaTargets(db: SlaReader): Promise<Record<NeedsHumanState, number>> {
  const rows = await db.slaTarget.findMany({ where: { state: { in: [...NEEDS_HUMAN_STATES] } } });
  const targets: Record<NeedsHumanState, number> = { ...DEFAULT_SLA_MINUTES };
  for (const row of rows) if (isNeedsHumanState(row.state)) targets[row.state] = row.minutes;
  return targets;
}

/** The target for one state, in minutes. */
export async function slaMinutes(db: SlaReader, state: TaskState): Promise<number> {
  const row = await db.slaTarget.findUnique({ where: { state } });
  if (row) return row.minutes;
  // Items only open in needs-human states; anything else gets the longest default rather than none.
  return isNeedsHumanState(state)
    ? DEFAULT_SLA_MINUTES[state]
    : Math.max(...Object.values(DEFAULT_SLA_MINUTES));
}
