import { startTransition, type FormEvent, type ReactNode } from "react";
import type { ActionResult, ErrorCode } from "@/lib/result";
import { cn } from "./cn";

/** What a form reads from an action's result (lib/actions/result.ts). */
export type ResultLike<T = unknown> = ActionResult<T>;

/**
 * A form's last result, read the same way by every form: what the person typed comes back after
 * a failure (bad input never loses work), and each field gets its own error.
 *
 *   const [result, submit, pending] = useActionState(saveThing, null);
 *   const f = formFeedback(result, "thing");
 *   <Field label="Name" {...f.field("name")}>{(c) => <Input {...c} defaultValue={f.value("name", thing.name)} />}</Field>
 *   <FormMessage result={result} success="Saved." />
 */
export function formFeedback<T>(result: ResultLike<T> | null | undefined, idPrefix: string) {
  const failed = result && !result.ok ? result : null;
  const errorOf = (name: string) => failed?.fieldErrors?.[name]?.join(" ") || undefined;
  return {
    failed,
    /** What was typed, after a failure that echoed the form; otherwise the stored value. */
    value: (name: string, stored: string | number | null | undefined = ""): string =>
      failed?.values ? (failed.values[name] ?? "") : String(stored ?? ""),
    /** A checkbox: ticked if it was ticked when the form failed; otherwise the stored state. */
    checked: (name: string, stored = false): boolean =>
      failed?.values ? ["on", "true"].includes(failed.values[name] ?? "") : stored,
    errorOf,
    id: (name: string) => `${idPrefix}-${name}`,
    /** The props a Field needs for the form field `name`. */
    field: (name: string) => ({ id: `${idPrefix}-${name}`, name, error: errorOf(name) }),
  };
}

export type FormFeedback = ReturnType<typeof formFeedback>;

/**
 * The submit style for forms with controlled fields (selects bound to state, pickers): an onSubmit
 * that runs the action in a transition. Passed as `action`, React resets the form after the action
 * returns, and a reset puts a controlled select back to its first value while its state stays put.
 *
 *   <form onSubmit={submitKeepingValues(submit)} noValidate>
 */
export function submitKeepingValues(submit: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => submit(data));
  };
}

/** A failure's code, or undefined for no result or a success. */
export function failureCode(result: ResultLike | null | undefined): ErrorCode | undefined {
  return result && !result.ok ? result.code : undefined;
}

/**
 * A form's outcome: the failure's message in an alert (with "Sign in again" when GitHub no longer
 * accepts the sign-in), or `success` in a status line. Renders nothing before the first result.
 */
export function FormMessage({
  result,
  success,
  title,
  tone,
  compact,
  className,
  children,
}: {
  result: ResultLike | null | undefined;
  success?: ReactNode;
  /** A first line above the failure's message. */
  title?: ReactNode;
  /** "pending" for an outcome that is not a failure yet (a start GitHub did not confirm). */
  tone?: "pending";
  /** One line of text next to a button instead of a box. */
  compact?: boolean;
  className?: string;
  /** More to say after a failure (links, next steps). */
  children?: ReactNode;
}) {
  if (result && !result.ok)
    return (
      <div
        role="alert"
        className={cn(
          compact
            ? "text-sm text-needs-human"
            : "space-y-1 rounded-md border p-3 text-sm text-fg " +
                (tone === "pending"
                  ? "border-in-flight bg-in-flight-soft"
                  : "border-needs-human bg-needs-human-soft"),
          className,
        )}
      >
        {title ? <p className="font-semibold">{title}</p> : null}
        <p>
          {result.message}
          {result.signInAgain ? (
            <>
              {" "}
              <a href="/sign-in?reason=token_expired" className="font-medium underline">
                Sign in again
              </a>
            </>
          ) : null}
        </p>
        {children}
      </div>
    );
  if (result?.ok && success)
    return (
      <div role="status" className={cn("text-sm text-finished", className)}>
        {success}
      </div>
    );
  return null;
}
