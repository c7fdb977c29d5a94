/** The zod schema of a template's parameter definitions (stored as JSON on a version). */
import { z } from "zod";
import {
  isValidBranchName,
  MAX_PARAMETERS,
  MAX_TEXT_LENGTH,
  PARAMETER_NAME_PATTERN,
  PARAMETER_TYPES,
  REPOSITORY_PATTERN,
  type TemplateParameter,
} from "./parameters";

const parameterSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(PARAMETER_NAME_PATTERN, "Start with a letter; use letters, digits and _ only.")
      .max(40, "Keep names under 40 characters."),
    label: z
      .string()
      .trim()
      .min(1, "Give the parameter a label.")
      .max(80, "Keep labels under 80 characters."),
    type: z.enum(PARAMETER_TYPES, { error: "Choose a type." }),
    required: z.boolean().optional(),
    default: z.union([z.string().max(MAX_TEXT_LENGTH), z.boolean()]).optional(),
    choices: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    help: z.string().trim().max(300).optional(),
    multiline: z.boolean().optional(),
  })
  .superRefine((parameter, ctx) => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (parameter.type === "boolean") {
      if (parameter.default !== undefined && typeof parameter.default !== "boolean")
        fail("default", "A yes/no parameter's default is true or false.");
    } else if (typeof parameter.default === "boolean") {
      fail("default", "Only yes/no parameters have a true/false default.");
    }
    if (parameter.type === "choice") {
      const choices = parameter.choices ?? [];
      if (choices.length < 2) fail("choices", "Give at least two choices.");
      if (new Set(choices).size !== choices.length) fail("choices", "Choices must be different.");
      if (
        typeof parameter.default === "string" &&
        parameter.default !== "" &&
        !choices.includes(parameter.default)
      )
        fail("default", "The default must be one of the choices.");
    } else if (parameter.choices && parameter.choices.length > 0) {
      fail("choices", "Only choice parameters have choices.");
    }
    if (typeof parameter.default === "string" && parameter.default !== "") {
      if (parameter.type === "repository" && !REPOSITORY_PATTERN.test(parameter.default))
        fail("default", "Use owner/name.");
      if (parameter.type === "branch" && !isValidBranchName(parameter.default))
        fail("default", "That is not a valid branch name.");
    }
  });

export const templateParametersSchema: z.ZodType<TemplateParameter[]> = z
  .array(parameterSchema)
  .max(MAX_PARAMETERS, `At most ${MAX_PARAMETERS} parameters.`)
  .superRefine((parameters, ctx) => {
    const seen = new Set<string>();
    parameters.forEach((parameter, index) => {
      if (seen.has(parameter.name))
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `“${parameter.name}” is used twice.`,
        });
      seen.add(parameter.name);
    });
  }) as z.ZodType<TemplateParameter[]>;

/** Parameters stored on a version (JSON); anything invalid is dropped rather than breaking a page. */
export function readParameters(json: unknown): TemplateParameter[] {
  const parsed = templateParametersSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  if (!Array.isArray(json)) return [];
  return json.flatMap((item) => {
    const one = parameterSchema.safeParse(item);
    return one.success ? [one.data as TemplateParameter] : [];
  });
}
