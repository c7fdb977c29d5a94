/**
 * A campaign schedule's draft: each run creates its campaign from the campaign form's own fields
 * (target spec, limits, template parameters), read by lib/campaigns/draft.ts `parseDraft` — the rules
 * the campaign form follows, so a scheduled campaign is checked exactly as a hand-made one. The
 * schedule form is checked the same way when it is saved. Worker-safe.
 */
import type { Prisma } from "@/generated/prisma/client";
import { parseDraft, type CampaignDraftInput, type DraftData } from "@/lib/campaigns/draft";
import { targetSpecSchema, type TargetSpec } from "@/lib/campaigns/targets";
import { modelSchema } from "@/lib/github/schemas";
import type { ActionResult } from "@/lib/result";

type Tx = Prisma.TransactionClient;

/** The campaign form's limit fields a schedule keeps (as typed) for each run's campaign. */
export const CAMPAIGN_SETTING_FIELDS = [
  "maxInFlight",
  "startsPerMinute",
  "canarySize",
  "canarySuccessThreshold",
  "failurePauseThreshold",
  "failurePauseMinFinished",
] as const;

/** The campaign form's target fields (targetKind and its list, organisation, topic or pattern). */
const TARGET_FIELDS = ["targetKind", "repositories", "org", "topic", "pattern"] as const;

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** The limits as typed in the form, for `Schedule.campaignSettings`. */
export function campaignSettingsOf(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(CAMPAIGN_SETTING_FIELDS.map((name) => [name, text(form[name])]));
}

/** A stored target spec back as the form's fields. */
export function targetFieldsOf(spec: TargetSpec): Record<(typeof TARGET_FIELDS)[number], string> {
  return {
    targetKind: spec.kind,
    repositories: spec.kind === "list" ? spec.repositories.join("\n") : "",
    org: spec.kind === "list" ? "" : spec.org,
    topic: spec.kind === "topic" ? spec.topic : "",
    pattern: spec.kind === "pattern" ? spec.pattern : "",
  };
}

/** The stored spec, or null when it no longer reads (it was saved under older rules). */
export function storedTargetSpec(value: unknown): TargetSpec | null {
  const spec = targetSpecSchema.safeParse(value);
  return spec.success ? spec.data : null;
}

export type ScheduledDraft = {
  name: string;
  owner: { id: string };
  version: {
    id: string;
    defaultModel: string | null;
    defaultCreatePullRequest: boolean;
    defaultBaseRef: string | null;
  };
  /** targetKind, repositories, org, topic, pattern — from the form, or `targetFieldsOf` the stored spec. */
  targets: Record<string, unknown>;
  settings: Record<string, unknown>;
  /** Template parameter values (`{date}` already filled at a run). */
  values: Record<string, string>;
};

/**
 * The draft a campaign schedule makes: owned by the schedule's owner, with the template version's
 * model, pull-request and base-branch defaults (as a repository schedule launches it).
 */
export function parseScheduledDraft(tx: Tx, draft: ScheduledDraft): Promise<ActionResult<DraftData>> {
  const input: CampaignDraftInput = {
    name: draft.name,
    templateVersionId: draft.version.id,
    owner: "me",
    // A model the API no longer offers falls back to automatic selection.
    model: modelSchema.catch(undefined).parse(draft.version.defaultModel) ?? "",
    createPullRequest: draft.version.defaultCreatePullRequest ? "true" : "false",
    baseRef: draft.version.defaultBaseRef ?? "",
    ...Object.fromEntries(TARGET_FIELDS.map((name) => [name, text(draft.targets[name])])),
    ...Object.fromEntries(CAMPAIGN_SETTING_FIELDS.map((name) => [name, text(draft.settings[name])])),
    ...Object.fromEntries(Object.entries(draft.values).map(([name, value]) => [`param.${name}`, value])),
  };
  // The owner is always "me" (the schedule's owner), so no other person is looked up.
  return parseDraft(tx, draft.owner, input, async (userId) => userId === draft.owner.id);
}
