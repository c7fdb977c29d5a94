/**
 * Creating, pausing, resuming and deleting schedules (on one repository, or as a campaign over a
 * target spec: ./campaign.ts). Works in the caller's transaction (the action
 * kit's), which also holds the audit record. Who may change a schedule: its owner, or an admin.
 * No "server-only": takes its transaction.
 */
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { FailureError } from "@/lib/errors";
import { readParameters } from "@/lib/templates/parameter-schema";
import { parseParameterValues } from "@/lib/templates/parameters";
import { rawParameterValues } from "@/lib/templates/prompt";
import { idSchema } from "@/lib/validations/common";
import { campaignSettingsOf, parseScheduledDraft, type ScheduledDraft } from "./campaign";
import { cronProblem } from "./cron";
import { firstSlotAfter } from "./tick";

type Tx = Prisma.TransactionClient;

const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

export const scheduleFormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the schedule a name.")
      .max(100, "Keep the name under 100 characters."),
    templateId: idSchema,
    // One repository, or a campaign over a target spec (the campaign form's fields, checked on save).
    target: z.enum(["repository", "campaign"], { error: "Choose where it runs." }).default("repository"),
    repository: z.string().trim().default(""),
    cron: z.string().trim().min(1, "Give a cron expression.").max(100, "Keep the expression short."),
    timeZone: z.string().trim().min(1, "Choose a time zone.").max(64, "Choose a time zone."),
    overlap: z.enum(["skip", "start_anyway"], {
      error: "Choose what happens while the previous run is going.",
    }),
    missed: z.enum(["run_once", "skip"], {
      error: "Choose what happens to runs missed while Switchyard was down.",
    }),
  })
  .catchall(z.unknown())
  .superRefine((value, ctx) => {
    if (value.target === "repository" && !REPOSITORY.test(value.repository))
      ctx.addIssue({ code: "custom", path: ["repository"], message: "Choose a repository as owner/name." });
    const problem = cronProblem(value.cron, value.timeZone);
    if (problem)
      ctx.addIssue({
        code: "custom",
        path: [/time zone/i.test(problem) ? "timeZone" : "cron"],
        message: problem,
      });
  });

export type ScheduleForm = z.output<typeof scheduleFormSchema>;

/** The person may change this schedule: its owner, or an admin. */
async function loadOwned(tx: Tx, actor: { id: string; role: string }, id: string) {
  const schedule = await tx.schedule.findUnique({ where: { id } });
  // Not theirs: say "not found", as for anything they may not know exists.
  if (!schedule || (schedule.ownerId !== actor.id && actor.role !== "admin"))
    throw new FailureError("not_found", "That schedule does not exist, or it is not yours.");
  return schedule;
}

export async function createSchedule(
  tx: Tx,
  owner: { id: string },
  form: ScheduleForm,
  now = new Date(),
): Promise<{ id: string }> {
  const template = await tx.template.findUnique({
    where: { id: form.templateId },
    include: { versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  const version = template?.versions[0];
  if (!template || template.archivedAt || !version)
    throw new FailureError("invalid_input", "That template is no longer available.", {
      fieldErrors: { templateId: ["Choose another template."] },
    });
  const values = rawParameterValues(form);
  const campaign = form.target === "campaign" ? await checkCampaignForm(tx, owner, form, version) : null;
  if (!campaign) {
    // Parameters as the launch form takes them; `{date}` stays as typed (filled at each run).
    const parsed = parseParameterValues(readParameters(version.parameters), values);
    if (!parsed.ok)
      throw new FailureError("invalid_input", "Check the highlighted fields.", {
        fieldErrors: Object.fromEntries(
          Object.entries(parsed.fieldErrors).map(([k, v]) => [`param.${k}`, v]),
        ),
      });
  }
  const created = await tx.schedule.create({
    data: {
      name: form.name,
      ownerId: owner.id,
      templateId: template.id,
      parameters: values,
      target: form.target,
      repository: campaign ? null : form.repository,
      ...(campaign ?? {}),
      cron: form.cron,
      timeZone: form.timeZone,
      overlap: form.overlap,
      missed: form.missed,
      nextSlotAt: firstSlotAfter(form, now),
    },
    select: { id: true },
  });
  return created;
}

/**
 * A campaign schedule's form, checked as the campaign form is (the draft each run will create):
 * returns the target spec and limits to store, or throws with the campaign form's field errors.
 */
async function checkCampaignForm(
  tx: Tx,
  owner: { id: string },
  form: ScheduleForm,
  version: ScheduledDraft["version"],
) {
  const draft = await parseScheduledDraft(tx, {
    name: form.name,
    owner,
    version,
    targets: form,
    settings: form,
    values: rawParameterValues(form),
  });
  if (!draft.ok) throw new FailureError(draft.code, draft.message, { fieldErrors: draft.fieldErrors });
  return {
    targetSpec: draft.data.targetSpec as Prisma.InputJsonObject,
    campaignSettings: campaignSettingsOf(form),
  };
}

/** Pauses or resumes; resuming waits for the next slot from now (nothing missed while paused runs). */
export async function setScheduleEnabled(
  tx: Tx,
  actor: { id: string; role: string },
  id: string,
  enabled: boolean,
  now = new Date(),
) {
  const schedule = await loadOwned(tx, actor, id);
  await tx.schedule.update({
    where: { id },
    data: enabled
      ? { enabled: true, lastSlotAt: null, nextSlotAt: firstSlotAfter(schedule, now) }
      : { enabled: false },
  });
  return schedule;
}

export async function deleteSchedule(tx: Tx, actor: { id: string; role: string }, id: string) {
  const schedule = await loadOwned(tx, actor, id);
  await tx.schedule.delete({ where: { id } });
  return schedule;
}
