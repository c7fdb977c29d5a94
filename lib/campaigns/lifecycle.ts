/**
 * Campaign state changes a person makes (launch, approve, approve canary, pause, resume, stop, retry
 * failed starts, take over) and who may make them. The runner (./runner.ts) does the rest: it only
 * ever starts targets of a `running` campaign, so each change here is a status write plus a tick for
 * the runner. Every change locks the campaign row first, so two presses (or a press and the runner)
 * serialise, and writes its audit record (or the refusal) in that same transaction.
 *
 * Whose identity: the runner starts every task under the launcher's GitHub identity. So only the
 * launcher may make more tasks start (resume, approve the canary, retry failed starts); anyone who
 * may manage the campaign may pause or stop it, and someone else who must continue it takes it over
 * first, which makes them the launcher (with their consent, recorded).
 */
import type { CampaignStatus, Prisma, PrismaClient, RepositoryPolicy } from "@/generated/prisma/client";
import { writeAudit, type AuditRecorder } from "@/lib/audit";
import { listPolicies, matchesPattern } from "@/lib/policies/policy";
import { publishCampaignEvent } from "./events";
import { queueCampaignTick } from "./schedule";
import { TAKE_OVER_CONSENT, TAKE_OVER_STATUSES } from "./status";

export type CampaignActor = { id: string; login: string; role: "admin" | "member" };

export type LifecycleResult =
  | { ok: true; status: CampaignStatus; message: string; changed?: number }
  | { ok: false; kind: "not_found" | "forbidden" | "invalid_state" | "no_dry_run"; message: string };

type Tx = Prisma.TransactionClient;
/** A client (the change opens its own transaction) or the caller's transaction. */
type Db = PrismaClient | Tx;

function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(work) : work(db);
}

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

/** The record a change writes when its caller has none of its own (tests, scripts). */
function recorderFor(actor: CampaignActor): AuditRecorder {
  return (tx, fields = {}) =>
    writeAudit(tx, { action: "campaign.change", actorId: actor.id, actorLogin: actor.login, ...fields });
}

type Change = LifecycleResult & { tick?: boolean; audit?: Prisma.InputJsonObject; githubIdentity?: string };

/**
 * Locks the campaign, checks the actor's right, runs `change`, and records what happened (or the
 * refusal) in the same transaction, which also queues the runner's tick when the change asks.
 */
async function transition(
  db: Db,
  actor: CampaignActor,
  id: string,
  action: string,
  record: AuditRecorder | undefined,
  change: (tx: Tx, campaign: Campaign) => Promise<Change>,
): Promise<LifecycleResult> {
  return inTransaction(db, async (tx) => {
    const campaign = await locked(tx, id);
    const result: Change = !campaign
      ? { ok: false, kind: "not_found", message: "That campaign does not exist." }
      : !(await canManageCampaign(tx, actor, campaign))
        ? {
            ok: false,
            kind: "forbidden",
            message: "Only the campaign's creator, its owner (or owning team) or an admin can change it.",
          }
        : await change(tx, campaign);
    await (record ?? recorderFor(actor))(tx, {
      action: `campaign.${action}`,
      targetType: "campaign",
      targetId: id,
      ...(result.githubIdentity ? { githubIdentity: result.githubIdentity } : {}),
      outcome: result.ok ? "ok" : result.kind === "no_dry_run" ? "invalid_state" : result.kind,
      details: result.ok
        ? { status: result.status, message: result.message, changed: result.changed ?? null, ...result.audit }
        : { error: result.message },
    });
    if (result.ok && result.tick) await queueCampaignTick(tx, id);
    return result.ok
      ? { ok: true, status: result.status, message: result.message, changed: result.changed }
      : { ok: false, kind: result.kind, message: result.message };
  });
}

/**
 * Starts run under the launcher's GitHub identity, so only the launcher may make more of them start.
 * Anyone else who may manage the campaign takes it over first (takeOverCampaign).
 */
function launcherOnly(campaign: Campaign, actor: CampaignActor, verb: string): LifecycleResult | null {
  if (campaign.launchedById === actor.id) return null;
  return {
    ok: false,
    kind: "forbidden",
    message:
      `Only ${campaign.launchedByLogin ?? "the person who launched it"} can ${verb}: its tasks start under ` +
      "their GitHub identity. Take it over to continue under yours.",
  };
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
export function launchCampaign(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "launch", record, async (tx, campaign) => {
    if (campaign.status !== "draft") return wrongState(campaign, "launched");
    const dryRun = await tx.campaignDryRun.findUnique({
      where: { campaignId: id },
      select: { completedAt: true },
    });
    if (!dryRun?.completedAt)
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
    if (approval) {
      const admins = await tx.user.findMany({ where: { role: "admin" }, select: { id: true } });
      await publishCampaignEvent(
        tx,
        campaign,
        "awaiting_approval",
        null,
        admins.map((admin) => admin.id),
      );
    }
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
export function approveCampaign(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "approve", record, async (tx, campaign) => {
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
export function declineCampaign(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "decline", record, async (tx, campaign) => {
    if (campaign.status !== "awaiting_approval") return wrongState(campaign, "sent back to draft");
    await tx.campaign.update({
      where: { id },
      data: { status: "draft", launchedById: null, launchedByLogin: null, requiresApproval: false },
    });
    return { ok: true, status: "draft", message: "Back to draft." };
  });
}

export function approveCanary(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "approve_canary", record, async (tx, campaign) => {
    if (campaign.canaryApprovedAt) return wrongState(campaign, "approved twice");
    const denied = launcherOnly(campaign, actor, "approve its canary");
    if (denied) return denied;
    if (!["canary_wait", "running", "paused"].includes(campaign.status) || !campaign.canarySize)
      return wrongState(campaign, "approved past its canary");
    await tx.campaign.update({
      where: { id },
      data: { canaryApprovedAt: new Date(), status: "running", pausedReason: null },
    });
    return { ok: true, status: "running", message: "Canary approved: the rest start now.", tick: true };
  });
}

export function pauseCampaign(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "pause", record, async (tx, campaign) => {
    if (campaign.status !== "running" && campaign.status !== "canary_wait")
      return wrongState(campaign, "paused");
    await tx.campaign.update({
      where: { id },
      data: { status: "paused", pausedReason: `Paused by ${actor.login}.` },
    });
    return { ok: true, status: "paused", message: "Paused: no new task starts until you resume." };
  });
}

export function resumeCampaign(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "resume", record, async (tx, campaign) => {
    if (campaign.status !== "paused") return wrongState(campaign, "resumed");
    const denied = launcherOnly(campaign, actor, "resume it");
    if (denied) return denied;
    await tx.campaign.update({ where: { id }, data: { status: "running", pausedReason: null } });
    return { ok: true, status: "running", message: "Resumed.", tick: true };
  });
}

/** Stop: nothing more starts; every target not started yet is cancelled. Started tasks carry on. */
export function stopCampaign(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "stop", record, async (tx, campaign) => {
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
export function retryFailedStarts(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "retry_failed_starts", record, async (tx, campaign) => {
    if (!["running", "canary_wait", "paused", "completed"].includes(campaign.status))
      return wrongState(campaign, "retried");
    const denied = launcherOnly(campaign, actor, "retry its failed starts");
    if (denied) return denied;
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

/**
 * Take over: this person becomes the launcher, so future starts run under their GitHub identity
 * (they confirmed TAKE_OVER_CONSENT). Tasks already started stay the previous launcher's.
 */
export function takeOverCampaign(db: Db, actor: CampaignActor, id: string, record?: AuditRecorder) {
  return transition(db, actor, id, "take_over", record, async (tx, campaign) => {
    if (!TAKE_OVER_STATUSES.includes(campaign.status)) return wrongState(campaign, "taken over");
    if (campaign.launchedById === actor.id)
      return {
        ok: false,
        kind: "invalid_state",
        message: "Its tasks already start under your GitHub identity.",
      };
    await tx.campaign.update({
      where: { id },
      data: { launchedById: actor.id, launchedByLogin: actor.login },
    });
    return {
      ok: true,
      status: campaign.status,
      message: `Taken over: ${TAKE_OVER_CONSENT.replace("your", `${actor.login}'s`)}`,
      githubIdentity: actor.login,
      audit: { from: campaign.launchedByLogin, to: actor.login, consent: TAKE_OVER_CONSENT },
      tick: campaign.status === "running",
    };
  });
}
