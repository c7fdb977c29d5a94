"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getRepositorySetup, type RepositorySetupView } from "@/lib/dal/repository-setups";
import { formBooleanSchema, modelSchema, ownerSchema, repoSchema } from "@/lib/github";
import { setupDepsFor } from "@/lib/repositories/app";
import { forgetPickerCache } from "@/lib/repositories/pickers";
import { createRepositorySetup, resumeRepositorySetup } from "@/lib/repositories/setup";
import { loadTemplateVersion, parseFormParameters } from "@/lib/repositories/template-prompt";
import { failure, formValues, type ActionResult } from "@/lib/tasks/action-result";

const optionalText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().max(max, `Keep it under ${max} characters.`).optional(),
  );

const setupFormSchema = z.object({
  org: ownerSchema,
  name: repoSchema,
  visibility: z.enum(["private", "internal", "public"], { error: "Choose a visibility." }),
  description: optionalText(350),
  owning_team_id: optionalText(64),
  template_repository: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "Choose a template repository.")
      .optional(),
  ),
  template_version_id: z
    .string({ error: "Choose a setup template." })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a setup template."),
  model: modelSchema,
  create_pull_request: formBooleanSchema,
});

/**
 * Records a new-repository setup, creates the repository on GitHub and starts its setup task. A
 * refusal to create the repository (name taken, no permission) comes back to the form with
 * everything typed; once the repository exists, the status page shows the rest.
 */
export async function createRepositorySetupAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<never>> {
  const user = await requireUser();
  const values = formValues(formData);
  const invalid = (fieldErrors: Record<string, string[]>, message = "Check the highlighted fields.") => ({
    ok: false as const,
    kind: "invalid_input",
    message,
    fieldErrors,
    values,
  });
  const parsed = setupFormSchema.safeParse(values);
  const version = parsed.success ? await loadTemplateVersion(db, parsed.data.template_version_id) : null;
  const params = version ? parseFormParameters(version, values) : null;
  if (!parsed.success || !version || !params?.ok) {
    return invalid({
      ...(parsed.success ? {} : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)),
      ...(parsed.success && !version
        ? { template_version_id: ["That setup template is no longer available."] }
        : {}),
      ...(params && !params.ok ? params.fieldErrors : {}),
    });
  }
  const form = parsed.data;
  if (
    form.owning_team_id &&
    !(await db.team.findUnique({ where: { id: form.owning_team_id }, select: { id: true } }))
  )
    return invalid({ owning_team_id: ["That team no longer exists."] });
  let setupId: string;
  try {
    const outcome = await createRepositorySetup(setupDepsFor(user), {
      org: form.org,
      name: form.name,
      visibility: form.visibility,
      description: form.description ?? null,
      owningTeamId: form.owning_team_id ?? null,
      templateRepository: form.template_repository ?? null,
      templateVersionId: version.id,
      parameters: params.values,
      model: form.model ?? null,
      createPullRequest: form.create_pull_request,
    });
    forgetPickerCache(user.id);
    const { setup, failure: problem } = outcome;
    if (problem && (setup.status === "repository_failed" || setup.status === "creating_repository")) {
      // The failed attempt joins the list of recent setups under the form.
      revalidatePath("/launch/new-repository");
      return {
        ok: false,
        kind: problem.kind,
        message: problem.message,
        values,
        ...(problem.field ? { fieldErrors: { [problem.field]: [problem.message] } } : {}),
      };
    }
    setupId = setup.id;
  } catch (error) {
    return { ...failure(error), values };
  }
  redirect(`/launch/new-repository/${setupId}`);
}

const setupIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** The live view of one setup (the status page polls it). */
export async function getRepositorySetupAction(id: unknown): Promise<ActionResult<RepositorySetupView>> {
  const user = await requireUser();
  const parsed = setupIdSchema.safeParse(id);
  const view = parsed.success ? await getRepositorySetup(parsed.data, user) : null;
  if (!view) return { ok: false, kind: "not_found", message: "No such setup, or it is not yours." };
  return { ok: true, data: view };
}

/** Runs only the step that is missing (the repository, or the setup task). */
export async function resumeRepositorySetupAction(id: unknown): Promise<ActionResult<RepositorySetupView>> {
  const user = await requireUser();
  const parsed = setupIdSchema.safeParse(id);
  const view = parsed.success ? await getRepositorySetup(parsed.data, user) : null;
  if (!parsed.success || !view)
    return { ok: false, kind: "not_found", message: "No such setup, or it is not yours." };
  if (!view.canResume)
    return {
      ok: false,
      kind: view.status === "task_unknown" ? "task_unknown" : "not_resumable",
      message:
        view.status === "task_unknown"
          ? "GitHub has not confirmed whether the setup task started. Switchyard checks with GitHub first; resume becomes possible only if it was not created."
          : "There is nothing to resume for this setup.",
    };
  try {
    const outcome = await resumeRepositorySetup(setupDepsFor(user), parsed.data);
    const next = await getRepositorySetup(parsed.data, user);
    if (!outcome || !next) return { ok: false, kind: "not_found", message: "No such setup." };
    if (outcome.failure) return { ok: false, kind: outcome.failure.kind, message: outcome.failure.message };
    return { ok: true, data: next };
  } catch (error) {
    return failure(error);
  }
}
