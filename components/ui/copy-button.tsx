"use client";

import { useEffect, useState } from "react";
import { Button } from "./button";

/**
 * Copies `value` to the clipboard and says so ("Copied", announced politely). `label` is the
 * button's accessible name, e.g. "Copy task id".
 */
export function CopyButton({
  value,
  label,
  className,
}: {
  value: string;
  label: string;
  className?: string;
}) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), 2_000);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <span className="inline-flex items-center">
      <Button
        size="sm"
        aria-label={label}
        className={className}
        onClick={() => {
          // The clipboard needs a secure context (https or localhost); say so rather than fail silently.
          if (!navigator.clipboard) return setOutcome("failed");
          navigator.clipboard.writeText(value).then(
            () => setOutcome("copied"),
            () => setOutcome("failed"),
          );
        }}
      >
        {outcome === "copied" ? "Copied" : "Copy"}
      </Button>
      <span aria-live="polite" className="sr-only">
        {outcome === "copied"
          ? "Copied"
          : outcome === "failed"
            ? "Could not copy: select the text instead."
            : ""}
      </span>
    </span>
  );
}
