"use server";

import { z } from "zod";
import { TASK_STATES } from "@/lib/tasks/states";
import { asGitHubUser } from "@/lib/auth/user-github";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import {
  getRepoTask as fetchRepoTask,
  getTask as fetchTask,
  listMyTasks as fetchMyTasks,
  listRepoTasks as fetchRepoTasks,
  modelSchema,
  ownerSchema,
  promptSchema,
  repoSchema,
  startTaskInputSchema,
} from "@/lib/github";
import { applyPolicy, policyFor } from "@/lib/policies/policy";
import {
  loadTemplateVersion,
  parseFormParameters,
  renderForRepository,
} from "@/lib/repositories/template-prompt";
import { TemplateRenderError } from "@/lib/templates/render";
import { failure, formValues, type ActionResult } from "./action-result";
import { startTaskAs } from "./start";

export type { ActionResult } from "./action-result";

import type { StartedTaskSummary } from "./start";
export type { StartedTaskSummary };

const templateVersionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

type StartInput = z.infer<typeof startTaskInputSchema>;

/**
 * The prompt of a template launch, rendered on the server from the stored version, the validated
 * parameters and the repository's facts (a prompt rendered in the browser is never trusted).
 */
async function renderTemplatePrompt(
  user: { id: string },
  versionId: string,
  values: Record<string, string>,
): Promise<
  | { ok: true; input: Omit<StartInput, "prompt">; prompt: string; templateVersionId: string }
  | Extract<ActionResult<never>, { ok: false }>
> {
  const invalid = (fieldErrors: Record<string, string[]>, message = "Check the highlighted fields.") => ({
    values,
    ok: false as const,
    kind: "invalid_input",
    message,
    fieldErrors,
  });
  const parsed = startTaskInputSchema.omit({ prompt: true }).safeParse(values);
  const version = await loadTemplateVersion(db, versionId);
  if (!version)
    return { ...invalid({}), message: "That template is no longer available. Choose another one." };
  const params = parseFormParameters(version, values);
  if (!parsed.success || !params.ok)
    return invalid({
      ...(parsed.success ? {} : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)),
      ...(params.ok ? {} : params.fieldErrors),
    });
  try {
    const rendered = await asGitHubUser(user.id, (client) =>
      renderForRepository(
        db,
        client,
        version,
        params.values,
        { owner: parsed.data.owner, name: parsed.data.repo },
        {
          baseRef: parsed.data.base_ref ?? null,
        },
      ),
    );
    if (rendered.missingParameters.length > 0)
      return invalid(
        Object.fromEntries(
          rendered.missingParameters.map((name) => [`param.${name}`, ["This is required."]]),
        ),
      );
    const prompt = promptSchema.safeParse(rendered.prompt);
    if (!prompt.success)
      return invalid({}, `The rendered prompt cannot be sent: ${z.prettifyError(prompt.error)}`);
    return { ok: true, input: parsed.data, prompt: prompt.data, templateVersionId: version.id };
  } catch (error) {
    // Over the rendering limits (lib/templates/render.ts): the template needs editing.
    if (error instanceof TemplateRenderError) return invalid({}, error.message);
    return { ...failure(error), values };
  }
}

/**
 * Starts an agent task under the caller's own GitHub identity, and audits it either way. With a
 * `template_version_id`, the prompt is the template rendered here for the chosen repository.
 */
export async function startTaskAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<StartedTaskSummary>> {
  const user = await requireUser();
  const values = formValues(formData);
  let input: StartInput;
  let templateVersionId: string | undefined;
  const versionId = templateVersionIdSchema.safeParse(values.template_version_id);
  if (versionId.success) {
    const rendered = await renderTemplatePrompt(user, versionId.data, values);
    if (!rendered.ok) return rendered;
    input = { ...rendered.input, prompt: rendered.prompt };
    templateVersionId = rendered.templateVersionId;
  } else {
    const parsed = startTaskInputSchema.safeParse(values);
    if (!parsed.success) {
      return {
        values,
        ok: false,
        kind: "invalid_input",
        message: "Check the highlighted fields.",
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      };
    }
    input = parsed.data;
  }
  // Edit and retry: the new task is the next attempt of an earlier one.
  const previous = z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .safeParse(values.previous_task_id);
  const previousTask = previous.success
    ? await db.task.findUnique({ where: { id: previous.data }, select: { id: true } })
    : null;
  const result = await startTaskAs(user, input, {
    values,
    ...(templateVersionId ? { templateVersionId } : {}),
    ...(previousTask ? { kind: "edit_retry", previousTaskId: previousTask.id } : {}),
  });
  if (result.ok && previousTask)
    await db.triageItem.updateMany({
      where: { taskId: previousTask.id, status: { not: "resolved" } },
      data: { nextTaskId: result.data.id },
    });
  return result;
}

const taskIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "not a task id");

export type TaskSnapshot = {
  id: string;
  state: string;
  name: string | null;
  updatedAt: string | null;
  error: string | null;
};

const taskLocatorSchema = z.union([
  taskIdSchema,
  z.object({ task_id: taskIdSchema, owner: ownerSchema, repo: repoSchema }),
]);

/**
 * Reads one task (with its sessions) from GitHub with the caller's token: by id, or by repository
 * and id. The task store replaces most live reads once sync lands.
 */
export async function getTaskAction(locator: unknown): Promise<ActionResult<TaskSnapshot>> {
  const user = await requireUser();
  const parsed = taskLocatorSchema.safeParse(locator);
  if (!parsed.success) return { ok: false, kind: "invalid_input", message: "That is not a task id." };
  const where = parsed.data;
  try {
    const task = await asGitHubUser(user.id, (client) =>
      typeof where === "string" ? fetchTask(client, { task_id: where }) : fetchRepoTask(client, where),
    );
    const latest = task.sessions?.at(-1);
    return {
      ok: true,
      data: {
        id: task.id,
        state: task.state,
        name: task.name ?? null,
        updatedAt: task.updated_at ?? null,
        error: latest?.error?.message ?? null,
      },
    };
  } catch (error) {
    return failure(error);
  }
}

const listFiltersSchema = z.object({
  per_page: z.number().int().min(1).max(100).optional(),
  page: z.number().int().min(1).optional(),
  sort: z.enum(["updated_at", "created_at"]).optional(),
  direction: z.enum(["asc", "desc"]).optional(),
  state: z.array(z.enum(TASK_STATES)).optional(),
  is_archived: z.boolean().optional(),
  since: z.iso.datetime().optional(),
});

const repoListSchema = listFiltersSchema.extend({
  owner: ownerSchema,
  repo: repoSchema,
  creator_id: z.array(z.number().int().positive()).max(30).optional(),
});

type TaskListPage = {
  tasks: { id: string; state: string; name?: string; updated_at?: string }[];
  totalActive: number | null;
};

function toQuery(filters: z.infer<typeof listFiltersSchema>) {
  return { ...filters, state: filters.state?.join(",") };
}

/** One page of the caller's own tasks across repositories, read live from GitHub. */
export async function listMyTasksAction(input: unknown): Promise<ActionResult<TaskListPage>> {
  const user = await requireUser();
  const filters = listFiltersSchema.safeParse(input ?? {});
  if (!filters.success) return { ok: false, kind: "invalid_input", message: z.prettifyError(filters.error) };
  try {
    const result = await asGitHubUser(user.id, (client) => fetchMyTasks(client, toQuery(filters.data)));
    if (result.notModified) return { ok: true, data: { tasks: [], totalActive: null } };
    return {
      ok: true,
      data: { tasks: result.data.tasks, totalActive: result.data.total_active_count ?? null },
    };
  } catch (error) {
    return failure(error);
  }
}

/** One page of a repository's tasks (every collaborator's, or `creator_id`'s), read live from GitHub. */
export async function listRepoTasksAction(input: unknown): Promise<ActionResult<TaskListPage>> {
  const user = await requireUser();
  const parsed = repoListSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid_input", message: z.prettifyError(parsed.error) };
  const { owner, repo, creator_id, ...filters } = parsed.data;
  try {
    const result = await asGitHubUser(user.id, (client) =>
      fetchRepoTasks(client, { owner, repo, creator_id, ...toQuery(filters) }),
    );
    if (result.notModified) return { ok: true, data: { tasks: [], totalActive: null } };
    return {
      ok: true,
      data: { tasks: result.data.tasks, totalActive: result.data.total_active_count ?? null },
    };
  } catch (error) {
    return failure(error);
  }
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

const previewSchema = z.object({
  templateVersionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  owner: ownerSchema,
  repo: repoSchema,
  baseRef: z.string().max(255).optional(),
  model: modelSchema,
  createPullRequest: z.boolean(),
  values: z.record(z.string(), z.string()).default({}),
});

/**
 * What a launch would send, before it is sent: the prompt rendered with this repository's facts,
 * the facts it lacks, and what the repository's policy changes. The start renders again on its own.
 */
export async function previewLaunchAction(input: unknown): Promise<ActionResult<LaunchPreview>> {
  const user = await requireUser();
  const parsed = previewSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, kind: "invalid_input", message: "Choose a repository to see the preview." };
  const { owner, repo, templateVersionId, values } = parsed.data;
  const policy = await policyFor(db, owner, repo);
  const decision = applyPolicy(policy, {
    owner,
    repo,
    model: parsed.data.model,
    create_pull_request: parsed.data.createPullRequest,
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
  if (!templateVersionId) return { ok: true, data: preview };
  const version = await loadTemplateVersion(db, templateVersionId);
  if (!version) return { ok: false, kind: "not_found", message: "That template is no longer available." };
  const params = parseFormParameters(version, values, { allowMissingRequired: true });
  if (!params.ok)
    return { ok: true, data: { ...preview, error: Object.values(params.fieldErrors).flat().join(" ") } };
  try {
    const rendered = await asGitHubUser(user.id, (client) =>
      renderForRepository(
        db,
        client,
        version,
        params.values,
        { owner, name: repo },
        {
          baseRef: parsed.data.baseRef || null,
        },
      ),
    );
    return {
      ok: true,
      data: {
        ...preview,
        prompt: rendered.prompt,
        warnings: rendered.warnings,
        missingParameters: rendered.missingParameters,
      },
    };
  } catch (error) {
    if (error instanceof TemplateRenderError) return { ok: true, data: { ...preview, error: error.message } };
    const problem = failure(error);
    if (problem.kind === "signed_out") return problem;
    return { ok: true, data: { ...preview, error: problem.message } };
  }
}
