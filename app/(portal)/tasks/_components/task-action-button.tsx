"use client";

import { useActionState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form";
import type { KitAction } from "@/lib/actions/kit";
import { openPullRequestAction, refreshTaskAction } from "../actions";

const ACTIONS = {
  refresh: {
    action: refreshTaskAction,
    label: "Refresh now",
    pending: "Refreshing…",
    done: "Up to date with GitHub.",
  },
  "open-pull-request": {
    action: openPullRequestAction,
    label: "Open pull request",
    pending: "Opening…",
    done: "Pull request opened.",
  },
} as const;

/** A task's one-click GitHub actions: re-read it now, or open the pull request its branch lacks. */
export function TaskActionButton({ taskId, kind }: { taskId: string; kind: keyof typeof ACTIONS }) {
  const { label, pending, done } = ACTIONS[kind];
  // The results differ in their data, which this button does not read.
  const action: KitAction<unknown> = ACTIONS[kind].action;
  const [state, run] = useActionState(action, null);
  return (
    <form action={run} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="taskId" value={taskId} />
      <ConfirmButton label={label} pendingLabel={pending} />
      <FormMessage result={state} success={done} compact />
    </form>
  );
}
