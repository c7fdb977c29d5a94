"use client";

import { useActionState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form";
import { refreshTaskAction } from "../actions";

export function RefreshTaskButton({ taskId }: { taskId: string }) {
  const [state, refresh] = useActionState(refreshTaskAction, null);
  return (
    <form action={refresh} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="taskId" value={taskId} />
      <ConfirmButton label="Refresh now" pendingLabel="Refreshing…" />
      <FormMessage result={state} success="Up to date with GitHub." compact />
    </form>
  );
}
