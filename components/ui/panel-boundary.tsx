"use client";

import { catchError, type ErrorInfo } from "next/error";
import { Button } from "./button";

/**
 * An error boundary around one panel of a page (a dashboard band, a task page section): if the
 * panel fails to render, the rest of the page stays and the panel says so, with a retry that
 * fetches and renders it again. Next's catchError lets redirects and not-found pass through.
 */
function PanelError({ title }: { title: string }, { error, retry }: ErrorInfo) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;
  return (
    <div
      role="alert"
      className="rounded-lg border border-needs-human bg-needs-human-soft p-4 text-sm text-fg"
    >
      <p className="font-semibold">{title} could not be shown.</p>
      <p className="mt-1">
        The rest of the page is fine. Try again; if it keeps failing, share the reference.
      </p>
      {digest ? <p className="mt-1 font-mono text-xs">Reference: {digest}</p> : null}
      <Button size="sm" onClick={() => retry()} className="mt-3">
        Try again
      </Button>
    </div>
  );
}

export const PanelBoundary = catchError(PanelError);
