import type { ComponentPropsWithRef, ReactNode } from "react";
import { cn } from "./cn";
import { Checkbox } from "./input";

/**
 * Form fields. Every field is labelled; its hint and error are tied to the control with
 * `aria-describedby` (only ids that are on the page), and an error sets `aria-invalid`.
 * Convention, the same everywhere: required fields carry no mark (their control is `required`);
 * optional ones say "(optional)" after the label.
 */

/** What a field hands to its control. */
export type ControlProps = {
  id: string;
  name?: string;
  required?: boolean;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
};

type Described = {
  id: string;
  hint?: ReactNode;
  /** One message, or several (joined). */
  error?: string | string[] | null;
};

function describe({ id, hint, error }: Described) {
  const message = (Array.isArray(error) ? error.join(" ") : error) || undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  return {
    message,
    hintId,
    errorId,
    describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined,
  };
}

export function Hint({ id, children, className }: { id?: string; children: ReactNode; className?: string }) {
  return (
    <p id={id} className={cn("text-xs text-fg-muted", className)}>
      {children}
    </p>
  );
}

export function FieldError({
  id,
  message,
  className,
}: {
  id?: string;
  message?: string;
  className?: string;
}) {
  if (!message) return null;
  return (
    <p id={id} className={cn("text-sm text-needs-human", className)}>
      {message}
    </p>
  );
}

/** "(optional)" or "(optional: the repository default)" after a label. */
export function OptionalMark({ optional }: { optional?: boolean | string }) {
  if (!optional) return null;
  return (
    <span className="font-normal text-fg-muted">
      {" "}
      ({typeof optional === "string" ? `optional: ${optional}` : "optional"})
    </span>
  );
}

export type FieldProps = Described & {
  name?: string;
  label: ReactNode;
  required?: boolean;
  /** Marks the label "(optional)"; a string says why ("the repository default"). */
  optional?: boolean | string;
  className?: string;
  /** Renders the control with the props that wire it to the label, hint and error. */
  children: (control: ControlProps) => ReactNode;
};

/** A label, a control, its hint and its error. */
export function Field({ id, name, label, hint, error, required, optional, className, children }: FieldProps) {
  const { message, hintId, errorId, describedBy } = describe({ id, hint, error });
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
        <OptionalMark optional={optional} />
      </label>
      {children({
        id,
        name,
        required: required || undefined,
        "aria-invalid": message ? true : undefined,
        "aria-describedby": describedBy,
      })}
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      <FieldError id={errorId} message={message} />
    </div>
  );
}

/** A group of controls under one legend (radio buttons, a set of checkboxes). */
export function Fieldset({
  id,
  legend,
  hint,
  error,
  optional,
  className,
  legendClassName,
  children,
}: Described & {
  legend: ReactNode;
  optional?: boolean | string;
  className?: string;
  legendClassName?: string;
  children: ReactNode;
}) {
  const { message, hintId, errorId, describedBy } = describe({ id, hint, error });
  return (
    <fieldset id={id} aria-describedby={describedBy} className={cn("space-y-2", className)}>
      <legend className={cn("text-sm font-medium text-fg", legendClassName)}>
        {legend}
        <OptionalMark optional={optional} />
      </legend>
      {children}
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      <FieldError id={errorId} message={message} />
    </fieldset>
  );
}

/**
 * Checkboxes sharing one name, one per option (a rule's states, a policy's models, a filter's
 * states), each with its label to the right. `isTicked` says which are ticked and `onToggle` hears
 * every change. Goes inside a Fieldset, which names the group.
 *
 * `resettable`: the form is reset by React after its action succeeds (useActionState), so the boxes
 * take `isTicked` as their default rather than being held to it; a reset then shows it again.
 */
export function CheckboxList({
  name,
  options,
  isTicked,
  onToggle,
  resettable,
  className,
}: {
  name: string;
  options: readonly { value: string; label: ReactNode }[];
  isTicked: (value: string) => boolean;
  onToggle: (value: string, ticked: boolean) => void;
  resettable?: boolean;
  /** The layout of the options (a grid, a wrapping row). */
  className?: string;
}) {
  return (
    <div className={className}>
      {options.map((option) => (
        <label key={option.value} className="flex items-center gap-2 text-sm">
          <Checkbox
            name={name}
            value={option.value}
            {...(resettable
              ? { defaultChecked: isTicked(option.value) }
              : { checked: isTicked(option.value) })}
            onChange={(event) => onToggle(option.value, event.target.checked)}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}

/** A checkbox with its label to the right, and an optional hint and error under it. */
export function CheckboxField({
  id,
  label,
  hint,
  error,
  className,
  ...input
}: Described & { label: ReactNode; className?: string } & Omit<
    ComponentPropsWithRef<"input">,
    "id" | "type"
  >) {
  const { message, hintId, errorId, describedBy } = describe({ id, hint, error });
  return (
    <div className={cn("space-y-1", className)}>
      <div className="flex items-center gap-2">
        <Checkbox
          id={id}
          aria-invalid={message ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
        <label htmlFor={id} className="text-sm text-fg">
          {label}
        </label>
      </div>
      {hint ? (
        <Hint id={hintId} className="pl-6">
          {hint}
        </Hint>
      ) : null}
      <FieldError id={errorId} message={message} className="pl-6" />
    </div>
  );
}
