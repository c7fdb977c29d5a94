import "server-only";
/** Starting tasks: the launch form's start and a template launched on repositories (actions and /api/v1). */
import { z } from "zod";
import { userOperation } from "@/lib/actions/kit";
import { fail, ok } from "@/lib/result";
import { formBooleanSchema, modelSchema, ownerSchema, repoSchema, gitRefSchema } from "@/lib/github/schemas";
import { startFromLaunchForm } from "@/lib/tasks/launch-form";
import { linkEditedRetry } from "@/lib/triage/operations";
import { idSchema } from "@/lib/validations/common";
import { launchFormSchema } from "@/lib/validations/launch";
import { failureFromError } from "@/lib/errors";

/**
 * Starts an agent task under the caller's own GitHub identity. With a template, the prompt is the
 * template rendered here for the chosen repository; with `previous_task_id`, it is Edit and retry.
 */
export const startTaskOperation = userOperation(
  { name: "task.start", input: launchFormSchema, transaction: false, github: true },
  async (form, ctx) =>
    startFromLaunchForm(ctx.acting(), form, {
      record: ctx.recordIn,
      linkPrevious: (tx, previousTaskId, nextTaskId) =>
        linkEditedRetry(tx, ctx.user, previousTaskId, nextTaskId, ctx.recordIn),
    }),
);

/** Past this many repositories, a launch is a campaign (paced, with a dry run and a canary). */
export const MAX_TEMPLATE_LAUNCH_REPOSITORIES = 20;

export const templateLaunchSchema = z.object({
  templateId: idSchema,
  /** A version of that template; its latest when left out. */
  versionId: idSchema.optional(),
  repositories: z
    .array(z.object({ owner: ownerSchema, repo: repoSchema }))
    .min(1, "Name at least one repository.")
    .max(
      MAX_TEMPLATE_LAUNCH_REPOSITORIES,
      `Launch on at most ${MAX_TEMPLATE_LAUNCH_REPOSITORIES} repositories at once; use a campaign for more.`,
    ),
  parameters: z.record(z.string().max(100), z.string().max(20_000)).default({}),
  base_ref: gitRefSchema.optional(),
  model: modelSchema,
  create_pull_request: formBooleanSchema.optional(),
});

export type TemplateLaunchResult = {
  templateVersionId: string;
  results: (
    | { repository: string; ok: true; task: { id: string; state: string; htmlUrl: string | null } }
    | { repository: string; ok: false; code: string; message: string }
  )[];
};

/**
 * A template on one repository or several: each start is the launch form's start (same rendering,
 * policy, budget and audit record), one after the other; one repository's refusal does not stop
 * the others. The result lists each.
 */
export const launchTemplateOperation = userOperation(
  { name: "template.launch", input: templateLaunchSchema, transaction: false, github: true },
  async (input, ctx) => {
    ctx.audit({ targetType: "template", targetId: input.templateId });
    const version = await ctx.db.templateVersion.findFirst({
      where: {
        templateId: input.templateId,
        template: { archivedAt: null },
        ...(input.versionId ? { id: input.versionId } : {}),
      },
      orderBy: { version: "desc" },
      select: { id: true, defaultCreatePullRequest: true },
    });
    if (!version) return fail("not_found", "No such template (or it is archived).");
    const acting = ctx.acting();
    const results: TemplateLaunchResult["results"] = [];
    for (const { owner, repo } of input.repositories) {
      const repository = `${owner}/${repo}`;
      const started = await startFromLaunchForm(
        acting,
        {
          owner,
          repo,
          base_ref: input.base_ref ?? null,
          ...(input.model ? { model: input.model } : {}),
          create_pull_request: input.create_pull_request ?? version.defaultCreatePullRequest,
          template_version_id: version.id,
          previous_task_id: null,
          ...Object.fromEntries(
            Object.entries(input.parameters).map(([name, value]) => [`param.${name}`, value]),
          ),
        },
        { record: ctx.recordIn },
      ).catch(failureFromError);
      // One repository: its failure is the answer, with its code and field errors.
      if (!started.ok && input.repositories.length === 1) return started;
      results.push(
        started.ok
          ? {
              repository,
              ok: true,
              task: { id: started.data.id, state: started.data.state, htmlUrl: started.data.htmlUrl },
            }
          : { repository, ok: false, code: started.code, message: started.message },
      );
    }
    return ok({ templateVersionId: version.id, results });
  },
);
