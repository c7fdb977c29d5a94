/**
 * Campaign state changes a person makes (launch, approve, approve canary, pause, resume, stop, retry
 * failed starts) and who may make them. The runner (./runner.ts) does the rest: it only ever starts
 * targets of a `running` campaign, so each change here is a status write plus a tick for the runner.
 * Every change locks the campaign row first, so two presses (or a press and the runner) serialise.
 */
import type { CampaignStatus, Prisma, PrismaClient, RepositoryPolicy } from "@/generated/prisma/client";
import { listPolicies, matchesPattern } from "@/lib/policies/policy";
import { queueCampaignTick } from "./schedule";

export type CampaignActor = { id: string; login: string; role: "admin" | "member" };

export type LifecycleResult =
  | { ok: true; status: CampaignStatus; message: string; changed?: number }
  | { ok: false; kind: "not_found" | "forbidden" | "invalid_state" | "no_dry_run"; message: string };

type Tx = Prisma.TransactionClient;

/** The creator, the owner, a member of the owning team, or an admin. */
export async function canManageCampaign(
  db: Pick<PrismaClient, "teamMember"> | Tx,
  actor: CampaignActor,
  campaign: { createdById: string; ownerUserId: string | null; ownerTeamId: string | null },
): Promise<boolean> {
  if (actor.role === "admin") return true;
  if (campaign.createdById === actor.id || campaign.ownerUserId === actor.id) return true;
  if (!campaign.ownerTeamId) return false;
  const member = await db.teamMember.findUnique({
    where: { teamId_userId: { teamId: campaign.ownerTeamId, userId: actor.id } },
  });
  return member !== null;
}

/**
 * The approval rule: the smallest `maxCampaignSize` of the policies that match any target applies
 * to the whole campaign; more eligible targets than that need an admin's approval.
 */
export function campaignSizeLimit(
  policies: Pick<RepositoryPolicy, "pattern" | "maxCampaignSize">[],
  targets: { owner: string; name: string }[],
): { limit: number | null; patterns: string[] } {
  let limit: number | null = null;
  const patterns: string[] = [];
  for (const policy of policies) {
    if (policy.maxCampaignSize === null) continue;
    if (!targets.some((target) => matchesPattern(policy.pattern, `${target.owner}/${target.name}`))) continue;
    if (limit === null || policy.maxCampaignSize < limit) {
      limit = policy.maxCampaignSize;
      patterns.splice(0, patterns.length, policy.pattern);
    } else if (policy.maxCampaignSize === limit) patterns.push(policy.pattern);
  }
  return { limit, patterns };
}

export function needsAdminApproval(
  eligible: number,
  limit: number | null,
  actor: Pick<CampaignActor, "role">,
) {
  return limit !== null && eligible > limit && actor.role !== "admin";
}

async function locked(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${id} FOR UPDATE`;
  return tx.campaign.findUnique({ where: { id } });
}

type Campaign = NonNullable<Awaited<ReturnType<typeof locked>>>;

/** Locks the campaign, checks the actor's right, and runs `change`; ticks the runner when asked. */
async function transition(
  db: PrismaClient,
  actor: CampaignActor,
  id: string,
  change: (tx: Tx, campaign: Campaign) => Promise<LifecycleResult & { tick?: boolean }>,
): Promise<LifecycleResult> {
  const result = await db.$transaction(async (tx) => {
    const campaign = await locked(tx, id);
    if (!campaign)
      return { ok: false as const, kind: "not_found" as const, message: "That campaign does not exist." };
    if (!(await canManageCampaign(tx, actor, campaign)))
      return {
        ok: false as const,
        kind: "forbidden" as const,
        message: "Only the campaign's creator, its owner (or owning team) or an admin can change it.",
      };
    return change(tx, campaign);
  });
  if (result.ok && "tick" in result && result.tick) await queueCampaignTick(db, id);
  if (result.ok) return { ok: true, status: result.status, message: result.message, changed: result.changed };
  return result;
}

function wrongState(campaign: Campaign, action: string): LifecycleResult {
  return {
    ok: false,
    kind: "invalid_state",
    message: `A ${campaign.status.replace("_", " ")} campaign cannot be ${action}.`,
  };
}

/**
 * Launch: requires a dry run with at least one eligible target. Larger than a matching policy
 * allows and not an admin → awaiting an admin's approval; otherwise it runs at once. The person
 * who presses Launch is the one the runner starts tasks as.
 */
export function launchCampaign(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (campaign.status !== "draft") return wrongState(campaign, "launched");
    if (!campaign.dryRunAt)
      return {
        ok: false,
        kind: "no_dry_run",
        message: "Run the dry run first: it decides which repositories get a task.",
      };
    const eligible = await tx.campaignTarget.findMany({
      where: { campaignId: id, status: "pending" },
      select: { owner: true, name: true },
    });
    if (eligible.length === 0)
      return {
        ok: false,
        kind: "invalid_state",
        message: "No repository passed the dry run, so there is nothing to launch.",
      };
    const { limit, patterns } = campaignSizeLimit(await listPolicies(tx), eligible);
    const approval = needsAdminApproval(eligible.length, limit, actor);
    const now = new Date();
    await tx.campaign.update({
      where: { id },
      data: {
        status: approval ? "awaiting_approval" : "running",
        requiresApproval: limit !== null && eligible.length > limit,
        ...(limit !== null && eligible.length > limit && !approval
          ? { approvedById: actor.id, approvedAt: now }
          : {}),
        launchedById: actor.id,
        launchedByLogin: actor.login,
        launchedAt: approval ? null : now,
      },
    });
    return approval
      ? {
          ok: true,
          status: "awaiting_approval",
          message: `${eligible.length} repositories is more than policy ${patterns.join(", ")} allows without an admin (${limit}). An admin has to approve it.`,
        }
      : { ok: true, status: "running", message: `Launched: ${eligible.length} repositories.`, tick: true };
  });
}

/** An admin approves a campaign that was larger than a policy allows. */
export function approveCampaign(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (actor.role !== "admin")
      return { ok: false, kind: "forbidden", message: "Only an admin can approve a campaign this large." };
    if (campaign.status !== "awaiting_approval") return wrongState(campaign, "approved");
    const now = new Date();
    await tx.campaign.update({
      where: { id },
      data: { status: "running", approvedById: actor.id, approvedAt: now, launchedAt: now },
    });
    return { ok: true, status: "running", message: "Approved: the campaign is running.", tick: true };
  });
}

/** Sends an admin-approval campaign back to draft (declined), so it can be narrowed. */
export function declineCampaign(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (campaign.status !== "awaiting_approval") return wrongState(campaign, "sent back to draft");
    await tx.campaign.update({
      where: { id },
      data: { status: "draft", launchedById: null, launchedByLogin: null, requiresApproval: false },
    });
    return { ok: true, status: "draft", message: "Back to draft." };
  });
}

export function approveCanary(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (campaign.canaryApprovedAt) return wrongState(campaign, "approved twice");
    if (!["canary_wait", "running", "paused"].includes(campaign.status) || !campaign.canarySize)
      return wrongState(campaign, "approved past its canary");
    await tx.campaign.update({
      where: { id },
      data: { canaryApprovedAt: new Date(), status: "running", pausedReason: null },
    });
    return { ok: true, status: "running", message: "Canary approved: the rest start now.", tick: true };
  });
}

export function pauseCampaign(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (campaign.status !== "running" && campaign.status !== "canary_wait")
      return wrongState(campaign, "paused");
    await tx.campaign.update({
      where: { id },
      data: { status: "paused", pausedReason: `Paused by ${actor.login}.` },
    });
    return { ok: true, status: "paused", message: "Paused: no new task starts until you resume." };
  });
}

export function resumeCampaign(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (campaign.status !== "paused") return wrongState(campaign, "resumed");
    await tx.campaign.update({ where: { id }, data: { status: "running", pausedReason: null } });
    return { ok: true, status: "running", message: "Resumed.", tick: true };
  });
}

/** Stop: nothing more starts; every target not started yet is cancelled. Started tasks carry on. */
export function stopCampaign(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (!["running", "canary_wait", "paused", "awaiting_approval"].includes(campaign.status))
      return wrongState(campaign, "stopped");
    await tx.campaign.update({ where: { id }, data: { status: "stopped", completedAt: new Date() } });
    const cancelled = await tx.campaignTarget.updateMany({
      where: { campaignId: id, status: "pending" },
      data: { status: "cancelled", skipReason: `Stopped by ${actor.login} before it started.` },
    });
    return {
      ok: true,
      status: "stopped",
      message: `Stopped: ${cancelled.count} repositories will not get a task.`,
      changed: cancelled.count,
    };
  });
}

/** Targets GitHub refused to start go back to pending; a completed campaign runs again for them. */
export function retryFailedStarts(db: PrismaClient, actor: CampaignActor, id: string) {
  return transition(db, actor, id, async (tx, campaign) => {
    if (!["running", "canary_wait", "paused", "completed"].includes(campaign.status))
      return wrongState(campaign, "retried");
    const retried = await tx.campaignTarget.updateMany({
      where: { campaignId: id, status: "failed" },
      data: { status: "pending", skipReason: null },
    });
    if (retried.count === 0) return { ok: false, kind: "invalid_state", message: "No start failed." };
    const status = campaign.status === "completed" ? "running" : campaign.status;
    if (status !== campaign.status)
      await tx.campaign.update({ where: { id }, data: { status, completedAt: null } });
    return {
      ok: true,
      status,
      message: `${retried.count} failed ${retried.count === 1 ? "start goes" : "starts go"} back in the queue.`,
      changed: retried.count,
      tick: status === "running",
    };
  });
}
