"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;

  return (
    <div role="alert" className="rounded-lg border border-needs-human bg-needs-human-soft p-6">
      <h1 className="text-2xl font-bold text-fg">Something went wrong</h1>
      <p className="mt-2 text-sm text-fg">
        This page failed to load. You can try again; if it keeps failing, share the reference below.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-fg">Reference: {digest}</p> : null}
      <Button variant="primary" size="lg" onClick={() => retry()} className="mt-4">
        Try again
      </Button>
    </div>
  );
}
