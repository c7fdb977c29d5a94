/**
 * Triage SLA targets: how long an item may wait before it escalates. Failure items wait in a
 * needs-human state; review items are the only items in `completed` (a completed task's pull request
 * awaiting review), so `completed` holds the review target. Settings stores overrides in SlaTarget;
 * a state without a row uses its default.
 * Used by the worker too: no "server-only", and the Prisma client is passed in.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { NEEDS_HUMAN_STATES, STATE_LABELS, type TaskState } from "@/lib/task-states";

/** The states a triage item can be in: the needs-human states, and `completed` for review items. */
export const SLA_STATES = [...NEEDS_HUMAN_STATES, "completed"] as const;
export type SlaState = (typeof SLA_STATES)[number];

/** The state a review item carries (and its SLA's key). */
export const REVIEW_STATE = "completed" satisfies SlaState;

/** How a triage item's state is named in Settings (SLA targets, routing rules). */
export function triageStateLabel(state: TaskState): string {
  return state === REVIEW_STATE ? "Review (open pull request)" : STATE_LABELS[state];
}

export const DEFAULT_SLA_MINUTES = {
  waiting_for_user: 240,
  failed: 1440,
  timed_out: 1440,
  completed: 1440,
} as const satisfies Record<SlaState, number>;

/** Bounds Settings accepts: 5 minutes to 30 days. */
export const MIN_SLA_MINUTES = 5;
export const MAX_SLA_MINUTES = 30 * 24 * 60;

/** Any client with the SlaTarget model: a PrismaClient or a transaction. */
export type SlaReader = Pick<PrismaClient, "slaTarget">;

export function isSlaState(state: string): state is SlaState {
  return (SLA_STATES as readonly string[]).includes(state);
}

/** The target for every item state: stored rows override the defaults. */
export async function slaTargets(db: SlaReader): Promise<Record<SlaState, number>> {
  const rows = await db.slaTarget.findMany({ where: { state: { in: [...SLA_STATES] } } });
  const targets: Record<SlaState, number> = { ...DEFAULT_SLA_MINUTES };
  for (const row of rows) if (isSlaState(row.state)) targets[row.state] = row.minutes;
  return targets;
}

/** The target for one state, in minutes. */
export async function slaMinutes(db: SlaReader, state: TaskState): Promise<number> {
  const row = await db.slaTarget.findUnique({ where: { state } });
  if (row) return row.minutes;
  // Items only open in these states; anything else gets the longest default rather than none.
  return isSlaState(state) ? DEFAULT_SLA_MINUTES[state] : Math.max(...Object.values(DEFAULT_SLA_MINUTES));
}
