import clsx from "clsx";
import { groupOfState, STATE_LABELS, type StateGroupId, type TaskState } from "@/lib/task-states";

const GROUP_CLASSES: Record<StateGroupId, string> = {
  "needs-human": "border-needs-human bg-needs-human-soft text-needs-human",
  "in-flight": "border-in-flight bg-in-flight-soft text-in-flight",
  finished: "border-finished bg-finished-soft text-finished",
};

export function StateBadge({ state, className }: { state: TaskState; className?: string }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs font-semibold",
        GROUP_CLASSES[groupOfState(state).id],
        className,
      )}
    >
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {STATE_LABELS[state]}
    </span>
  );
}
