import "server-only";
/** /api/v1 campaigns: create, read, dry-run, launch, pause, resume. */
import { z } from "zod";
import { launchCampaign, pauseCampaign, resumeCampaign } from "@/lib/campaigns/lifecycle";
import { campaignDraftInput } from "@/lib/campaigns/draft";
import { getCampaignView } from "@/lib/dal/campaigns";
import {
  createCampaignOperation,
  dryRunCampaignOperation,
  lifecycleOperation,
} from "@/lib/operations/campaigns";
import { fail, ok } from "@/lib/result";
import { idSchema } from "@/lib/validations/common";
import { endpoint, operationEndpoint } from "../route";
import { campaignViewSchema, createdSchema, lifecycleSchema, messageSchema } from "./schemas";

const params = z.object({ id: idSchema });

export const createCampaignEndpoint = operationEndpoint({
  path: "/campaigns",
  operationId: "createCampaign",
  summary: "Create a draft campaign",
  description:
    "The campaign form's fields, as strings (lists repeat as arrays): name, description, templateVersionId, owner (`me`, `user:<id>`, `team:<id>`), model, createPullRequest, baseRef, maxInFlight, startsPerMinute, canarySize, canarySuccessThreshold, the target spec and `param.<name>` values. A dry run comes next.",
  scopes: ["campaigns:write"],
  body: campaignDraftInput,
  response: createdSchema,
  status: 201,
  operation: createCampaignOperation,
});

export const getCampaignEndpoint = endpoint({
  method: "GET",
  path: "/campaigns/{id}",
  operationId: "getCampaign",
  summary: "Read a campaign",
  description: "Status, counts, burndown and each repository's target, as its page shows them to you.",
  scopes: ["tasks:read", "campaigns:write"],
  params,
  response: campaignViewSchema,
  run: async ({ principal, params: { id } }) => {
    const view = await getCampaignView(id, principal.user, { withPrompts: false });
    return view ? ok(view) : fail("not_found", "No such campaign.");
  },
});

export const dryRunCampaignEndpoint = operationEndpoint({
  path: "/campaigns/{id}/dry-run",
  operationId: "dryRunCampaign",
  summary: "Dry-run a draft campaign",
  description:
    "Queues the dry run: every repository is checked with your GitHub access. Read the campaign to see it.",
  scopes: ["campaigns:write"],
  params,
  response: messageSchema,
  status: 202,
  operation: dryRunCampaignOperation,
  input: ({ params: { id } }) => ({ campaignId: id }),
});

function lifecycleEndpoint(
  name: "launch" | "pause" | "resume",
  change: typeof launchCampaign,
  summary: string,
) {
  return operationEndpoint({
    path: `/campaigns/{id}/${name}`,
    operationId: `${name}Campaign`,
    summary,
    scopes: ["campaigns:write"],
    params,
    response: lifecycleSchema,
    operation: lifecycleOperation(name, change),
    input: ({ params: { id } }) => ({ campaignId: id }),
  });
}

export const launchCampaignEndpoint = lifecycleEndpoint(
  "launch",
  launchCampaign,
  "Launch a dry-run campaign (or ask for approval)",
);
export const pauseCampaignEndpoint = lifecycleEndpoint("pause", pauseCampaign, "Pause a running campaign");
export const resumeCampaignEndpoint = lifecycleEndpoint("resume", resumeCampaign, "Resume a paused campaign");
