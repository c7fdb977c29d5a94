/**
 * Typed template parameters: their definition and form-value parsing. Zod-free, so the forms that
 * show parameters do not load zod in the browser; the schema of a stored definition is in
 * parameter-schema.ts.
 */

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
export const MAX_TEXT_LENGTH = 4000;
export const REPOSITORY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

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
