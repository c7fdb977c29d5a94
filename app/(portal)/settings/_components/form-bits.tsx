"use client";

import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/tasks/action-result";

export const inputClass =
  "mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg aria-[invalid=true]:border-needs-human";
export const primaryButtonClass =
  "rounded-md bg-accent px-3 py-1.5 text-sm font-semibold text-on-accent disabled:opacity-60";
export const secondaryButtonClass =
  "rounded-md border border-line px-2.5 py-1 text-sm font-medium text-fg hover:border-accent disabled:opacity-60";
export const dangerButtonClass =
  "rounded-md border border-needs-human px-2.5 py-1 text-sm font-medium text-needs-human disabled:opacity-60";

export type FormAction<T> = (previous: unknown, formData: FormData) => Promise<ActionResult<T>>;

/** What a form needs from its last result: what the person typed, and the error of each field. */
export function formFeedback<T>(result: ActionResult<T> | null, idPrefix: string) {
  const failed = result && !result.ok ? result : null;
  const errorOf = (name: string) => failed?.fieldErrors?.[name]?.join(" ");
  return {
    failed,
    /** The typed value after a failure, otherwise the stored one. */
    value: (name: string, stored: string | null | undefined = "") =>
      failed ? (failed.values?.[name] ?? "") : (stored ?? ""),
    checked: (name: string, stored = false) => (failed ? failed.values?.[name] === "on" : stored),
    errorOf,
    /** aria props tying a field to its error and hint. */
    describe: (name: string, hint?: boolean) => {
      const ids = [
        hint ? `${idPrefix}-${name}-hint` : null,
        errorOf(name) ? `${idPrefix}-${name}-error` : null,
      ]
        .filter(Boolean)
        .join(" ");
      return {
        id: `${idPrefix}-${name}`,
        "aria-invalid": errorOf(name) ? true : undefined,
        "aria-describedby": ids || undefined,
      };
    },
  };
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="mt-1 text-xs text-fg-muted">
      {children}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-needs-human">
      {message}
    </p>
  );
}

/** The form-level outcome: an alert on failure, a status line on success. */
export function FormOutcome<T>({ result, success }: { result: ActionResult<T> | null; success?: ReactNode }) {
  if (result && !result.ok)
    return (
      <p
        role="alert"
        className="rounded-md border border-needs-human bg-needs-human-soft p-2 text-sm text-fg"
      >
        {result.message}
      </p>
    );
  if (result?.ok && success)
    return (
      <div role="status" className="text-sm text-finished">
        {success}
      </div>
    );
  return null;
}

/**
 * One button that runs an action with hidden fields, e.g. "Delete" or "Move up". With `confirm`,
 * the first press asks again (a second button) before anything is changed.
 */
export function ActionButton<T>({
  action,
  fields,
  label,
  accessibleLabel,
  confirm,
  danger,
}: {
  action: FormAction<T>;
  fields: Record<string, string>;
  label: string;
  accessibleLabel?: string;
  confirm?: string;
  danger?: boolean;
}) {
  const [result, run, pending] = useActionState(action, null);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    // Keep keyboard focus on the button that replaced the one just pressed.
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) askRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  const className = danger ? dangerButtonClass : secondaryButtonClass;
  return (
    <form action={run} className="inline-flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {confirm && !confirming ? (
        <button
          ref={askRef}
          type="button"
          className={className}
          aria-label={accessibleLabel}
          onClick={() => setConfirming(true)}
        >
          {label}
        </button>
      ) : confirm ? (
        <>
          <span className="text-sm text-fg">{confirm}</span>
          <button ref={confirmRef} type="submit" disabled={pending} className={className}>
            {pending ? "Working…" : `Yes, ${label.toLowerCase()}`}
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="submit" disabled={pending} className={className} aria-label={accessibleLabel}>
          {label}
        </button>
      )}
      {result && !result.ok ? (
        <span role="alert" className="basis-full text-sm text-needs-human">
          {result.message}
        </span>
      ) : null}
    </form>
  );
}
