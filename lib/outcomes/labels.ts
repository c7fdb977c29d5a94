/** Words for pull request outcomes, shared by every page that shows them. */
import type { ChecksState, PullRequestState, ReviewDecision } from "@/generated/prisma/enums";

export const PULL_STATE_LABELS: Record<PullRequestState, string> = {
  draft: "Draft",
  open: "Open",
  merged: "Merged",
  closed: "Closed unmerged",
};

export const REVIEW_LABELS: Record<ReviewDecision, string> = {
  none: "No review requested",
  review_required: "Awaiting review",
  approved: "Approved",
  changes_requested: "Changes requested",
};

export const CHECKS_LABELS: Record<ChecksState, string> = {
  none: "No checks",
  pending: "Checks running",
  success: "Checks passing",
  failure: "Checks failing",
};

/** What a task bought (lib/outcomes/outcome.ts classifies in SQL). */
export const PULL_OUTCOMES = [
  "merged",
  "awaiting_review",
  "changes_requested",
  "checks_failing",
  "closed_unmerged",
] as const;
export type PullOutcome = (typeof PULL_OUTCOMES)[number];

/** A campaign target's outcome: its PR's, or no PR, failed, or still running. */
export const TASK_OUTCOMES = [...PULL_OUTCOMES, "no_pr", "failed", "running"] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<TaskOutcome, string> = {
  merged: "Merged",
  awaiting_review: "Open, awaiting review",
  changes_requested: "Changes requested",
  checks_failing: "Checks failing",
  closed_unmerged: "Closed unmerged",
  no_pr: "No pull request",
  failed: "Failed",
  running: "Running",
};
