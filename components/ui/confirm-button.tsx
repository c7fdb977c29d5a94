"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonVariants } from "./button";

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * A form's submit button that can ask first, in place: with `confirm`, pressing it shows the
 * question, "Yes, …" and Cancel. Focus moves to "Yes, …", and back to the button on Cancel or
 * Escape. Goes back to the plain button once the form has run.
 *
 * Place it inside a `<form action={…}>` whose action is a function: it reads the form's pending
 * state with useFormStatus.
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  confirm,
  confirmLabel,
  pendingLabel = "Working…",
  variant = "secondary",
  size,
  disabled,
  className,
}: {
  label: string;
  /** The first button's accessible name when the label alone is ambiguous ("Delete team Platform"). */
  accessibleLabel?: string;
  /** What happens if the person says yes: asked before anything is sent. */
  confirm?: ReactNode;
  /** Defaults to "Yes, <label>". */
  confirmLabel?: string;
  pendingLabel?: string;
  disabled?: boolean;
  className?: string;
} & ButtonVariants) {
  const { pending } = useFormStatus();
  const [confirming, setConfirming] = useState(false);
  // The form has run: ask again next time (state adjusted while rendering, not in an effect).
  const [wasPending, setWasPending] = useState(pending);
  if (wasPending !== pending) {
    setWasPending(pending);
    if (!pending) setConfirming(false);
  }

  const askRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    // Keep keyboard focus on the button that replaced the one just pressed.
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) askRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirm)
    return (
      <Button
        type="submit"
        variant={variant}
        size={size}
        disabled={disabled || pending}
        aria-label={pending ? undefined : accessibleLabel}
        className={className}
      >
        {pending ? pendingLabel : label}
      </Button>
    );

  if (!confirming)
    return (
      <Button
        ref={askRef}
        variant={variant}
        size={size}
        disabled={disabled || pending}
        aria-label={accessibleLabel}
        className={className}
        onClick={() => setConfirming(true)}
      >
        {label}
      </Button>
    );

  return (
    <span
      className="inline-flex flex-wrap items-center gap-2"
      onKeyDown={(event) => {
        if (event.key === "Escape" && !pending) {
          event.preventDefault();
          event.stopPropagation();
          setConfirming(false);
        }
      }}
    >
      <span className="text-sm text-fg">{confirm}</span>
      <Button
        ref={confirmRef}
        type="submit"
        variant={variant}
        size={size}
        disabled={pending}
        className={className}
      >
        {pending ? pendingLabel : (confirmLabel ?? `Yes, ${lowerFirst(label)}`)}
      </Button>
      <Button variant="secondary" size={size} disabled={pending} onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </span>
  );
}
