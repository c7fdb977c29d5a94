/**
 * "Status you can trust": where GitHub's state and reality disagree, said plainly. Pure, so the queue,
 * the task page, triage and the dashboard all flag the same tasks for the same reasons.
 */
import type { PullRequestState } from "@/generated/prisma/enums";

/** GitHub ends an agent session after an hour; in_progress past that is not really running. */
export const SESSION_LIMIT_MS = 60 * 60 * 1000;
/** Queued longer than this: the agent service may be degraded. */
export const QUEUED_TOO_LONG_MS = 15 * 60 * 1000;
/** Workflows waiting for approval longer than this need someone with write access. */
export const APPROVAL_WAIT_MS = 60 * 60 * 1000;
/** This many tasks queued too long (among those the viewer sees) puts a banner across the dashboard. */
export const DEGRADED_QUEUED_COUNT = 5;
/** The dashboard counts tasks queued too long up to this many, then says "100+". */
export const QUEUED_TOO_LONG_COUNTED = 100;

export const FLAG_KINDS = [
  "in_progress_too_long",
  "queued_too_long",
  "completed_without_artifact",
  "branch_without_pr",
  "pr_closed_unmerged",
  "workflows_awaiting_approval",
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const FLAG_LABELS: Record<FlagKind, string> = {
  in_progress_too_long: "Running past the 1-hour limit",
  queued_too_long: "Queued over 15 minutes",
  completed_without_artifact: "Completed with nothing to show",
  branch_without_pr: "Branch without a pull request",
  pr_closed_unmerged: "Pull request closed unmerged",
  workflows_awaiting_approval: "Workflows waiting for approval",
};

export type FlagInput = {
  state: string;
  stateSince: Date;
  headRef: string | null;
  /** The `pull` artifact's id, if the task reported one. */
  pullRequestId: bigint | null;
  /** The tracked PR, once resolved. */
  pull: {
    state: PullRequestState;
    workflowsAwaitingApproval: number;
    awaitingApprovalSince: Date | null;
  } | null;
  /** Whether Switchyard has looked the branch up among the repository's PRs at least once. */
  lookedUp: boolean;
};

export type Flag = { kind: FlagKind; label: string; detail: string };

const flag = (kind: FlagKind, detail: string): Flag => ({ kind, label: FLAG_LABELS[kind], detail });

export function taskFlags(task: FlagInput, now: Date): Flag[] {
  const flags: Flag[] = [];
  const since = now.getTime() - task.stateSince.getTime();
  if (task.state === "in_progress" && since > SESSION_LIMIT_MS)
    flags.push(
      flag(
        "in_progress_too_long",
        "GitHub reports it in progress for over an hour, longer than an agent session may run; it has most likely stopped.",
      ),
    );
  if (task.state === "queued" && since > QUEUED_TOO_LONG_MS)
    flags.push(
      flag(
        "queued_too_long",
        "Queued for over 15 minutes: the agent service may be degraded or out of capacity.",
      ),
    );
  if (task.state === "completed" && task.headRef === null && task.pullRequestId === null)
    flags.push(
      flag("completed_without_artifact", "It completed without pushing a branch or opening a pull request."),
    );
  if (task.state === "completed" && task.headRef !== null && task.pull === null && task.lookedUp)
    flags.push(flag("branch_without_pr", "It pushed a branch, but no pull request was opened for it."));
  if (task.pull?.state === "closed")
    flags.push(flag("pr_closed_unmerged", "Its pull request was closed without being merged."));
  const waiting = task.pull?.awaitingApprovalSince;
  if (
    task.pull &&
    (task.pull.state === "open" || task.pull.state === "draft") &&
    task.pull.workflowsAwaitingApproval > 0 &&
    waiting &&
    now.getTime() - waiting.getTime() > APPROVAL_WAIT_MS
  )
    flags.push(
      flag(
        "workflows_awaiting_approval",
        `${task.pull.workflowsAwaitingApproval} workflow run(s) on its pull request have waited over an hour for someone with write access to approve them.`,
      ),
    );
  return flags;
}
