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

/** The dry run's result filters, in the order the page offers them. */
export const DRY_RUN_FILTERS = ["all", "eligible", "warnings", "excluded"] as const;
export type DryRunFilter = (typeof DRY_RUN_FILTERS)[number];

export const DRY_RUN_FILTER_LABELS: Record<DryRunFilter, string> = {
  all: "All",
  eligible: "Eligible",
  warnings: "With warnings",
  excluded: "Excluded",
};

/** Cards per page of a dry run's results: a run over 1,000 repositories is read 50 at a time. */
export const DRY_RUN_PAGE_SIZE = 50;
