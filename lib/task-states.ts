/**
 * The task vocabulary: GitHub's eight agent-task states (Prisma's TaskState enum), their labels,
 * the three groups the dashboard shows, and the named sets every rule uses. The one place a state
 * rule is written; client-safe.
 */
import { TaskState } from "@/generated/prisma/enums";

export { TaskState };

/** All eight states, in the order people read them: what needs a human first. */
export const TASK_STATES = [
  "waiting_for_user",
  "failed",
  "timed_out",
  "queued",
  "in_progress",
  "idle",
  "completed",
  "cancelled",
] as const satisfies readonly TaskState[];

export const STATE_LABELS: Record<TaskState, string> = {
  waiting_for_user: "Waiting for you",
  failed: "Failed",
  timed_out: "Timed out",
  queued: "Queued",
  in_progress: "In progress",
  idle: "Idle",
  completed: "Completed",
  cancelled: "Cancelled",
};

/** Blocked on a person: a question, a failure or a timeout. Triage opens an item for these. */
export const NEEDS_HUMAN_STATES = [
  "waiting_for_user",
  "failed",
  "timed_out",
] as const satisfies readonly TaskState[];
export type NeedsHumanState = (typeof NEEDS_HUMAN_STATES)[number];

/** Queued for the agent or being worked on: GitHub may change these without anyone acting. */
export const RUNNING_STATES = ["queued", "in_progress"] as const satisfies readonly TaskState[];

/** The dashboard's "in flight": running, or idle (the turn ended; the task can go on). */
export const IN_FLIGHT_STATES = ["queued", "in_progress", "idle"] as const satisfies readonly TaskState[];

/** Not finished: running, idle or waiting for an answer. A second task for the same change would clash. */
export const OPEN_STATES = [
  "queued",
  "in_progress",
  "waiting_for_user",
  "idle",
] as const satisfies readonly TaskState[];

/** Final: the task will not change again by itself. */
export const FINISHED_STATES = [
  "completed",
  "failed",
  "timed_out",
  "cancelled",
] as const satisfies readonly TaskState[];

/** Ended in failure (cancelled is a person's choice, not a failure): the failure rate counts these. */
export const FAILURE_STATES = ["failed", "timed_out"] as const satisfies readonly TaskState[];

/** Finished without success: these can be started again. */
export const RETRYABLE_STATES = ["failed", "timed_out", "cancelled"] as const satisfies readonly TaskState[];

const has = (set: readonly TaskState[]) => (state: string | null | undefined) =>
  state != null && (set as readonly string[]).includes(state);

export const isTaskState = (value: unknown): value is TaskState =>
  typeof value === "string" && (TASK_STATES as readonly string[]).includes(value);
export const needsHuman = has(NEEDS_HUMAN_STATES) as (
  state: string | null | undefined,
) => state is NeedsHumanState;
export const isRunning = has(RUNNING_STATES);
export const isOpen = has(OPEN_STATES);
export const isFinished = has(FINISHED_STATES);
export const isRetryable = has(RETRYABLE_STATES);

export type StateGroupId = "needs-human" | "in-flight" | "finished";

export interface StateGroup {
  id: StateGroupId;
  label: string;
  description: string;
  states: readonly TaskState[];
}

export const STATE_GROUPS: readonly StateGroup[] = [
  {
    id: "needs-human",
    label: "Needs a human",
    description: "Tasks blocked on a person: questions, failures and timeouts.",
    states: NEEDS_HUMAN_STATES,
  },
  {
    id: "in-flight",
    label: "In flight",
    description: "Tasks the agent is queued for or working on right now.",
    states: IN_FLIGHT_STATES,
  },
  {
    id: "finished",
    label: "Finished",
    description: "Tasks that have reached a final state.",
    states: ["completed", "cancelled"],
  },
];

export function groupOfState(state: TaskState): StateGroup {
  const group = STATE_GROUPS.find((g) => g.states.includes(state));
  if (!group) throw new Error(`Unknown task state: ${state}`);
  return group;
}
