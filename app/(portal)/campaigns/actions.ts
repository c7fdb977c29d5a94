"use server";

import { z } from "zod";
import { operationAction, userAction } from "@/lib/actions/kit";
import {
  campaignRef,
  createCampaignOperation,
  dryRunCampaignOperation,
  lifecycleOperation,
} from "@/lib/operations/campaigns";
import { isSignedInUser } from "@/lib/dal/people";
import {
  campaignDraftInput,
  deleteDraft,
  draftDetails,
  parseDraft,
  updateDraft,
} from "@/lib/campaigns/draft";
import {
  approveCampaign,
  approveCanary,
  declineCampaign,
  launchCampaign,
  pauseCampaign,
  resumeCampaign,
  retryFailedStarts,
  stopCampaign,
  takeOverCampaign,
} from "@/lib/campaigns/lifecycle";
import { MAX_BULK_RETRY, retryCampaignTasks } from "@/lib/campaigns/retry";
import { manyOf, taskIdSchema } from "@/lib/validations/common";

/** Creates a draft campaign and opens it (the dry run comes next). */
export const createCampaignAction = operationAction(createCampaignOperation);

/** Edits a draft; its dry run is thrown away, since the targets or prompts may differ now. */
export const updateCampaignAction = userAction(
  {
    name: "campaign.update",
    input: campaignDraftInput.and(campaignRef),
    revalidate: ({ campaignId }) => [`/campaigns/${campaignId}`],
  },
  async ({ campaignId, ...input }, ctx) => {
    ctx.audit({ targetType: "campaign", targetId: campaignId });
    const draft = await parseDraft(ctx.db, ctx.user, input, isSignedInUser);
    if (!draft.ok) return draft;
    ctx.audit({ details: draftDetails(draft.data) });
    return updateDraft(ctx.db, ctx.user, campaignId, draft.data);
  },
);

/** Deletes a draft that never launched. */
export const deleteDraftAction = userAction(
  { name: "campaign.delete", input: campaignRef, revalidate: ["/campaigns"], redirect: () => "/campaigns" },
  async ({ campaignId }, ctx) => {
    ctx.audit({ targetType: "campaign", targetId: campaignId });
    const deleted = await deleteDraft(ctx.db, ctx.user, campaignId);
    if (deleted.ok) ctx.audit({ details: { name: deleted.data.name } });
    return deleted;
  },
);

export const dryRunCampaignAction = operationAction(dryRunCampaignOperation);

const lifecycle = (name: string, change: Parameters<typeof lifecycleOperation>[1]) =>
  operationAction(lifecycleOperation(name, change));

export const launchCampaignAction = lifecycle("launch", launchCampaign);
export const approveCampaignAction = lifecycle("approve", approveCampaign);
export const declineCampaignAction = lifecycle("decline", declineCampaign);
export const approveCanaryAction = lifecycle("approve_canary", approveCanary);
export const pauseCampaignAction = lifecycle("pause", pauseCampaign);
export const resumeCampaignAction = lifecycle("resume", resumeCampaign);
export const stopCampaignAction = lifecycle("stop", stopCampaign);
export const retryFailedStartsAction = lifecycle("retry_failed_starts", retryFailedStarts);
/** Take over: the caller becomes the launcher, and future starts run under their GitHub identity. */
export const takeOverCampaignAction = lifecycle("take_over", takeOverCampaign);

/**
 * Retries the selected tasks of a campaign: each starts again from its launch under the caller's
 * own identity (recorded on each start), as the next attempt of the old task.
 */
export const retryCampaignTasksAction = userAction(
  {
    name: "campaign.retry_tasks",
    input: campaignRef.extend({
      taskId: manyOf(taskIdSchema).pipe(
        z
          .array(z.string())
          .min(1, "Select at least one task.")
          .max(MAX_BULK_RETRY, `Retry at most ${MAX_BULK_RETRY} tasks at a time.`),
      ),
    }),
    invalidMessage: `Select from 1 to ${MAX_BULK_RETRY} tasks to retry.`,
    transaction: false,
    github: true,
    revalidate: ({ campaignId }) => [`/campaigns/${campaignId}`],
  },
  async ({ campaignId, taskId }, ctx) => {
    ctx.audit({ targetType: "campaign", targetId: campaignId });
    return retryCampaignTasks(ctx.acting(), campaignId, [...new Set(taskId)], ctx.recordIn);
  },
);
