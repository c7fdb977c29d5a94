import { describe, expect, it } from "vitest";
import { taskFlags, type FlagInput } from "./flags";

const now = new Date("2026-12-01T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const base: FlagInput = {
  state: "completed",
  stateSince: ago(5),
  headRef: "copilot/x",
  pullRequestId: 1n,
  pull: { state: "open", workflowsAwaitingApproval: 0, awaitingApprovalSince: null },
  lookedUp: true,
};
const kinds = (input: Partial<FlagInput>) => taskFlags({ ...base, ...input }, now).map((f) => f.kind);

describe("status flags", () => {
  it("flags nothing for a completed task with an open PR", () => {
    expect(kinds({})).toEqual([]);
  });
  it("in progress past GitHub's one-hour session limit, not before", () => {
    expect(kinds({ state: "in_progress", stateSince: ago(61), pull: null })).toEqual([
      "in_progress_too_long",
    ]);
    expect(kinds({ state: "in_progress", stateSince: ago(59), pull: null })).toEqual([]);
  });
  it("queued over 15 minutes", () => {
    expect(kinds({ state: "queued", stateSince: ago(16), pull: null })).toEqual(["queued_too_long"]);
    expect(kinds({ state: "queued", stateSince: ago(14), pull: null })).toEqual([]);
  });
  it("completed without any artifact", () => {
    expect(kinds({ headRef: null, pullRequestId: null, pull: null })).toEqual(["completed_without_artifact"]);
  });
  it("a branch without a PR, once the branch was looked up", () => {
    expect(kinds({ pullRequestId: null, pull: null })).toEqual(["branch_without_pr"]);
    expect(kinds({ pullRequestId: null, pull: null, lookedUp: false })).toEqual([]);
  });
  it("a PR closed without merging; a merged one is fine", () => {
    expect(
      kinds({ pull: { state: "closed", workflowsAwaitingApproval: 0, awaitingApprovalSince: null } }),
    ).toEqual(["pr_closed_unmerged"]);
    expect(
      kinds({ pull: { state: "merged", workflowsAwaitingApproval: 0, awaitingApprovalSince: null } }),
    ).toEqual([]);
  });
  it("workflows waiting for approval over an hour", () => {
    const waiting = (minutes: number) => ({
      pull: { state: "open" as const, workflowsAwaitingApproval: 2, awaitingApprovalSince: ago(minutes) },
    });
    expect(kinds(waiting(61))).toEqual(["workflows_awaiting_approval"]);
    expect(kinds(waiting(30))).toEqual([]);
  });
});
