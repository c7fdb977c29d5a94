/** What a dry run reports per repository (client-safe: shared by the dry run and the pages). */

export type DryRunCheckName = "visible" | "base_ref" | "policy" | "prompt" | "open_task";
export type DryRunCheck = { check: DryRunCheckName; ok: boolean; message: string };

export const CHECK_LABELS: Record<DryRunCheckName, string> = {
  visible: "Visible",
  base_ref: "Base ref",
  policy: "Policy",
  prompt: "Prompt",
  open_task: "No open task",
};

export type DryRunSummary = {
  total: number;
  eligible: number;
  excluded: number;
  canary: number;
  /** Repositories left out before checking (archived, listed twice). */
  skipped: { repository: string; reason: string }[];
};
