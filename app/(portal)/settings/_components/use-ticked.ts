"use client";

import { useState } from "react";

/**
 * A group of checkboxes sharing one name (a rule's states, a policy's models) that keeps what was
 * ticked when a save fails: React resets a form after its action, and a failed result gives back
 * only the first value of a repeated field. A successful save starts again from what is stored.
 */
export function useTicked(stored: readonly string[], result: { ok: boolean } | null) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(stored));
  const [lastResult, setLastResult] = useState(result);
  if (result !== lastResult) {
    setLastResult(result);
    if (result?.ok) setTicked(new Set(stored));
  }
  return {
    isTicked: (value: string) => ticked.has(value),
    toggle: (value: string, on: boolean) => {
      setTicked((previous) => {
        const next = new Set(previous);
        if (on) next.add(value);
        else next.delete(value);
        return next;
      });
    },
  };
}
