/** What the launch form and its preview send. Client-safe. */
import { z } from "zod";
import {
  customAgentSchema,
  formBooleanSchema,
  gitRefSchema,
  modelSchema,
  ownerSchema,
  promptSchema,
  repoSchema,
} from "@/lib/github/schemas";
import { idSchema, taskIdSchema } from "./common";
import { optionalField } from "./optional";

/**
 * The launch form. With a template, `param.*` fields carry its parameters and the server renders the
 * prompt; without one, the typed prompt is the prompt. `previous_task_id` makes it Edit and retry.
 */
export const launchFormSchema = z
  .object({
    owner: ownerSchema,
    repo: repoSchema,
    prompt: z.string().optional(),
    base_ref: optionalField(gitRefSchema),
    model: modelSchema,
    custom_agent: customAgentSchema,
    create_pull_request: formBooleanSchema,
    template_version_id: optionalField(idSchema),
    previous_task_id: optionalField(taskIdSchema),
  })
  .catchall(z.union([z.string(), z.array(z.string())]))
  .superRefine((input, ctx) => {
    if (input.template_version_id) return;
    const prompt = promptSchema.safeParse(input.prompt ?? "");
    if (!prompt.success)
      for (const issue of prompt.error.issues)
        ctx.addIssue({ code: "custom", path: ["prompt"], message: issue.message });
  });

/** What the preview beside the form is computed from (the browser sends it as an object). */
export const launchPreviewSchema = z.object({
  templateVersionId: idSchema.optional(),
  owner: ownerSchema,
  repo: repoSchema,
  baseRef: z.string().max(255).optional(),
  model: modelSchema,
  createPullRequest: z.boolean(),
  values: z.record(z.string(), z.string()).default({}),
});
