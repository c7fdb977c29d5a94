import "server-only";
/** Campaign operations shared by the campaign pages' actions and /api/v1. */
import { z } from "zod";
import { userOperation } from "@/lib/actions/kit";
import { isSignedInUser } from "@/lib/dal/people";
import {
  campaignDraftInput,
  createDraft,
  draftDetails,
  parseDraft,
  requestDryRun,
} from "@/lib/campaigns/draft";
import type { LifecycleResult, pauseCampaign } from "@/lib/campaigns/lifecycle";
import { fail, ok, type ActionResult } from "@/lib/result";
import { idSchema } from "@/lib/validations/common";

export const campaignRef = z.object({ campaignId: idSchema });

/** Creates a draft campaign (the dry run comes next). */
export const createCampaignOperation = userOperation(
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

/** Queues the dry run: the worker checks every repository with the caller's GitHub access. */
export const dryRunCampaignOperation = userOperation(
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

/** A lifecycle change (launch, pause, resume, approve…) as an operation: it records itself in its transaction. */
export function lifecycleOperation(name: string, change: Change) {
  return userOperation(
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
