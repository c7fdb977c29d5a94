"use client";

import { Toaster as Sonner, toast } from "sonner";
import type { ActionResult } from "@/lib/result";

/*
 * Toasts: for results that would otherwise be off screen (a bulk action after the list refreshed,
 * mark all read, a campaign action after the page reloaded). Inline messages stay the rule for
 * forms; a toast repeats the outcome where the person is looking. Sonner announces them politely
 * (role=status) and keeps them while hovered or focused (Alt+T moves focus to them).
 */

/** Once, in the root layout: follows the colour scheme and the theme's tokens. */
export function Toaster() {
  return (
    <Sonner
      theme="system"
      position="bottom-right"
      containerAriaLabel="Messages"
      closeButton
      toastOptions={{
        classNames: {
          toast: "!border-line !bg-surface !text-fg",
          description: "!text-fg-muted",
          error: "!border-needs-human",
          success: "!border-finished",
        },
      }}
    />
  );
}

/** Says an action's outcome: `success` when it went through, its failure's message when not. */
export function toastResult(result: ActionResult<unknown> | null, success: string) {
  if (!result) return;
  if (result.ok) toast.success(success);
  else toast.error(result.message);
}

export { toast };
