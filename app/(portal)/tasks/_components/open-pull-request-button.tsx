"use client";

import { useActionState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form";
import { openPullRequestAction } from "../actions";

export function OpenPullRequestButton({ taskId }: { taskId: string }) {
  const [state, open] = useActionState(openPullRequestAction, null);
  return (
    <form action={open} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="taskId" value={taskId} />
      <ConfirmButton label="Open pull request" pendingLabel="Opening…" />
      <FormMessage result={state} success="Pull request opened." compact />
    </form>
  );
}
