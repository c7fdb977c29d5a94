/** Pure rules: what GitHub's answers mean for a pull request's outcome. */
import type { ChecksState, PullRequestState, ReviewDecision } from "@/generated/prisma/enums";
import type { CheckRunList, CombinedStatus, PullSummary, ReviewList } from "@/lib/github";

/** What Switchyard reads of a pull request: the fields the list and the single PR share. */
export type PullFields = Pick<
  PullSummary,
  "id" | "number" | "title" | "html_url" | "state" | "merged_at" | "closed_at" | "draft" | "updated_at"
> & {
  head: { ref: string; sha: string };
  base: { ref: string; repo: { owner: { login: string } } };
  requested_reviewers?: { login: string }[] | null;
  requested_teams?: { slug: string }[] | null;
};

export function pullState(pull: Pick<PullFields, "state" | "merged_at" | "draft">): PullRequestState {
  if (pull.merged_at) return "merged";
  if (pull.state === "closed") return "closed";
  return pull.draft ? "draft" : "open";
}

/** A PR that can still change; merged and closed ones are never read again. */
export const isLive = (state: PullRequestState) => state === "open" || state === "draft";

/**
 * GitHub's review decision as the REST API lets us compute it: each reviewer's latest approving or
 * blocking review counts (comments do not); one blocking review wins; else an approval; else a
 * pending request means review is required.
 */
export function reviewDecision(reviews: ReviewList, requested: readonly string[]): ReviewDecision {
  const latest = new Map<string, string>();
  for (const review of reviews) {
    if (!review.user || (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED")) {
      if (review.user && review.state === "DISMISSED") latest.delete(review.user.login);
      continue;
    }
    latest.set(review.user.login, review.state);
  }
  const states = [...latest.values()];
  if (states.includes("CHANGES_REQUESTED")) return "changes_requested";
  if (states.includes("APPROVED")) return "approved";
  return requested.length > 0 ? "review_required" : "none";
}

/** Logins, and teams as "org/slug", still asked to review. */
export function requestedReviewers(
  pull: Pick<PullFields, "requested_reviewers" | "requested_teams" | "base">,
) {
  const org = pull.base.repo.owner.login;
  return [
    ...(pull.requested_reviewers ?? []).map((user) => user.login),
    ...(pull.requested_teams ?? []).map((team) => `${org}/${team.slug}`),
  ];
}

const FAILING = new Set(["failure", "timed_out", "cancelled", "action_required", "startup_failure", "stale"]);

export type CheckCounts = { total: number; failing: number; pending: number };

export const NO_CHECKS: CheckCounts = { total: 0, failing: 0, pending: 0 };

export function checkRunCounts(list: CheckRunList): CheckCounts {
  const runs = list.check_runs;
  return {
    total: runs.length,
    failing: runs.filter(
      (r) => r.status === "completed" && r.conclusion !== null && FAILING.has(r.conclusion),
    ).length,
    pending: runs.filter((r) => r.status !== "completed").length,
  };
}

export function statusCounts(combined: CombinedStatus): CheckCounts {
  const statuses = combined.statuses;
  return {
    total: statuses.length,
    failing: statuses.filter((s) => s.state === "failure" || s.state === "error").length,
    pending: statuses.filter((s) => s.state === "pending").length,
  };
}

/** Check runs and commit statuses together, as GitHub's merge box sums them up. */
export function checksState(runs: CheckCounts, statuses: CheckCounts): ChecksState {
  if (runs.total + statuses.total === 0) return "none";
  if (runs.failing + statuses.failing > 0) return "failure";
  return runs.pending + statuses.pending > 0 ? "pending" : "success";
}

/** Seconds until a live PR is read again: soon while it moves, rarely once it rests. */
export function refreshDelaySeconds(lastActivityAt: Date, now: Date, moving = false): number {
  const idle = (now.getTime() - lastActivityAt.getTime()) / 1000;
  if (moving && idle >= 10 * 60) return 120;
  if (idle < 10 * 60) return 30;
  if (idle < 60 * 60) return 120;
  if (idle < 24 * 60 * 60) return 600;
  return 1800;
}
