import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";

/**
 * The one button look. Use `buttonVariants()` for a link that should look like a button
 * (`<Link className={buttonVariants({ variant: "primary" })}>`).
 */
export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md font-semibold disabled:cursor-not-allowed disabled:opacity-60",
  {
    variants: {
      variant: {
        primary: "bg-accent text-on-accent hover:opacity-90",
        secondary: "border border-line bg-surface text-fg hover:border-accent",
        danger: "border border-needs-human bg-surface text-needs-human hover:bg-needs-human-soft",
        link: "rounded-sm font-medium text-accent underline underline-offset-2 hover:no-underline",
      },
      size: {
        sm: "px-2 py-1 text-xs",
        md: "px-3 py-1.5 text-sm",
        lg: "px-4 py-2.5 text-sm",
      },
    },
    // A link-styled button sits in running text: no box around it.
    compoundVariants: [{ variant: "link", className: "px-0 py-0" }],
    defaultVariants: { variant: "secondary", size: "md" },
  },
);

export type ButtonVariants = VariantProps<typeof buttonVariants>;

export type ButtonProps = ComponentPropsWithRef<"button"> & ButtonVariants;

/** A button; `type` defaults to "button" so that only an explicit submit submits a form. */
export function Button({ variant, size, className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={cn(buttonVariants({ variant, size }), className)} {...props} />;
}

/**
 * A form's submit button: off while its action runs, and saying meanwhile what is happening
 * ("Saving…"), so a second click cannot send the form twice. Primary unless told otherwise.
 */
export function SubmitButton({
  pending,
  pendingLabel = "Saving…",
  variant = "primary",
  disabled,
  children,
  ...props
}: Omit<ButtonProps, "type"> & { pending: boolean; pendingLabel?: string }) {
  return (
    <Button type="submit" variant={variant} disabled={disabled || pending} {...props}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
