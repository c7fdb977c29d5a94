"use client";

import dynamic from "next/dynamic";
import type { ActionResult } from "@/lib/result";

/*
 * Toasts: for results that would otherwise be off screen (a bulk action after the list refreshed,
 * mark all read, a campaign action after the page reloaded). Inline messages stay the rule for
 * forms; a toast repeats the outcome where the person is looking. Sonner announces them politely
 * (role=status) and keeps them while hovered or focused (Alt+T moves focus to them).
 *
 * Nothing shows a toast before the page is interactive, so Sonner loads after hydration, not with
 * every page's first JavaScript; a toast raised before its Toaster mounted still shows (Sonner
 * replays active toasts to a new subscriber).
 */
const sonner = () => import("sonner");
const SonnerToaster = dynamic(() => sonner().then((module) => module.Toaster), { ssr: false });

/** Once, in the root layout: follows the colour scheme and the theme's tokens. */
export function Toaster() {
  return (
    <SonnerToaster
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

/** A success toast. */
export function toastSuccess(message: string) {
  void sonner().then(({ toast }) => toast.success(message));
}

/** Says an action's outcome: `success` when it went through, its failure's message when not. */
export function toastResult(result: ActionResult<unknown> | null, success: string) {
  if (!result) return;
  if (result.ok) toastSuccess(success);
  else void sonner().then(({ toast }) => toast.error(result.message));
}
