"use server";

import { z } from "zod";
import { fail, ok, type ActionResult } from "@/lib/result";
import { userAction } from "@/lib/actions/kit";
import { actingAs } from "@/lib/auth/user-github";
import { isSignedInUser } from "@/lib/dal/people";
import {
  campaignDraftInput,
  createDraft,
  deleteDraft,
  draftDetails,
  parseDraft,
  requestDryRun,
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
  type LifecycleResult,
} from "@/lib/campaigns/lifecycle";
import { MAX_BULK_RETRY, retryCampaignTasks } from "@/lib/campaigns/retry";
import { idSchema, manyOf, taskIdSchema } from "@/lib/validations/common";

const campaignRef = z.object({ campaignId: idSchema });

/** Creates a draft campaign and opens it (the dry run comes next). */
export const createCampaignAction = userAction(
  {
    name: "campaign.create",
    input: campaignDraftInput,
    revalidate: ["/campaigns"],
    redirect: ({ id }: { id: string }) => `/campaigns/${id}`,
  },
  async (input, ctx) => {
    const draft = await parseDraft(ctx.db, ctx.user, input, isSignedInUser);
    if (!draft.ok) return draft;
    const campaign = await createDraft(ctx.db, ctx.user, draft.data);
    ctx.audit({ targetType: "campaign", targetId: campaign.id, details: draftDetails(draft.data) });
    return ok({ id: campaign.id });
  },
);

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

/** Queues the dry run: the worker checks every repository with the caller's GitHub access. */
export const dryRunCampaignAction = userAction(
  {
    name: "campaign.dry_run_requested",
    input: campaignRef,
    revalidate: ({ campaignId }) => [`/campaigns/${campaignId}`],
  },
  async ({ campaignId }, ctx) => {
    ctx.audit({ targetType: "campaign", targetId: campaignId });
    return requestDryRun(ctx.db, ctx.user, campaignId);
  },
);

type Change = (...args: Parameters<typeof pauseCampaign>) => Promise<LifecycleResult>;

/** A lifecycle change as an action: it records itself in the action's transaction. */
function lifecycleAction(name: string, change: Change) {
  return userAction(
    {
      name: `campaign.${name}`,
      input: campaignRef,
      revalidate: ({ campaignId }) => [`/campaigns/${campaignId}`, "/campaigns"],
    },
    async ({ campaignId }, ctx): Promise<ActionResult<{ status: string; message: string }>> => {
      // A refusal rolls the change's own record back; the kit's record of it names the campaign too.
      ctx.audit({ targetType: "campaign", targetId: campaignId });
      const result = await change(ctx.db, ctx.user, campaignId, ctx.recordIn);
      if (result.ok) return ok({ status: result.status, message: result.message });
      return fail(result.kind === "no_dry_run" ? "invalid_state" : result.kind, result.message);
    },
  );
}

export const launchCampaignAction = lifecycleAction("launch", launchCampaign);
export const approveCampaignAction = lifecycleAction("approve", approveCampaign);
export const declineCampaignAction = lifecycleAction("decline", declineCampaign);
export const approveCanaryAction = lifecycleAction("approve_canary", approveCanary);
export const pauseCampaignAction = lifecycleAction("pause", pauseCampaign);
export const resumeCampaignAction = lifecycleAction("resume", resumeCampaign);
export const stopCampaignAction = lifecycleAction("stop", stopCampaign);
export const retryFailedStartsAction = lifecycleAction("retry_failed_starts", retryFailedStarts);
/** Take over: the caller becomes the launcher, and future starts run under their GitHub identity. */
export const takeOverCampaignAction = lifecycleAction("take_over", takeOverCampaign);

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
    return retryCampaignTasks(actingAs(ctx.user), campaignId, [...new Set(taskId)], ctx.recordIn);
  },
);
