"use client";

import clsx from "clsx";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import {
  dangerButtonClass,
  primaryButtonClass,
  secondaryButtonClass,
} from "@/app/(portal)/settings/_components/form-bits";
import type { ActionResult } from "@/lib/actions/result";

type Action = (previous: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

/**
 * One campaign action as a button (Launch, Pause, Stop…): the result is announced, and the page's
 * live data is refetched. With `confirm`, the first press asks again before anything changes.
 */
export function CampaignActionButton({
  action,
  campaignId,
  label,
  pendingLabel,
  confirm,
  tone = "secondary",
  describe,
}: {
  action: Action;
  campaignId: string;
  label: string;
  pendingLabel?: string;
  confirm?: string;
  tone?: "primary" | "secondary" | "danger";
  /** The text of a success, from the action's data (defaults to its `message`). */
  describe?: (data: unknown) => string;
}) {
  const [result, run, pending] = useActionState(action, null);
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const router = useRouter();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const handled = useRef<unknown>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (!result || handled.current === result) return;
    handled.current = result;
    if (result.ok) {
      void queryClient.invalidateQueries({ queryKey: ["campaign", campaignId] });
      router.refresh();
    }
  }, [result, campaignId, queryClient, router]);
  const className = clsx(
    tone === "primary" ? primaryButtonClass : tone === "danger" ? dangerButtonClass : secondaryButtonClass,
  );
  const success =
    result?.ok &&
    (describe ? describe(result.data) : ((result.data as { message?: string } | null)?.message ?? null));
  return (
    <form
      action={(formData) => {
        setConfirming(false);
        run(formData);
      }}
      className="inline-flex max-w-md flex-col items-start gap-1"
    >
      <input type="hidden" name="campaignId" value={campaignId} />
      <div className="flex flex-wrap items-center gap-2">
        {confirm && !confirming ? (
          <button type="button" className={className} onClick={() => setConfirming(true)} disabled={pending}>
            {pending ? (pendingLabel ?? "Working…") : label}
          </button>
        ) : confirm ? (
          <>
            <span className="text-sm text-fg">{confirm}</span>
            <button ref={confirmRef} type="submit" className={className}>
              Yes, {label.charAt(0).toLowerCase() + label.slice(1)}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="submit" disabled={pending} className={className}>
            {pending ? (pendingLabel ?? "Working…") : label}
          </button>
        )}
      </div>
      <span aria-live="polite" className="text-sm empty:hidden">
        {result && !result.ok ? <span className="text-needs-human">{result.message}</span> : null}
        {success ? <span className="text-finished">{success}</span> : null}
      </span>
    </form>
  );
}
