"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { requireUser, type SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { isSignedInUser } from "@/lib/dal/people";
import { customAgentSchema, gitRefSchema, modelSchema } from "@/lib/github";
import { failure, formValues, type ActionResult } from "@/lib/tasks/action-result";
import { startTaskAs } from "@/lib/tasks/start";
import {
  parameterFormValues,
  parseParameterValues,
  templateParametersSchema,
} from "@/lib/templates/parameters";
import { queueCampaignDryRun } from "./schedule";
import {
  approveCampaign,
  approveCanary,
  canManageCampaign,
  declineCampaign,
  launchCampaign,
  pauseCampaign,
  resumeCampaign,
  retryFailedStarts,
  stopCampaign,
  type LifecycleResult,
} from "./lifecycle";
import { parseRepositoryList, targetSpecSchema } from "./targets";
import { isRetryable } from "@/lib/tasks/states";

type Failure = Extract<ActionResult<never>, { ok: false }>;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

async function audit(
  user: SignedInUser,
  action: string,
  campaignId: string | null,
  details: Prisma.InputJsonObject,
  outcome = "ok",
) {
  await db.auditEvent.create({
    data: {
      actorId: user.id,
      actorLogin: user.login,
      action,
      targetType: "campaign",
      targetId: campaignId,
      outcome,
      details,
    },
  });
}

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalInt = (min: number, max: number, message: string) =>
  z.preprocess(
    blank,
    z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).optional(),
  );
const optionalPercent = (message: string) =>
  z.preprocess(blank, z.coerce.number({ error: message }).min(1, message).max(100, message).optional());

const settingsSchema = z.object({
  name: z.string().trim().min(1, "Give the campaign a name.").max(100, "Keep the name under 100 characters."),
  description: z.preprocess(
    blank,
    z.string().trim().max(2000, "Keep the description under 2,000 characters.").optional(),
  ),
  templateVersionId: idSchema.or(z.literal("")).refine((v) => v !== "", "Choose a template."),
  owner: z.string().regex(/^(me|(team|user):[A-Za-z0-9_-]{1,64})$/, "Choose an owner."),
  model: modelSchema,
  customAgent: customAgentSchema,
  createPullRequest: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  baseRef: z.preprocess(blank, gitRefSchema.optional()),
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

type ParsedDraft = { data: Prisma.CampaignUncheckedCreateInput; values: Record<string, string> };

/** Reads and checks the draft form; field errors are keyed by the form's field names. */
async function parseDraft(formData: FormData, user: SignedInUser): Promise<ParsedDraft | Failure> {
  const values = formValues(formData);
  const fieldErrors: Record<string, string[]> = {};
  const invalid = () =>
    ({
      ok: false,
      kind: "invalid_input",
      message: "Check the highlighted fields.",
      fieldErrors,
      values,
    }) as Failure;

  const parsed = settingsSchema.safeParse(values);
  if (!parsed.success) Object.assign(fieldErrors, z.flattenError(parsed.error).fieldErrors);

  const kind = values.targetKind;
  const specInput =
    kind === "list"
      ? { kind, repositories: parseRepositoryList(values.repositories ?? "") }
      : { kind, org: values.org ?? "", topic: values.topic ?? "", pattern: values.pattern ?? "" };
  const spec = targetSpecSchema.safeParse(specInput);
  if (!spec.success && ["list", "org", "topic", "pattern"].includes(kind ?? "")) {
    for (const issue of spec.error.issues) {
      const field = issue.path[0] === "repositories" ? "repositories" : String(issue.path[0] ?? "targetKind");
      (fieldErrors[field] ??= []).push(issue.message);
    }
  }

  // Checked even when other fields failed, so every problem shows at once.
  const versionId = idSchema.safeParse(values.templateVersionId);
  const version = versionId.success
    ? await db.templateVersion.findUnique({
        where: { id: versionId.data },
        include: { template: { select: { archivedAt: true } } },
      })
    : null;
  if (versionId.success && (!version || version.template.archivedAt))
    fieldErrors.templateVersionId = ["That template version is not available."];
  let parameterValues = {};
  if (version) {
    const parameters = templateParametersSchema.safeParse(version.parameters);
    const result = parseParameterValues(
      parameters.success ? parameters.data : [],
      parameterFormValues(formData),
    );
    if (!result.ok)
      for (const [name, messages] of Object.entries(result.fieldErrors))
        fieldErrors[`param.${name}`] = messages;
    else parameterValues = result.values;
  }

  let ownerTeamId: string | null = null;
  let ownerUserId: string = user.id;
  if (parsed.success && parsed.data.owner.startsWith("team:")) {
    ownerTeamId = parsed.data.owner.slice(5);
    const team = await db.team.findUnique({ where: { id: ownerTeamId }, select: { id: true } });
    if (!team) fieldErrors.owner = ["That team does not exist."];
  } else if (parsed.success && parsed.data.owner.startsWith("user:")) {
    ownerUserId = parsed.data.owner.slice(5);
    if (!(await isSignedInUser(ownerUserId)))
      fieldErrors.owner = ["Choose someone who has signed in to Switchyard."];
  }
  if (!parsed.success || !spec.success || Object.keys(fieldErrors).length) return invalid();

  const d = parsed.data;
  return {
    values,
    data: {
      name: d.name,
      description: d.description ?? null,
      templateVersionId: d.templateVersionId,
      parameters: parameterValues,
      targetSpec: spec.data,
      ownerUserId: ownerTeamId ? null : ownerUserId,
      ownerTeamId,
      createdById: user.id,
      model: d.model ?? null,
      customAgent: d.customAgent ?? null,
      createPullRequest: d.createPullRequest,
      baseRef: d.baseRef?.replace(/^refs\/heads\//, "") ?? null,
      maxInFlight: d.maxInFlight ?? 10,
      startsPerMinute: d.startsPerMinute ?? 60,
      canarySize: d.canarySize ? d.canarySize : null,
      canarySuccessThreshold:
        d.canarySize && d.canarySuccessThreshold ? d.canarySuccessThreshold / 100 : null,
      failurePauseThreshold: d.failurePauseThreshold ? d.failurePauseThreshold / 100 : null,
      failurePauseMinFinished: d.failurePauseMinFinished ?? 5,
    },
  };
}

/** Creates a draft campaign and opens it (the dry run comes next). */
export async function createCampaignAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string }>> {
  const user = await requireUser();
  const parsed = await parseDraft(formData, user);
  if (!("data" in parsed)) return parsed;
  const campaign = await db.campaign.create({ data: parsed.data, select: { id: true } });
  await audit(user, "campaign.create", campaign.id, {
    name: parsed.data.name,
    templateVersionId: parsed.data.templateVersionId,
    targetSpec: parsed.data.targetSpec as Prisma.InputJsonValue,
  });
  revalidatePath("/campaigns");
  redirect(`/campaigns/${campaign.id}`);
}

async function managedCampaign(user: SignedInUser, campaignId: unknown) {
  const id = idSchema.safeParse(campaignId);
  if (!id.success)
    return { error: { ok: false, kind: "not_found", message: "That campaign does not exist." } as Failure };
  const campaign = await db.campaign.findUnique({ where: { id: id.data } });
  if (!campaign)
    return { error: { ok: false, kind: "not_found", message: "That campaign does not exist." } as Failure };
  if (!(await canManageCampaign(db, user, campaign)))
    return {
      error: {
        ok: false,
        kind: "forbidden",
        message: "Only the campaign's creator, its owner (or owning team) or an admin can change it.",
      } as Failure,
    };
  return { campaign };
}

/** Edits a draft; its dry run is thrown away, since the targets or prompts may differ now. */
export async function updateCampaignAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string }>> {
  const user = await requireUser();
  const found = await managedCampaign(user, formData.get("campaignId"));
  if (found.error) return { ...found.error, values: formValues(formData) };
  const { campaign } = found;
  if (campaign.status !== "draft")
    return {
      ok: false,
      kind: "invalid_state",
      message: "Only a draft can be edited.",
      values: formValues(formData),
    };
  const parsed = await parseDraft(formData, user);
  if (!("data" in parsed)) return parsed;
  // The creator stays; ownership may move.
  const { createdById: _creator, ...data } = parsed.data;
  void _creator;
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${campaign.id} FOR UPDATE`;
    await tx.campaign.update({
      where: { id: campaign.id, status: "draft" },
      data: { ...data, dryRunAt: null },
    });
    await tx.campaignTarget.deleteMany({ where: { campaignId: campaign.id } });
  });
  await audit(user, "campaign.update", campaign.id, {
    name: data.name,
    templateVersionId: data.templateVersionId,
    targetSpec: data.targetSpec as Prisma.InputJsonValue,
  });
  revalidatePath(`/campaigns/${campaign.id}`);
  return { ok: true, data: { id: campaign.id } };
}

/** Deletes a draft that never launched. */
export async function deleteDraftAction(_previous: unknown, formData: FormData): Promise<ActionResult<null>> {
  const user = await requireUser();
  const found = await managedCampaign(user, formData.get("campaignId"));
  if (found.error) return found.error;
  const deleted = await db.campaign.deleteMany({ where: { id: found.campaign.id, status: "draft" } });
  if (deleted.count === 0)
    return { ok: false, kind: "invalid_state", message: "Only a draft can be deleted." };
  await audit(user, "campaign.delete", found.campaign.id, { name: found.campaign.name });
  revalidatePath("/campaigns");
  redirect("/campaigns");
}

/** Checks every target and renders its prompt, with the caller's GitHub access. */
/**
 * Queues the dry run for the worker: it reads every repository with the caller's own GitHub access
 * (tens of seconds for hundreds of repositories), and the page follows its progress.
 */
export async function dryRunCampaignAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ message: string }>> {
  const user = await requireUser();
  const found = await managedCampaign(user, formData.get("campaignId"));
  if (found.error) return found.error;
  const { campaign } = found;
  if (campaign.status !== "draft")
    return { ok: false, kind: "invalid_state", message: "Only a draft campaign can be dry-run." };
  const { count } = await db.campaign.updateMany({
    where: { id: campaign.id, status: "draft" },
    data: {
      dryRunRequestedAt: new Date(),
      dryRunRequestedById: user.id,
      dryRunChecked: 0,
      dryRunTotal: null,
      dryRunError: null,
    },
  });
  if (count === 0)
    return { ok: false, kind: "invalid_state", message: "Only a draft campaign can be dry-run." };
  await queueCampaignDryRun(db, campaign.id);
  await audit(user, "campaign.dry_run_requested", campaign.id, {});
  revalidatePath(`/campaigns/${campaign.id}`);
  return { ok: true, data: { message: "Checking every repository with your GitHub access…" } };
}

function lifecycleAction(action: string, change: typeof launchCampaign) {
  return async (formData: FormData): Promise<ActionResult<{ status: string; message: string }>> => {
    const user = await requireUser();
    const id = idSchema.safeParse(formData.get("campaignId"));
    if (!id.success) return { ok: false, kind: "not_found", message: "That campaign does not exist." };
    let result: LifecycleResult;
    try {
      result = await change(db, user, id.data);
    } catch (error) {
      return failure(error);
    }
    await audit(
      user,
      action,
      id.data,
      result.ok
        ? { status: result.status, message: result.message, changed: result.changed ?? null }
        : { error: result.message },
      result.ok ? "ok" : result.kind,
    );
    revalidatePath(`/campaigns/${id.data}`);
    revalidatePath("/campaigns");
    return result.ok
      ? { ok: true, data: { status: result.status, message: result.message } }
      : { ok: false, kind: result.kind, message: result.message };
  };
}

const launch = lifecycleAction("campaign.launch", launchCampaign);
const approve = lifecycleAction("campaign.approve", approveCampaign);
const decline = lifecycleAction("campaign.decline", declineCampaign);
const canary = lifecycleAction("campaign.approve_canary", approveCanary);
const pause = lifecycleAction("campaign.pause", pauseCampaign);
const resume = lifecycleAction("campaign.resume", resumeCampaign);
const stop = lifecycleAction("campaign.stop", stopCampaign);
const retryStarts = lifecycleAction("campaign.retry_failed_starts", retryFailedStarts);

export async function launchCampaignAction(_previous: unknown, formData: FormData) {
  return launch(formData);
}
export async function approveCampaignAction(_previous: unknown, formData: FormData) {
  return approve(formData);
}
export async function declineCampaignAction(_previous: unknown, formData: FormData) {
  return decline(formData);
}
export async function approveCanaryAction(_previous: unknown, formData: FormData) {
  return canary(formData);
}
export async function pauseCampaignAction(_previous: unknown, formData: FormData) {
  return pause(formData);
}
export async function resumeCampaignAction(_previous: unknown, formData: FormData) {
  return resume(formData);
}
export async function stopCampaignAction(_previous: unknown, formData: FormData) {
  return stop(formData);
}
export async function retryFailedStartsAction(_previous: unknown, formData: FormData) {
  return retryStarts(formData);
}

/** A retried task may only be one that ended without success; open ones are still working. */
const MAX_BULK_RETRY = 50;

export type BulkRetryResult = {
  started: { taskId: string; newTaskId: string; repository: string }[];
  problems: { taskId: string; repository: string; message: string }[];
};

/**
 * Retries the selected tasks of a campaign: each is started again in its repository with the
 * target's rendered prompt, under the caller's identity, as the next attempt of the old task.
 */
export async function retryCampaignTasksAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<BulkRetryResult>> {
  const user = await requireUser();
  const found = await managedCampaign(user, formData.get("campaignId"));
  if (found.error) return found.error;
  const { campaign } = found;
  const ids = z
    .array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/))
    .min(1, "Select at least one task.")
    .max(MAX_BULK_RETRY, `Retry at most ${MAX_BULK_RETRY} tasks at a time.`)
    .safeParse([...new Set(formData.getAll("taskId").map(String))]);
  if (!ids.success)
    return { ok: false, kind: "invalid_input", message: ids.error.issues[0]?.message ?? "Select tasks." };
  if (campaign.status === "draft" || campaign.status === "awaiting_approval")
    return { ok: false, kind: "invalid_state", message: "This campaign has no tasks yet." };

  const targets = await db.campaignTarget.findMany({
    where: { campaignId: campaign.id, taskId: { in: ids.data } },
    include: { launches: { where: { status: "started" }, orderBy: { createdAt: "desc" }, take: 1 } },
  });
  const tasks = await db.task.findMany({
    where: { id: { in: ids.data }, campaignId: campaign.id },
    select: { id: true, state: true },
  });
  const stateOf = new Map(tasks.map((task) => [task.id, task.state]));
  const result: BulkRetryResult = { started: [], problems: [] };
  for (const taskId of ids.data) {
    const target = targets.find((t) => t.taskId === taskId);
    const repository = target ? `${target.owner}/${target.name}` : "";
    const state = stateOf.get(taskId);
    if (!target || !state) {
      result.problems.push({ taskId, repository, message: "Not a task of this campaign." });
      continue;
    }
    if (!isRetryable(state)) {
      result.problems.push({
        taskId,
        repository,
        message: `It is ${state.replace(/_/g, " ")}; only failed, timed-out or cancelled tasks are retried.`,
      });
      continue;
    }
    if (!target.prompt) {
      result.problems.push({ taskId, repository, message: "No rendered prompt is stored for it." });
      continue;
    }
    const previousLaunch = target.launches[0];
    const started = await startTaskAs(
      user,
      {
        owner: target.owner,
        repo: target.name,
        prompt: target.prompt,
        base_ref: campaign.baseRef ?? previousLaunch?.baseRef ?? target.defaultBranch ?? undefined,
        model: campaign.model ?? undefined,
        custom_agent: campaign.customAgent ?? undefined,
        create_pull_request: campaign.createPullRequest,
      },
      {
        kind: "retry",
        previousTaskId: taskId,
        campaignId: campaign.id,
        campaignTargetId: target.id,
        templateVersionId: campaign.templateVersionId,
      },
    );
    if (started.ok) result.started.push({ taskId, newTaskId: started.data.id, repository });
    else {
      result.problems.push({ taskId, repository, message: started.message });
      // A start GitHub may have received is never repeated blindly: stop here and let it reconcile.
      if (started.kind === "outcome_unknown" || started.kind === "rate_limited") break;
    }
  }
  await audit(
    user,
    "campaign.retry_tasks",
    campaign.id,
    { requested: ids.data, started: result.started, problems: result.problems },
    result.started.length ? "ok" : "failed",
  );
  revalidatePath(`/campaigns/${campaign.id}`);
  return { ok: true, data: result };
}
