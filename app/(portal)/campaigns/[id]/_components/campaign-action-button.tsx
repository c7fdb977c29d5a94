"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, type ReactNode } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { toastSuccess } from "@/components/ui/toast";
import type { ResultLike } from "@/components/ui/form";
import { queryKeys } from "@/lib/queries/keys";

/**
 * One campaign action as a button (Launch, Pause, Stop…): the result is said next to it, and the
 * page's live data is refetched. With `confirm`, it asks in place before anything changes.
 */
export function CampaignActionButton({
  action,
  campaignId,
  label,
  pendingLabel,
  confirm,
  tone = "secondary",
}: {
  action: (previous: unknown, formData: FormData) => Promise<ResultLike<unknown>>;
  campaignId: string;
  label: string;
  pendingLabel?: string;
  confirm?: ReactNode;
  tone?: "primary" | "secondary" | "danger";
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  // The refreshed page often replaces this button (Launch becomes Pause): a toast keeps the outcome.
  const refetch = useCallback(
    (data: unknown) => {
      toastSuccess((data as { message?: string } | null)?.message ?? `${label}: done.`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaign(campaignId) });
      router.refresh();
    },
    [campaignId, label, queryClient, router],
  );
  return (
    <ActionButton
      action={action}
      fields={{ campaignId }}
      label={label}
      pendingLabel={pendingLabel}
      confirm={confirm}
      variant={tone}
      success={(data) => (data as { message?: string } | null)?.message ?? null}
      onSuccess={refetch}
    />
  );
}
