/**
 * The models a task can run with, by GitHub's names. Kept out of schemas.ts so client components
 * can list them without loading zod.
 */
export const TASK_MODELS = [
  "claude-sonnet-4.6",
  "claude-opus-4.6",
  "gpt-5.2-codex",
  "gpt-5.3-codex",
  "gpt-5.4",
  "claude-sonnet-4.5",
  "claude-opus-4.5",
] as const;
export type TaskModel = (typeof TASK_MODELS)[number];
