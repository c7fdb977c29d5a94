"use client";

import { useActionState } from "react";
import { refreshTaskAction } from "../actions";

export function RefreshTaskButton({ taskId }: { taskId: string }) {
  const [state, refresh, pending] = useActionState(refreshTaskAction, null);
  return (
    <form action={refresh} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="taskId" value={taskId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-accent px-3 py-1.5 text-sm font-semibold text-accent disabled:opacity-60"
      >
        {pending ? "Refreshing…" : "Refresh now"}
      </button>
      <span role="status" className="text-sm">
        {state?.ok ? <span className="text-finished">Up to date with GitHub.</span> : null}
        {state && !state.ok ? <span className="text-needs-human">{state.message}</span> : null}
      </span>
    </form>
  );
}
