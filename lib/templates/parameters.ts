/** Typed template parameters: their definition (stored as JSON on a version) and form-value parsing. */
import { z } from "zod";

export type TemplateParameterType = "text" | "choice" | "boolean" | "repository" | "branch";

export type TemplateParameter = {
  /** Identifier, used as {{params.<name>}}. */
  name: string;
  label: string;
  type: TemplateParameterType;
  required?: boolean;
  default?: string | boolean;
  /** For "choice". */
  choices?: string[];
  help?: string;
  /** For "text": a textarea instead of a one-line input. */
  multiline?: boolean;
};

export type ParameterValues = Record<string, string | boolean>;

export const PARAMETER_TYPES = ["text", "choice", "boolean", "repository", "branch"] as const;
export const PARAMETER_TYPE_LABELS: Record<TemplateParameterType, string> = {
  text: "Text",
  choice: "Choice",
  boolean: "Yes / no",
  repository: "Repository (owner/name)",
  branch: "Branch",
};
export const PARAMETER_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;
export const MAX_PARAMETERS = 30;
const MAX_TEXT_LENGTH = 4000;
const REPOSITORY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** A git branch name, roughly as `git check-ref-format --branch` accepts it. */
export function isValidBranchName(value: string): boolean {
  const name = value.replace(/^refs\/heads\//, "");
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(name) &&
    !name.includes("..") &&
    !name.includes("@{") &&
    !name.startsWith("-") &&
    !name.startsWith("/") &&
    !name.endsWith("/") &&
    !name.endsWith(".") &&
    !name.endsWith(".lock") &&
    !name.includes("//")
  );
}

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

/** The value a parameter has before anyone types anything. */
export function defaultValue(parameter: TemplateParameter): string | boolean {
  if (parameter.type === "boolean") return parameter.default === true;
  return typeof parameter.default === "string" ? parameter.default : "";
}

export function defaultValues(parameters: TemplateParameter[]): ParameterValues {
  return Object.fromEntries(parameters.map((parameter) => [parameter.name, defaultValue(parameter)]));
}

const TRUE_VALUES = new Set(["on", "true", "yes", "1"]);
const FALSE_VALUES = new Set(["", "off", "false", "no", "0"]);

/**
 * Validates raw form values (keys are parameter names, without the `param.` prefix). Checkboxes send
 * "on" when ticked and nothing otherwise, so a missing boolean is false; a missing text-like value
 * takes the parameter's default. With `allowMissingRequired` (previews), a required parameter left
 * empty is not an error: the renderer reports it in `missingParameters`.
 */
export function parseParameterValues(
  parameters: TemplateParameter[],
  raw: Record<string, unknown>,
  options: { allowMissingRequired?: boolean } = {},
): { ok: true; values: ParameterValues } | { ok: false; fieldErrors: Record<string, string[]> } {
  const values: ParameterValues = {};
  const fieldErrors: Record<string, string[]> = {};
  const fail = (name: string, message: string) => (fieldErrors[name] ??= []).push(message);
  for (const parameter of parameters) {
    const input = raw[parameter.name];
    if (parameter.type === "boolean") {
      if (input === undefined || input === null || typeof input === "boolean") {
        values[parameter.name] = input === true;
        continue;
      }
      const text = String(input).trim().toLowerCase();
      if (TRUE_VALUES.has(text)) values[parameter.name] = true;
      else if (FALSE_VALUES.has(text)) values[parameter.name] = false;
      else fail(parameter.name, `${parameter.label}: choose yes or no.`);
      continue;
    }
    if (input !== undefined && input !== null && typeof input !== "string") {
      fail(parameter.name, `${parameter.label}: enter text.`);
      continue;
    }
    const text = input === undefined || input === null ? defaultValue(parameter) : input.trim();
    const value = typeof text === "string" ? text : "";
    if (value === "") {
      if (parameter.required && !options.allowMissingRequired)
        fail(parameter.name, `${parameter.label} is required.`);
      values[parameter.name] = "";
      continue;
    }
    if (value.length > MAX_TEXT_LENGTH) {
      fail(parameter.name, `${parameter.label}: keep it under ${MAX_TEXT_LENGTH} characters.`);
      continue;
    }
    if (parameter.type === "choice" && !(parameter.choices ?? []).includes(value)) {
      fail(parameter.name, `${parameter.label}: choose one of ${(parameter.choices ?? []).join(", ")}.`);
      continue;
    }
    if (parameter.type === "repository" && !REPOSITORY_PATTERN.test(value)) {
      fail(parameter.name, `${parameter.label}: use owner/name, e.g. acme/service-template.`);
      continue;
    }
    if (parameter.type === "branch" && !isValidBranchName(value)) {
      fail(parameter.name, `${parameter.label}: that is not a valid branch name.`);
      continue;
    }
    if (parameter.type !== "text" || !parameter.multiline) {
      if (/[\r\n]/.test(value)) {
        fail(parameter.name, `${parameter.label}: use a single line.`);
        continue;
      }
    }
    values[parameter.name] = value;
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return { ok: true, values };
}

/** Raw parameter values from a form whose fields are named `param.<name>`. */
export function parameterFormValues(formData: FormData, prefix = "param."): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of formData.entries())
    if (key.startsWith(prefix) && typeof value === "string") raw[key.slice(prefix.length)] = value;
  return raw;
}

/**
 * What a parameter form shows, by parameter name: after a failed submit, exactly what was sent
 * (an unticked box sends nothing, so it shows unticked); otherwise the stored value; otherwise the
 * parameter's default.
 */
export function shownParameterValues(
  parameters: TemplateParameter[],
  {
    submitted,
    stored,
    prefix = "param.",
  }: {
    /** The failed submit's fields (`param.<name>` keys). */
    submitted?: Record<string, string>;
    /** Saved values (e.g. a campaign draft's), by parameter name. */
    stored?: Record<string, string | boolean | undefined>;
    prefix?: string;
  },
): ParameterValues {
  const isTrue = (value: string | boolean | undefined) =>
    value === true || (typeof value === "string" && TRUE_VALUES.has(value.trim().toLowerCase()));
  return Object.fromEntries(
    parameters.map((parameter): [string, string | boolean] => {
      if (submitted) {
        const sent = submitted[`${prefix}${parameter.name}`];
        return [parameter.name, parameter.type === "boolean" ? isTrue(sent) : (sent ?? "")];
      }
      const saved = stored?.[parameter.name];
      if (saved !== undefined)
        return [parameter.name, parameter.type === "boolean" ? isTrue(saved) : String(saved)];
      return [parameter.name, defaultValue(parameter)];
    }),
  );
}
