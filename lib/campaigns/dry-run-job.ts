/**
 * The dry run as a worker job: read every target with the requester's own GitHub access, record
 * progress for the page, and leave either fresh targets or a message saying why not.
 */
import { TokenUnavailableError } from "@/lib/auth/token-provider";
import { GitHubError } from "@/lib/github";
import { withUserClient, type SyncDeps } from "@/lib/sync/common";
import { DryRunError, runDryRun } from "./dry-run";
import { TargetLimitError } from "./targets";

function explain(error: unknown): { kind: string; message: string } {
  if (error instanceof DryRunError || error instanceof TargetLimitError)
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
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { dryRunRequestedAt: true, dryRunRequestedById: true },
  });
  if (!campaign?.dryRunRequestedAt || !campaign.dryRunRequestedById) return;
  const requester = await db.user.findUnique({
    where: { id: campaign.dryRunRequestedById },
    select: { id: true, login: true },
  });
  if (!requester) return;
  const done = { dryRunRequestedAt: null, dryRunRequestedById: null };
  const audit = (details: object, outcome?: string) =>
    db.auditEvent.create({
      data: {
        actorId: requester.id,
        actorLogin: requester.login,
        githubIdentity: requester.login,
        action: "campaign.dry_run",
        targetType: "campaign",
        targetId: campaignId,
        details,
        ...(outcome ? { outcome } : {}),
      },
    });
  try {
    const summary = await runDryRun(db, campaignId, (work) => withUserClient(deps, requester.id, work), {
      onProgress: async (checked, total) => {
        await db.campaign.update({
          where: { id: campaignId },
          data: { dryRunChecked: checked, dryRunTotal: total },
        });
      },
    });
    await db.campaign.update({ where: { id: campaignId }, data: done });
    await audit({ total: summary.total, eligible: summary.eligible, excluded: summary.excluded });
  } catch (error) {
    const problem = explain(error);
    await db.campaign.update({ where: { id: campaignId }, data: { ...done, dryRunError: problem.message } });
    await audit({ error: problem.message }, problem.kind);
  }
}
