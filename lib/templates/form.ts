/**
 * What the template editor and the template preview send. The editor's fields are checked all at
 * once (metadata, body, typed parameters as JSON, defaults), so every problem shows together; errors
 * of one parameter are keyed `parameters.<index>.<field>` for the parameter editor. Client-safe.
 */
import { z } from "zod";
import { TASK_MODELS } from "@/lib/github/models";
import { formBoolean, idSchema } from "@/lib/validations/common";
import { optionalField } from "@/lib/validations/optional";
import { TEMPLATE_CATEGORIES, type TemplateCategory } from "./categories";
import { templateParametersSchema } from "./parameter-schema";
import { isValidBranchName, type TemplateParameter } from "./parameters";
import { checkTemplateBody } from "./render";

const CATEGORIES = TEMPLATE_CATEGORIES.map((item) => item.value) as [TemplateCategory, ...TemplateCategory[]];
export const MAX_TEMPLATE_BODY = 20_000;
export const MAX_PREVIEW_REPOSITORIES = 20;

const fieldsSchema = z.object({
  name: z.string().trim().min(1, "Give the template a name.").max(80, "Keep names under 80 characters."),
  description: z.string().trim().max(500, "Keep the description under 500 characters.").default(""),
  category: z.enum(CATEGORIES, { error: "Choose a category." }),
  body: z
    .string()
    .trim()
    .min(1, "Write the prompt.")
    .max(MAX_TEMPLATE_BODY, `Keep the prompt under ${MAX_TEMPLATE_BODY} characters.`),
  defaultModel: optionalField(z.enum(TASK_MODELS, { error: "Choose a listed model." })),
  defaultCreatePullRequest: formBoolean,
  defaultBaseRef: optionalField(
    z.string().trim().refine(isValidBranchName, "That is not a valid branch name."),
  ),
  changeNote: optionalField(z.string().trim().max(300, "Keep the note under 300 characters.")),
});

export type TemplateFields = z.output<typeof fieldsSchema> & { parameters: TemplateParameter[] };

/** The editor's fields as one object; every problem becomes an issue at its field. */
export const templateFormSchema = z.record(z.string(), z.unknown()).transform((raw, ctx): TemplateFields => {
  const fields = fieldsSchema.safeParse(raw);
  if (!fields.success)
    for (const issue of fields.error.issues)
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  let json: unknown = [];
  try {
    json = JSON.parse(typeof raw.parameters === "string" && raw.parameters ? raw.parameters : "[]");
  } catch {
    ctx.addIssue({
      code: "custom",
      path: ["parameters"],
      message: "The parameters could not be read. Reload the page and try again.",
    });
    return z.NEVER;
  }
  const parameters = templateParametersSchema.safeParse(json);
  if (!parameters.success) {
    for (const issue of parameters.error.issues)
      ctx.addIssue({ code: "custom", path: ["parameters", ...issue.path], message: issue.message });
    ctx.addIssue({ code: "custom", path: ["parameters"], message: "Some parameters need attention." });
  }
  if (fields.success && parameters.success)
    for (const problem of checkTemplateBody(fields.data.body, parameters.data))
      ctx.addIssue({ code: "custom", path: ["body"], message: problem });
  if (!fields.success || !parameters.success) return z.NEVER;
  return { ...fields.data, parameters: parameters.data };
});

/** A new version of an existing template: the editor's fields, the template, and the version it edits. */
export const templateVersionFormSchema = z
  .object({
    templateId: idSchema,
    basedOnVersion: z.coerce.number().int().min(1),
  })
  .and(templateFormSchema);

/** Archive, or with `restore=1` bring back. */
export const archiveTemplateSchema = z.object({ id: idSchema, restore: z.literal("1").optional() });

export const templatePreviewSchema = z.object({
  templateVersionId: idSchema,
  // Checked as a list, so the problem shows at the repositories field, not at one line of it.
  repositories: z
    .array(z.string().trim())
    .min(1, "Name at least one repository.")
    .max(MAX_PREVIEW_REPOSITORIES, `At most ${MAX_PREVIEW_REPOSITORIES} repositories at a time.`)
    .refine(
      (names) =>
        names.every((name) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(name)),
      "Use owner/name for each repository.",
    ),
  values: z.record(z.string(), z.union([z.string(), z.boolean()])).default({}),
  baseRef: optionalField(z.string().trim().refine(isValidBranchName, "That is not a valid branch name.")),
});

export type TemplatePreviewRequest = z.output<typeof templatePreviewSchema>;
