/**
 * The dry run as a worker job: read every target with the requester's own GitHub access, record
 * progress for the page, and leave either fresh targets or a message saying why not.
 */
import { writeAudit, type AuditRecorder } from "@/lib/audit";
import { TokenUnavailableError } from "@/lib/secrets/token-provider";
import { GitHubError } from "@/lib/github";
import { withUserClient, type SyncDeps } from "@/lib/sync/common";
import { DryRunError, DryRunSuperseded, runDryRun } from "./dry-run";
import { TargetLimitError } from "./targets";

/** Why a dry run failed, as its requester reads it (also a campaign schedule's run, lib/schedules). */
export function explainDryRunError(error: unknown): { kind: string; message: string } {
  if (error instanceof DryRunError || error instanceof TargetLimitError || error instanceof DryRunSuperseded)
    return { kind: "invalid_state", message: error.message };
  if (error instanceof TokenUnavailableError)
    return {
      kind: "signed_out",
      message: "Your GitHub sign-in is no longer usable. Sign in again, then run it again.",
    };
  if (error instanceof GitHubError) return { kind: error.kind, message: error.message };
  console.error("campaign dry run failed:", error instanceof Error ? error.message : "unknown error");
  return { kind: "unknown", message: "The dry run failed on our side. Nothing was changed; run it again." };
}

export async function runQueuedDryRun(deps: SyncDeps, campaignId: string): Promise<void> {
  const { db } = deps;
  const request = await db.campaignDryRun.findUnique({
    where: { campaignId },
    select: { requestedAt: true, requestedById: true },
  });
  if (!request?.requestedAt || !request.requestedById) return;
  const requester = await db.user.findUnique({
    where: { id: request.requestedById },
    select: { id: true, login: true },
  });
  if (!requester) return;
  // This run answers this request only: an edit (which deletes the row) or a newer request replaces
  // the stamp.
  const requestedAt = request.requestedAt;
  const ours = { campaignId, requestedAt };
  const done = { requestedAt: null, requestedById: null };
  const record: AuditRecorder = (tx, fields = {}) =>
    writeAudit(tx, {
      action: "campaign.dry_run",
      actorId: requester.id,
      actorLogin: requester.login,
      githubIdentity: requester.login,
      targetType: "campaign",
      targetId: campaignId,
      ...fields,
    });
  try {
    await runDryRun(db, campaignId, (work) => withUserClient(deps, requester.id, work), {
      requestedAt,
      onProgress: async (checked, total) => {
        await db.campaignDryRun.updateMany({ where: ours, data: { checked, total } });
      },
      // Clearing the request commits with the targets and the record.
      onWritten: async (tx, summary) => {
        await tx.campaignDryRun.updateMany({ where: ours, data: done });
        await record(tx, {
          details: { total: summary.total, eligible: summary.eligible, excluded: summary.excluded },
        });
      },
    });
  } catch (error) {
    const problem = explainDryRunError(error);
    await db.$transaction(async (tx) => {
      // A superseded run leaves the edited draft (or the newer request) alone.
      const { count } = await tx.campaignDryRun.updateMany({
        where: ours,
        data: { ...done, error: problem.message },
      });
      await record(tx, {
        outcome: count === 1 ? problem.kind : "superseded",
        details: { error: problem.message },
      });
    });
  }
}
