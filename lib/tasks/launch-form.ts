/**
 * The launch form's start and its preview. A template launch is rendered here, on the server, from
 * the stored version, the validated parameters and the repository's facts (a prompt rendered in the
 * browser is never trusted). Worker-safe: the person comes in as an ActingUser.
 */
import type { Prisma } from "@/generated/prisma/client";
import { failureFromError } from "@/lib/errors";
import { fail, ok, type ActionResult } from "@/lib/result";
import type { AuditRecorder } from "@/lib/audit";
import { promptSchema, type StartTaskParams } from "@/lib/github";
import { applyPolicy, policyFor } from "@/lib/policies/policy";
import { loadTemplateVersion, parseFormParameters, renderForRepository } from "@/lib/templates/prompt";
import { TemplateRenderError } from "@/lib/templates/render";
import type { ActingUser } from "@/lib/auth/acting";
import { startTask, type StartedTaskSummary } from "./start";

type Tx = Prisma.TransactionClient;

/** The launch form, as lib/validations/launch.ts checks it; `param.*` fields carry a template's parameters. */
export type LaunchForm = {
  owner: string;
  repo: string;
  prompt?: string;
  base_ref: string | null;
  model?: StartTaskParams["model"];
  custom_agent?: string;
  create_pull_request: boolean;
  template_version_id: string | null;
  previous_task_id: string | null;
  [field: string]: unknown;
};

/** What the preview beside the form is computed from. */
export type LaunchPreviewRequest = {
  templateVersionId?: string;
  owner: string;
  repo: string;
  baseRef?: string;
  model?: StartTaskParams["model"];
  createPullRequest: boolean;
  values: Record<string, string>;
};

/** The form's start input: the typed prompt, or the template rendered for the chosen repository. */
async function startInputOf(
  acting: ActingUser,
  form: LaunchForm,
): Promise<ActionResult<{ input: StartTaskParams; templateVersionId: string | null }>> {
  const options = {
    owner: form.owner,
    repo: form.repo,
    ...(form.base_ref ? { base_ref: form.base_ref } : {}),
    ...(form.model ? { model: form.model } : {}),
    ...(form.custom_agent ? { custom_agent: form.custom_agent } : {}),
    create_pull_request: form.create_pull_request,
  };
  if (!form.template_version_id)
    return ok({ input: { ...options, prompt: promptSchema.parse(form.prompt) }, templateVersionId: null });
  const version = await loadTemplateVersion(acting.db, form.template_version_id);
  if (!version)
    return fail("invalid_input", "That template is no longer available. Choose another one.", {
      fieldErrors: {},
    });
  const params = parseFormParameters(version, form);
  if (!params.ok)
    return fail("invalid_input", "Check the highlighted fields.", { fieldErrors: params.fieldErrors });
  let rendered: Awaited<ReturnType<typeof renderForRepository>>;
  try {
    rendered = await acting.withClient((client) =>
      renderForRepository(
        acting.db,
        client,
        version,
        params.values,
        { owner: form.owner, name: form.repo },
        { baseRef: form.base_ref ?? null },
      ),
    );
  } catch (error) {
    // Over the rendering limits (lib/templates/render.ts): the template needs editing.
    if (error instanceof TemplateRenderError) return fail("invalid_input", error.message);
    throw error;
  }
  if (rendered.missingParameters.length > 0)
    return fail("invalid_input", "Check the highlighted fields.", {
      fieldErrors: Object.fromEntries(
        rendered.missingParameters.map((name) => [`param.${name}`, ["This is required."]]),
      ),
    });
  const prompt = promptSchema.safeParse(rendered.prompt);
  if (!prompt.success)
    return fail("invalid_input", `The rendered prompt cannot be sent: ${prompt.error.issues[0]?.message}`);
  return ok({ input: { ...options, prompt: prompt.data }, templateVersionId: version.id });
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Starts the form's task under the person's own GitHub identity, recorded by `record`. With
 * `previous_task_id` (Edit and retry) the new task is the next attempt of that task, but only when
 * it is in the same repository; `linkPrevious` then links it into triage, in the transaction that
 * records the start (lib/triage/operations.ts decides which items the person may link).
 */
export async function startFromLaunchForm(
  acting: ActingUser,
  form: LaunchForm,
  options: {
    record: AuditRecorder;
    linkPrevious?: (tx: Tx, previousTaskId: string, nextTaskId: string) => Promise<unknown>;
  },
): Promise<ActionResult<StartedTaskSummary>> {
  const prepared = await startInputOf(acting, form);
  if (!prepared.ok) return prepared;
  const { input, templateVersionId } = prepared.data;
  const previous = form.previous_task_id
    ? await acting.db.task.findUnique({
        where: { id: form.previous_task_id },
        select: { id: true, repository: { select: { owner: true, name: true } } },
      })
    : null;
  const retried =
    previous &&
    sameName(previous.repository.owner, input.owner) &&
    sameName(previous.repository.name, input.repo)
      ? previous.id
      : null;
  const link = options.linkPrevious;
  return startTask(acting, input, {
    ...(templateVersionId ? { templateVersionId } : {}),
    ...(retried ? { kind: "edit_retry" as const, previousTaskId: retried } : {}),
    record: (tx, fields = {}) =>
      options.record(tx, { ...fields, action: retried ? "task.edit_retry" : "task.start" }),
    ...(retried && link
      ? {
          settle: async (tx, outcome) => {
            if (outcome.status === "started") await link(tx, retried, outcome.task.id);
          },
        }
      : {}),
  });
}

export type LaunchPreview = {
  repository: string;
  /** null without a template (the prompt is what was typed) or when it could not be rendered. */
  prompt: string | null;
  warnings: string[];
  missingParameters: string[];
  /** What the repository's policy changes (e.g. pull request off on a branch-only repository). */
  policyNotes: string[];
  /** Set when the policy refuses this start as it stands (e.g. a model it does not allow). */
  policyRefusal: string | null;
  error: string | null;
};

/**
 * What a launch would send, before it is sent: the prompt rendered with this repository's facts,
 * the facts it lacks, and what the repository's policy changes. The start renders again on its own.
 */
export async function previewLaunch(
  acting: ActingUser,
  request: LaunchPreviewRequest,
): Promise<ActionResult<LaunchPreview>> {
  const { owner, repo, templateVersionId, values } = request;
  const policy = await policyFor(acting.db, owner, repo);
  const decision = applyPolicy(policy, {
    owner,
    repo,
    model: request.model,
    create_pull_request: request.createPullRequest,
  });
  const policyNotes = decision.notes;
  if (!policy.pullRequestsAllowed && policyNotes.length === 0)
    policyNotes.push(
      `${owner}/${repo} is branch-only (policy ${policy.matched.join(", ")}): the agent pushes a branch and a person opens the pull request.`,
    );
  const preview: LaunchPreview = {
    repository: `${owner}/${repo}`,
    prompt: null,
    warnings: [],
    missingParameters: [],
    policyNotes,
    policyRefusal: decision.ok ? null : decision.message,
    error: null,
  };
  if (!templateVersionId) return ok(preview);
  const version = await loadTemplateVersion(acting.db, templateVersionId);
  if (!version) return fail("not_found", "That template is no longer available.");
  const params = parseFormParameters(version, values, { allowMissingRequired: true });
  if (!params.ok) return ok({ ...preview, error: Object.values(params.fieldErrors).flat().join(" ") });
  try {
    const rendered = await acting.withClient((client) =>
      renderForRepository(
        acting.db,
        client,
        version,
        params.values,
        { owner, name: repo },
        {
          baseRef: request.baseRef || null,
        },
      ),
    );
    return ok({
      ...preview,
      prompt: rendered.prompt,
      warnings: rendered.warnings,
      missingParameters: rendered.missingParameters,
    });
  } catch (error) {
    if (error instanceof TemplateRenderError) return ok({ ...preview, error: error.message });
    const problem = failureFromError(error);
    if (problem.code === "signed_out") return problem;
    return ok({ ...preview, error: problem.message });
  }
}
