/**
 * A campaign while it is a draft: its form (checked all at once, so every problem shows together),
 * creating, editing and deleting it, and asking the worker for its dry run. Every function works in
 * the caller's transaction, which also holds the audit record. No "server-only": takes its tx.
 */
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { fail, ok, type ActionResult } from "@/lib/result";
import { customAgentSchema, gitRefSchema, modelSchema } from "@/lib/github/schemas";
import { readParameters } from "@/lib/templates/parameter-schema";
import { parseParameterValues } from "@/lib/templates/parameters";
import { rawParameterValues } from "@/lib/templates/prompt";
import { fieldErrorsOf, formBoolean, idSchema, optionalInt } from "@/lib/validations/common";
import { optionalField } from "@/lib/validations/optional";
import { canManageCampaign, type CampaignActor } from "./lifecycle";
import { queueCampaignDryRun } from "./schedule";
import { targetSpecFromForm, targetSpecSchema } from "./targets";

type Tx = Prisma.TransactionClient;

/** The form as it arrives: its fields are checked by `parseDraft`, which needs the database. */
export const campaignDraftInput = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type CampaignDraftInput = z.output<typeof campaignDraftInput>;

const optionalPercent = (message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce.number({ error: message }).min(1, message).max(100, message).optional(),
  );

const settingsSchema = z.object({
  name: z.string().trim().min(1, "Give the campaign a name.").max(100, "Keep the name under 100 characters."),
  description: optionalField(z.string().trim().max(2000, "Keep the description under 2,000 characters.")),
  templateVersionId: z
    .string()
    .refine((v) => v !== "", "Choose a template.")
    .pipe(idSchema),
  owner: z.string().regex(/^(me|(team|user):[A-Za-z0-9_-]{1,64})$/, "Choose an owner."),
  model: modelSchema,
  customAgent: customAgentSchema,
  createPullRequest: formBoolean,
  baseRef: optionalField(gitRefSchema),
  maxInFlight: optionalInt(1, 200, "Use a whole number from 1 to 200."),
  startsPerMinute: optionalInt(
    1,
    80,
    "Use a whole number from 1 to 80 (GitHub allows 80 creations a minute).",
  ),
  canarySize: optionalInt(0, 100, "Use a whole number from 0 to 100."),
  canarySuccessThreshold: optionalPercent(
    "Use a percentage from 1 to 100, or leave it blank to approve by hand.",
  ),
  failurePauseThreshold: optionalPercent(
    "Use a percentage from 1 to 100, or leave it blank to never pause by itself.",
  ),
  failurePauseMinFinished: optionalInt(1, 1000, "Use a whole number from 1 to 1,000."),
  targetKind: z.enum(["list", "org", "topic", "pattern"], { error: "Choose how to pick repositories." }),
});

/** What a draft stores: everything but who created it and its dry run (./dry-run.ts writes that). */
export type DraftData = Omit<Prisma.CampaignUncheckedCreateInput, "createdById" | "dryRun">;

const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * Reads and checks the draft form; field errors are keyed by the form's field names. The owner
 * may be a team, or a person who has signed in to Switchyard (`isSignedInUser`).
 */
export async function parseDraft(
  tx: Tx,
  user: { id: string },
  input: CampaignDraftInput,
  isSignedInUser: (userId: string) => Promise<boolean>,
): Promise<ActionResult<DraftData>> {
  const fieldErrors: Record<string, string[]> = {};
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) Object.assign(fieldErrors, fieldErrorsOf(parsed.error));

  const kind = text(input.targetKind);
  const spec = targetSpecSchema.safeParse(targetSpecFromForm(input));
  if (!spec.success && ["list", "org", "topic", "pattern"].includes(kind)) {
    for (const issue of spec.error.issues) {
      const field = issue.path[0] === "repositories" ? "repositories" : String(issue.path[0] ?? "targetKind");
      (fieldErrors[field] ??= []).push(issue.message);
    }
  }

  // Checked even when other fields failed, so every problem shows at once.
  const versionId = idSchema.safeParse(input.templateVersionId);
  const version = versionId.success
    ? await tx.templateVersion.findUnique({
        where: { id: versionId.data },
        include: { template: { select: { archivedAt: true } } },
      })
    : null;
  if (versionId.success && (!version || version.template.archivedAt))
    fieldErrors.templateVersionId = ["That template version is not available."];
  let parameterValues = {};
  if (version) {
    const result = parseParameterValues(readParameters(version.parameters), rawParameterValues(input));
    if (!result.ok)
      for (const [name, messages] of Object.entries(result.fieldErrors))
        fieldErrors[`param.${name}`] = messages;
    else parameterValues = result.values;
  }

  let ownerTeamId: string | null = null;
  let ownerUserId: string = user.id;
  if (parsed.success && parsed.data.owner.startsWith("team:")) {
    ownerTeamId = parsed.data.owner.slice(5);
    const team = await tx.team.findUnique({ where: { id: ownerTeamId }, select: { id: true } });
    if (!team) fieldErrors.owner = ["That team does not exist."];
  } else if (parsed.success && parsed.data.owner.startsWith("user:")) {
    ownerUserId = parsed.data.owner.slice(5);
    if (!(await isSignedInUser(ownerUserId)))
      fieldErrors.owner = ["Choose someone who has signed in to Switchyard."];
  }
  if (!parsed.success || !spec.success || Object.keys(fieldErrors).length)
    return fail("invalid_input", "Check the highlighted fields.", { fieldErrors });

  const d = parsed.data;
  return ok({
    name: d.name,
    description: d.description ?? null,
    templateVersionId: d.templateVersionId,
    parameters: parameterValues,
    targetSpec: spec.data,
    ownerUserId: ownerTeamId ? null : ownerUserId,
    ownerTeamId,
    model: d.model ?? null,
    customAgent: d.customAgent ?? null,
    createPullRequest: d.createPullRequest,
    baseRef: d.baseRef?.replace(/^refs\/heads\//, "") ?? null,
    maxInFlight: d.maxInFlight ?? 10,
    startsPerMinute: d.startsPerMinute ?? 60,
    canarySize: d.canarySize ? d.canarySize : null,
    canarySuccessThreshold: d.canarySize && d.canarySuccessThreshold ? d.canarySuccessThreshold / 100 : null,
    failurePauseThreshold: d.failurePauseThreshold ? d.failurePauseThreshold / 100 : null,
    failurePauseMinFinished: d.failurePauseMinFinished ?? 5,
  });
}

/** What a draft's audit record says about it. */
export function draftDetails(data: DraftData): Prisma.InputJsonObject {
  return {
    name: data.name,
    templateVersionId: data.templateVersionId,
    targetSpec: data.targetSpec as Prisma.InputJsonValue,
  };
}

export async function createDraft(tx: Tx, user: { id: string }, data: DraftData) {
  return tx.campaign.create({ data: { ...data, createdById: user.id }, select: { id: true } });
}

const NOT_FOUND = "That campaign does not exist.";
const NOT_MANAGER = "Only the campaign's creator, its owner (or owning team) or an admin can change it.";

/** The draft, locked, if this person may manage it. */
async function managedDraft(tx: Tx, actor: CampaignActor, id: string, action: string) {
  await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${id} FOR UPDATE`;
  const campaign = await tx.campaign.findUnique({ where: { id } });
  if (!campaign) return { failure: fail("not_found", NOT_FOUND) };
  if (!(await canManageCampaign(tx, actor, campaign))) return { failure: fail("forbidden", NOT_MANAGER) };
  if (campaign.status !== "draft")
    return { failure: fail("invalid_state", `Only a draft can be ${action}.`) };
  return { campaign };
}

/**
 * Edits a draft. Its dry run is thrown away, since the targets or prompts may differ now, and so is
 * a dry run still running: its row (and with it the request stamp) is deleted, and the run writes
 * nothing without it.
 */
export async function updateDraft(
  tx: Tx,
  actor: CampaignActor,
  id: string,
  data: DraftData,
): Promise<ActionResult<{ id: string }>> {
  const found = await managedDraft(tx, actor, id, "edited");
  if (found.failure) return found.failure;
  await tx.campaign.update({ where: { id }, data });
  await tx.campaignDryRun.deleteMany({ where: { campaignId: id } });
  await tx.campaignTarget.deleteMany({ where: { campaignId: id } });
  return ok({ id });
}

/** Deletes a draft that never launched. */
export async function deleteDraft(
  tx: Tx,
  actor: CampaignActor,
  id: string,
): Promise<ActionResult<{ name: string }>> {
  const found = await managedDraft(tx, actor, id, "deleted");
  if (found.failure) return found.failure;
  // A rule limited to this campaign would otherwise lose its condition and match every task (the
  // foreign key restricts the delete; this says which rules).
  const rules = await tx.routingRule.findMany({
    where: { campaignId: id },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { name: true },
  });
  if (rules.length > 0)
    return fail(
      "conflict",
      `Routing rules are limited to this campaign (${rules.map((rule) => rule.name).join(", ")}). Change or delete them first.`,
    );
  await tx.campaign.delete({ where: { id } });
  return ok({ name: found.campaign.name });
}

/**
 * Queues the dry run for the worker: it reads every repository with this person's own GitHub access
 * (tens of seconds for hundreds of repositories), and the page follows its progress. The request's
 * time is the run's stamp: an edit or a newer request replaces it, and the run then writes nothing.
 */
export async function requestDryRun(
  tx: Tx,
  actor: CampaignActor,
  id: string,
): Promise<ActionResult<{ message: string }>> {
  const found = await managedDraft(tx, actor, id, "dry-run");
  if (found.failure) return found.failure;
  // The last finished run (its time and skipped repositories) stays on show until this one writes.
  const request = { requestedAt: new Date(), requestedById: actor.id, checked: 0, total: null, error: null };
  await tx.campaignDryRun.upsert({
    where: { campaignId: id },
    create: { campaignId: id, ...request },
    update: request,
  });
  await queueCampaignDryRun(tx, id);
  return ok({ message: "Checking every repository with your GitHub access…" });
}
