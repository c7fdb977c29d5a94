"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import type { ButtonVariants } from "./button";
import { cn } from "./cn";
import { ConfirmButton } from "./confirm-button";
import { FormMessage, type ResultLike } from "./form";

/**
 * One action as one button, e.g. "Delete", "Pause" or "Move up": a small form posting `fields`,
 * optionally confirmed in place first (see ConfirmButton), with the result said next to it.
 */
export function ActionButton<T>({
  action,
  fields,
  label,
  accessibleLabel,
  confirm,
  confirmLabel,
  pendingLabel,
  variant,
  size,
  success,
  onSuccess,
  className,
}: {
  action: (previous: unknown, formData: FormData) => Promise<ResultLike<T>>;
  fields: Record<string, string>;
  label: string;
  accessibleLabel?: string;
  confirm?: ReactNode;
  confirmLabel?: string;
  pendingLabel?: string;
  /** Said after a success (a fixed text, or one made from the action's data). */
  success?: ReactNode | ((data: T) => ReactNode);
  /** Runs once per successful result (refetch live data, refresh the page). */
  onSuccess?: (data: T) => void;
  className?: string;
} & ButtonVariants) {
  const [result, run] = useActionState(action, null);
  const handled = useRef<unknown>(null);
  useEffect(() => {
    if (!result?.ok || handled.current === result) return;
    handled.current = result;
    onSuccess?.(result.data);
  }, [result, onSuccess]);
  return (
    <form action={run} className={cn("inline-flex max-w-md flex-col items-start gap-1", className)}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ConfirmButton
        label={label}
        accessibleLabel={accessibleLabel}
        confirm={confirm}
        confirmLabel={confirmLabel}
        pendingLabel={pendingLabel}
        variant={variant}
        size={size}
      />
      <FormMessage
        compact
        result={result}
        success={result?.ok ? (typeof success === "function" ? success(result.data) : success) : null}
      />
    </form>
  );
}
