/** Input validation for server actions that reach GitHub. Mirrors GitHub's own naming rules. */
import { z } from "zod";
import { TASK_MODELS } from "./models";

export const OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const REPO_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
export const MAX_PROMPT_LENGTH = 30_000;

/**
 * `git check-ref-format` rules (for a branch name given without refs/heads/, so one-level names are
 * fine). Returns the reason a name is invalid, or null.
 */
export function refNameProblem(name: string): string | null {
  if (name.length === 0) return "is empty";
  if (name.length > 255) return "is longer than 255 characters";
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name))
    return "contains a space, control character or one of ~ ^ : ? * [ \\";
  if (name.includes("..")) return 'contains ".."';
  if (name.includes("@{")) return 'contains "@{"';
  if (name === "@") return 'is "@"';
  if (name.includes("//")) return 'contains "//"';
  if (name.startsWith("-")) return 'starts with "-"';
  if (name.startsWith("/")) return 'starts with "/"';
  if (name.endsWith("/")) return 'ends with "/"';
  if (name.endsWith(".")) return 'ends with "."';
  for (const component of name.split("/")) {
    if (component.startsWith(".")) return 'has a part starting with "."';
    if (component.endsWith(".lock")) return 'has a part ending with ".lock"';
  }
  return null;
}

export const ownerSchema = z
  .string()
  .trim()
  .regex(
    OWNER_PATTERN,
    "Owner must be 1–39 letters, digits or single hyphens, not starting or ending with a hyphen",
  );

export const repoSchema = z
  .string()
  .trim()
  .regex(REPO_PATTERN, "Repository name must be 1–100 letters, digits, '.', '-' or '_'")
  .refine((name) => name !== "." && name !== "..", "Repository name can't be '.' or '..'");

export const gitRefSchema = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = refNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: `Branch name ${problem}` });
  });

const emptyToUndefined = (value: unknown) =>
  value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;

export const modelSchema = z.preprocess(emptyToUndefined, z.enum(TASK_MODELS).optional());

export const customAgentSchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .max(100)
    .regex(
      /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i,
      "Custom agent must be the agent file's name, like performance-optimizer",
    )
    .optional(),
);

/** Checkbox-friendly boolean: true/false, "on", "true", "false", or absent (false). */
export const formBooleanSchema = z.preprocess((value) => {
  if (value === undefined || value === null || value === "") return false;
  if (value === "on" || value === "true") return true;
  if (value === "false" || value === "off") return false;
  return value;
}, z.boolean());

export const promptSchema = z
  .string()
  .trim()
  .min(1, "Describe what Copilot should do")
  .max(MAX_PROMPT_LENGTH, `Prompt must be at most ${MAX_PROMPT_LENGTH.toLocaleString("en-US")} characters`);

export const startTaskInputSchema = z.object({
  owner: ownerSchema,
  repo: repoSchema,
  prompt: promptSchema,
  base_ref: z.preprocess(emptyToUndefined, gitRefSchema.optional()),
  head_ref: z.preprocess(emptyToUndefined, gitRefSchema.optional()),
  model: modelSchema,
  custom_agent: customAgentSchema,
  create_pull_request: formBooleanSchema,
});

export type StartTaskInput = z.infer<typeof startTaskInputSchema>;
