export const TASK_STATES = [
  "waiting_for_user",
  "failed",
  "timed_out",
  "queued",
  "in_progress",
  "idle",
  "completed",
  "cancelled",
] as const;

export type TaskState = (typeof TASK_STATES)[number];

export type StateGroupId = "needs-human" | "in-flight" | "finished";

export interface StateGroup {
  id: StateGroupId;
  label: string;
  description: string;
  states: readonly TaskState[];
}

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

export const STATE_GROUPS: readonly StateGroup[] = [
  {
    id: "needs-human",
    label: "Needs a human",
    description: "Tasks blocked on a person: questions, failures and timeouts.",
    states: ["waiting_for_user", "failed", "timed_out"],
  },
  {
    id: "in-flight",
    label: "In flight",
    description: "Tasks the agent is queued for or working on right now.",
    states: ["queued", "in_progress", "idle"],
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
