/**
 * The new-repository form: what it sends, and starting a setup from it. A refusal to create the
 * repository (name taken, no permission) comes back to the form as a typed failure on its field;
 * once the repository exists, the setup's status page shows the rest. Worker-safe.
 */
import { z } from "zod";
import { fail, isErrorCode, ok, type ActionFailure, type ActionResult } from "@/lib/result";
import { formBooleanSchema, modelSchema, ownerSchema, repoSchema } from "@/lib/github/schemas";
import { loadTemplateVersion, parseFormParameters } from "@/lib/templates/prompt";
import { idSchema } from "@/lib/validations/common";
import { optionalField } from "@/lib/validations/optional";
import { createRepositorySetup, type SetupDeps, type SetupFailure } from "./setup";

const optionalText = (max: number) =>
  optionalField(z.string().trim().max(max, `Keep it under ${max} characters.`));

export const setupFormSchema = z
  .object({
    org: ownerSchema,
    name: repoSchema,
    visibility: z.enum(["private", "internal", "public"], { error: "Choose a visibility." }),
    description: optionalText(350),
    owning_team_id: optionalField(idSchema),
    template_repository: optionalField(
      z.string().regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "Choose a template repository."),
    ),
    template_version_id: z
      .string({ error: "Choose a setup template." })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a setup template."),
    model: modelSchema,
    create_pull_request: formBooleanSchema,
  })
  // The setup template's parameters, as `param.<name>` fields.
  .catchall(z.union([z.string(), z.array(z.string())]));

export type SetupForm = z.output<typeof setupFormSchema>;

/** A setup's failure as the closed codes: its own kinds map onto what the person can do about it. */
export function setupFailureResult(failure: SetupFailure): ActionFailure {
  const extra = failure.field ? { fieldErrors: { [failure.field]: [failure.message] } } : {};
  switch (failure.kind) {
    case "name_taken":
    case "busy":
      return fail("conflict", failure.message, extra);
    case "repository_unknown":
    case "task_unknown":
      return fail("outcome_unknown", failure.message, extra);
    case "template_missing":
    case "not_resumable":
      return fail("invalid_state", failure.message, extra);
    default:
      return fail(isErrorCode(failure.kind) ? failure.kind : "failed", failure.message, extra);
  }
}

/**
 * Records a new-repository setup, creates the repository and starts its setup task. `ok` carries the
 * setup once the repository exists (the status page follows the task); a repository that could not
 * be created is a failure, with the setup's id so the page can list the attempt.
 */
export async function startSetupFromForm(
  deps: SetupDeps,
  form: SetupForm,
): Promise<ActionResult<{ id: string }>> {
  const version = await loadTemplateVersion(deps.db, form.template_version_id);
  const params = version ? parseFormParameters(version, form) : null;
  const fieldErrors = {
    ...(version ? {} : { template_version_id: ["That setup template is no longer available."] }),
    ...(params && !params.ok ? params.fieldErrors : {}),
  };
  if (
    form.owning_team_id &&
    !(await deps.db.team.findUnique({ where: { id: form.owning_team_id }, select: { id: true } }))
  )
    Object.assign(fieldErrors, { owning_team_id: ["That team no longer exists."] });
  if (!version || !params?.ok || Object.keys(fieldErrors).length > 0)
    return fail("invalid_input", "Check the highlighted fields.", { fieldErrors });
  const { setup, failure } = await createRepositorySetup(deps, {
    org: form.org,
    name: form.name,
    visibility: form.visibility,
    description: form.description,
    owningTeamId: form.owning_team_id,
    templateRepository: form.template_repository,
    templateVersionId: version.id,
    parameters: params.values,
    model: form.model ?? null,
    createPullRequest: form.create_pull_request,
  });
  if (failure && (setup.status === "repository_failed" || setup.status === "creating_repository"))
    return setupFailureResult(failure);
  return ok({ id: setup.id });
}
