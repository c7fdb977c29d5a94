import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";

/** Shared by text inputs, text areas and selects: the invalid state comes from `aria-invalid`. */
export const controlClass =
  "block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg placeholder:text-fg-muted disabled:opacity-60 aria-[invalid=true]:border-needs-human";

export function Input({ className, ...props }: ComponentPropsWithRef<"input">) {
  return <input className={cn(controlClass, className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentPropsWithRef<"textarea">) {
  return <textarea className={cn(controlClass, className)} {...props} />;
}

export function Select({ className, ...props }: ComponentPropsWithRef<"select">) {
  return <select className={cn(controlClass, "pr-8", className)} {...props} />;
}

/** A checkbox or radio button at the size every form uses. */
export function Checkbox({ className, type = "checkbox", ...props }: ComponentPropsWithRef<"input">) {
  return <input type={type} className={cn("size-4 shrink-0 accent-accent", className)} {...props} />;
}
