/**
 * The campaign runner (worker): starts a campaign's targets one at a time under the launcher's own
 * GitHub identity, at no more than the campaign's starts per minute, with at most `maxInFlight`
 * running, canary wave first, pausing by itself when too many finished tasks fail.
 *
 * Exactly once: every start is an intent in Postgres before the POST (lib/tasks/start-core.ts). The
 * runner holds a session advisory lock on the campaign while it works, so a `starting` target found
 * when it takes the lock belongs to a runner that died; such targets, and starts whose outcome GitHub
 * did not confirm, are settled by listing the repository's tasks by this person and matching the
 * prompt (lib/tasks/reconcile.ts). A target is started again only when GitHub has no task for it.
 */
import { publishCampaignEvent } from "./events";
import type { Campaign, CampaignTarget, Prisma, PrismaClient } from "@/generated/prisma/client";
import { writeAudit, type AuditRecorder } from "@/lib/audit";
import { TokenUnavailableError } from "@/lib/secrets/token-provider";
import { GitHubError } from "@/lib/github";
import { withUserClient, type SyncDeps } from "@/lib/sync/common";
import { reconcileLaunch } from "@/lib/tasks/reconcile";
import { watchUser } from "@/lib/sync/schedule";
import { startRecordedTask, type StartOutcome } from "@/lib/tasks/start-core";
import { FAILURE_STATES } from "@/lib/task-states";
import { BudgetExceededError } from "@/lib/costs/budgets";
import { pauseForBudget } from "./budget";

export type CampaignRunnerConfig = {
  /** A start GitHub did not confirm is settled only after this long (a request in flight may land). */
  reconcileAfterMs: number;
  /** One job works at most this long, then queues its successor (keeps worker slots turning over). */
  sliceMs: number;
  /** Per person across all campaigns: GitHub allows about 80 content-creating requests a minute… */
  userStartsPerMinute: number;
  /** …and 500 an hour. */
  userStartsPerHour: number;
  /** How soon to look again when there is nothing to start (tasks running, canary pending). */
  recheckMs: number;
  /** Waits shorter than this happen inside the job; longer ones end the slice and queue the next. */
  maxInlineWaitMs: number;
};

export const DEFAULT_RUNNER_CONFIG: CampaignRunnerConfig = {
  reconcileAfterMs: 15_000,
  sliceMs: 30_000,
  userStartsPerMinute: 75,
  userStartsPerHour: 500,
  recheckMs: 10_000,
  maxInlineWaitMs: 3_000,
};

export type RunnerDeps = SyncDeps & {
  campaignConfig?: Partial<CampaignRunnerConfig>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
};

export type SliceReport = {
  status: Campaign["status"] | "missing";
  started: number;
  unknown: number;
  refused: number;
  reconciled: number;
  /** When the next slice should run; null = nothing left to do until a person acts. */
  nextRunAt: Date | null;
};

type Counts = {
  pending: number;
  pendingCanary: number;
  canaryTotal: number;
  starting: number;
  unknown: number;
  /** Tasks queued or in progress. */
  running: number;
  /** Started tasks not finished (includes waiting_for_user and idle). */
  unfinished: number;
  canaryUnfinished: number;
  canaryFinished: number;
  canaryCompleted: number;
};

async function counts(db: PrismaClient, campaignId: string): Promise<Counts> {
  const [row] = await db.$queryRaw<Record<keyof Counts, bigint>[]>`
    SELECT
      count(*) FILTER (WHERE ct.status = 'pending') AS "pending",
      count(*) FILTER (WHERE ct.status = 'pending' AND ct.canary) AS "pendingCanary",
      count(*) FILTER (WHERE ct.canary AND ct.status <> 'excluded') AS "canaryTotal",
      count(*) FILTER (WHERE ct.status = 'starting') AS "starting",
      count(*) FILTER (WHERE ct.status = 'unknown') AS "unknown",
      count(*) FILTER (WHERE t.state IN ('queued', 'in_progress')) AS "running",
      count(*) FILTER (WHERE ct.status = 'started' AND (t.state IS NULL OR t.state NOT IN ('completed', 'failed', 'timed_out', 'cancelled'))) AS "unfinished",
      count(*) FILTER (WHERE ct.canary AND ct.status IN ('pending', 'starting', 'unknown')
                          OR ct.canary AND ct.status = 'started' AND (t.state IS NULL OR t.state NOT IN ('completed', 'failed', 'timed_out', 'cancelled'))) AS "canaryUnfinished",
      count(*) FILTER (WHERE ct.canary AND t.state IN ('completed', 'failed', 'timed_out', 'cancelled')) AS "canaryFinished",
      count(*) FILTER (WHERE ct.canary AND t.state = 'completed') AS "canaryCompleted"
    FROM "CampaignTarget" ct LEFT JOIN "Task" t ON t.id = ct."taskId"
    WHERE ct."campaignId" = ${campaignId}`;
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)])) as Counts;
}

async function failureRate(db: PrismaClient, campaign: Campaign) {
  const [row] = await db.$queryRaw<{ failures: bigint; finished: bigint }[]>`
    SELECT count(*) FILTER (WHERE state::text = ANY(${[...FAILURE_STATES]})) AS failures,
           count(*) FILTER (WHERE state::text = ANY(${["completed", ...FAILURE_STATES]})) AS finished
    FROM "Task"
    WHERE "campaignId" = ${campaign.id}
      AND (${campaign.failureWindowFrom}::timestamptz IS NULL OR "stateSince" >= ${campaign.failureWindowFrom}::timestamptz)`;
  return { failures: Number(row!.failures), finished: Number(row!.finished) };
}

type Tx = Prisma.TransactionClient;

/**
 * The runner's own records: Switchyard acting for the launcher, whose GitHub identity the starts use.
 * Written in the transaction of the change they describe.
 */
function runnerRecord(
  campaign: Campaign,
  action: string,
  target?: { type: string; id: string },
): AuditRecorder {
  return (tx, fields = {}) =>
    writeAudit(tx, {
      action,
      actorId: campaign.launchedById,
      actorLogin: "switchyard",
      githubIdentity: campaign.launchedByLogin,
      ...fields,
      targetType: target?.type ?? "campaign",
      targetId: target?.id ?? campaign.id,
      details: { campaignId: campaign.id, ...fields.details },
    });
}

/**
 * A target left `starting` by a runner that died: settle it from its launches. No launch written
 * after the target became `starting` means the POST was never sent, so it is simply pending again.
 */
async function recoverStarting(db: PrismaClient, campaignId: string): Promise<number> {
  const stuck = await db.campaignTarget.findMany({ where: { campaignId, status: "starting" } });
  for (const target of stuck) {
    const latest = await db.launch.findFirst({
      where: { campaignTargetId: target.id },
      orderBy: { createdAt: "desc" },
    });
    if (!latest || latest.createdAt < target.updatedAt) {
      await db.campaignTarget.update({ where: { id: target.id }, data: { status: "pending" } });
    } else if (latest.status === "started" && latest.taskId) {
      await db.campaignTarget.update({
        where: { id: target.id },
        data: { status: "started", taskId: latest.taskId, launchId: latest.id },
      });
    } else if (latest.status === "pending" || latest.status === "unknown") {
      await db.launch.update({ where: { id: latest.id }, data: { status: "unknown" } });
      await db.campaignTarget.update({
        where: { id: target.id },
        data: { status: "unknown", launchId: latest.id },
      });
    } else {
      const retryable = latest.errorKind === "not_started" || latest.errorKind === "rate_limited";
      await db.campaignTarget.update({
        where: { id: target.id },
        data: retryable
          ? { status: "pending" }
          : { status: "failed", skipReason: latest.errorMessage ?? "GitHub refused the start." },
      });
    }
  }
  return stuck.length;
}

/** Settles unknown starts old enough to ask GitHub about; returns how many were settled. */
async function reconcileDue(deps: RunnerDeps, campaign: Campaign, config: CampaignRunnerConfig, now: Date) {
  const { db } = deps;
  const targets = await db.campaignTarget.findMany({
    where: { campaignId: campaign.id, status: "unknown" },
    orderBy: { updatedAt: "asc" },
    take: 20,
  });
  let settled = 0;
  let earliestPending: Date | null = null;
  for (const target of targets) {
    const launch = target.launchId
      ? await db.launch.findUnique({ where: { id: target.launchId }, include: { user: true } })
      : null;
    if (!launch || launch.user.githubId === null) {
      // Nothing was recorded as sent: safe to start again.
      await db.campaignTarget.update({ where: { id: target.id }, data: { status: "pending" } });
      continue;
    }
    if (launch.status === "started" && launch.taskId) {
      await db.campaignTarget.update({
        where: { id: target.id },
        data: { status: "started", taskId: launch.taskId },
      });
      settled++;
      continue;
    }
    const dueAt = new Date(launch.createdAt.getTime() + config.reconcileAfterMs);
    if (dueAt > now) {
      if (!earliestPending || dueAt < earliestPending) earliestPending = dueAt;
      continue;
    }
    try {
      const outcome = await reconcileLaunch(deps, launch, launch.user.githubId, now);
      if (outcome === "not_started") {
        const stopped = (await db.campaign.findUnique({ where: { id: campaign.id } }))?.status === "stopped";
        await db.campaignTarget.update({
          where: { id: target.id },
          data: { status: stopped ? "cancelled" : "pending" },
        });
      }
      settled++;
    } catch (error) {
      console.warn(
        `campaign ${campaign.id}: reconcile ${launch.id}: ${error instanceof Error ? error.message : error}`,
      );
      const retryAt = new Date(now.getTime() + config.recheckMs);
      if (!earliestPending || retryAt < earliestPending) earliestPending = retryAt;
    }
  }
  return { settled, earliestPending, more: targets.length === 20 };
}

/**
 * The earliest moment the next start respects the campaign's pace and the person's GitHub limits.
 * Pace: at most `startsPerMinute` in any minute, and at most a third of that in any third of a
 * minute, with starts at least 0.75 intervals apart. The shorter window lets a start delayed by a
 * slow request or a worker restart be caught up a little faster, never above the per-minute cap.
 */
async function nextStartAt(db: PrismaClient, campaign: Campaign, config: CampaignRunnerConfig, now: Date) {
  const perMinute = Math.max(1, campaign.startsPerMinute);
  const interval = 60_000 / perMinute;
  const userId = campaign.launchedById!;
  const startsSince = async (ms: number, cap: number, where: Prisma.LaunchWhereInput) =>
    (
      await db.launch.findMany({
        where: { ...where, createdAt: { gt: new Date(now.getTime() - ms) } },
        orderBy: { createdAt: "desc" },
        take: cap,
        select: { createdAt: true },
      })
    ).map((launch) => launch.createdAt.getTime());
  // Full window: wait until its oldest start leaves it.
  const freeAt = (stamps: number[], ms: number, cap: number) => {
    const inWindow = stamps.filter((t) => t > now.getTime() - ms);
    return inWindow.length >= cap ? inWindow[cap - 1]! + ms : 0;
  };
  // The campaign's last minute answers its pace, both of its windows and its last start.
  const third = Math.max(1, Math.floor(perMinute / 3));
  const campaignStarts = await startsSince(60_000, perMinute, { campaignId: campaign.id });
  const userMinute = await startsSince(60_000, config.userStartsPerMinute, { userId });
  // The hourly limit is on content created: a start GitHub refused or never received created none.
  const userHour = await startsSince(3_600_000, config.userStartsPerHour, {
    userId,
    status: { in: ["pending", "started", "unknown"] },
  });
  return new Date(
    Math.max(
      campaignStarts.length ? campaignStarts[0]! + interval * 0.75 : now.getTime(),
      freeAt(campaignStarts, third * interval, third),
      freeAt(campaignStarts, 60_000, perMinute),
      freeAt(userMinute, 60_000, config.userStartsPerMinute),
      freeAt(userHour, 3_600_000, config.userStartsPerHour),
    ),
  );
}

async function setStatus(
  db: PrismaClient,
  campaign: Campaign,
  status: Campaign["status"],
  data: Partial<
    Pick<Campaign, "pausedReason" | "canaryApprovedAt" | "completedAt" | "failureWindowFrom">
  > = {},
) {
  // Only from the status we read: a person's pause or stop in the meantime wins.
  return db.$transaction(async (tx) => {
    const { count } = await tx.campaign.updateMany({
      where: { id: campaign.id, status: campaign.status },
      data: { status, ...data },
    });
    if (count === 1) {
      await runnerRecord(campaign, `campaign.${status}`)(tx, { details: { from: campaign.status, ...data } });
      await publishCampaignEvent(tx, campaign, status, data.pausedReason ?? null);
    }
    return count === 1;
  });
}

/** One start: intent, POST once, then the target follows the outcome. */
async function startTarget(deps: RunnerDeps, campaign: Campaign, target: CampaignTarget) {
  const { db } = deps;
  const claimed = await db.campaignTarget.updateMany({
    where: { id: target.id, status: "pending" },
    data: { status: "starting", attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return { kind: "skipped" as const };
  const input = {
    owner: target.owner,
    repo: target.name,
    prompt: target.prompt ?? "",
    ...(campaign.baseRef || target.defaultBranch
      ? { base_ref: campaign.baseRef ?? target.defaultBranch! }
      : {}),
    ...(campaign.model ? { model: campaign.model } : {}),
    ...(campaign.customAgent ? { custom_agent: campaign.customAgent } : {}),
    create_pull_request: campaign.createPullRequest,
  };
  // The target follows the outcome in the transaction that records it, with the start's record.
  const settle = async (tx: Tx, outcome: StartOutcome) => {
    const launchId = outcome.launchId;
    if (outcome.status === "started") {
      // recordLaunchStarted marked the target started; keep the launch id too.
      await tx.campaignTarget.update({
        where: { id: target.id },
        data: { launchId, status: "started", taskId: outcome.task.id },
      });
      return;
    }
    if (outcome.status === "unknown") {
      await tx.campaignTarget.update({ where: { id: target.id }, data: { launchId, status: "unknown" } });
      return;
    }
    const retryLater = refusalKind(outcome.error) !== "refused";
    await tx.campaignTarget.update({
      where: { id: target.id },
      data: retryLater
        ? { status: "pending", launchId }
        : { status: "failed", skipReason: refusalMessage(outcome), launchId },
    });
  };
  const record = runnerRecord(campaign, "campaign.task_start", { type: "campaign_target", id: target.id });
  const outcome = await startRecordedTask(
    db,
    { userId: campaign.launchedById!, login: campaign.launchedByLogin ?? "" },
    input,
    (work) => withUserClient(deps, campaign.launchedById!, work),
    {
      kind: "campaign",
      templateVersionId: campaign.templateVersionId,
      campaignId: campaign.id,
      campaignTargetId: target.id,
      settle,
      // The runner's records say "started", "outcome_unknown" or "refused".
      record: (tx, fields = {}) => {
        const details = (fields.details ?? {}) as {
          launchId?: string | null;
          policyNotes?: string[];
          error?: string;
        };
        return record(tx, {
          outcome:
            fields.outcome === "ok"
              ? "started"
              : fields.outcome === "outcome_unknown"
                ? fields.outcome
                : "refused",
          details: {
            launchId: details.launchId ?? null,
            ...(fields.targetId ? { taskId: fields.targetId } : {}),
            notes: details.policyNotes ?? [],
            ...(details.error ? { error: details.error } : {}),
          },
        });
      },
    },
  );
  if (outcome.status === "started") return { kind: "started" as const };
  if (outcome.status === "unknown") return { kind: "unknown" as const };
  const kind = refusalKind(outcome.error);
  if (kind === "rate_limited")
    return { kind, retryAt: outcome.error instanceof GitHubError ? (outcome.error.retryAt ?? null) : null };
  if (kind === "launcher_blocked") return { kind, message: refusalMessage(outcome) };
  if (kind === "budget" && outcome.error instanceof BudgetExceededError)
    return { kind, budgetId: outcome.error.budgetId, message: outcome.error.message };
  return { kind: "refused" as const };
}

/** Refusals about the moment, the person or the money, not the repository, put the target back for later. */
function refusalKind(error: unknown): "rate_limited" | "launcher_blocked" | "budget" | "refused" {
  if (error instanceof GitHubError && error.kind === "rate_limited") return "rate_limited";
  if (error instanceof BudgetExceededError) return "budget";
  if (
    error instanceof TokenUnavailableError ||
    (error instanceof GitHubError && (error.kind === "signed_out" || error.kind === "no_copilot_access"))
  )
    return "launcher_blocked";
  return "refused";
}

function refusalMessage(outcome: Extract<StartOutcome, { status: "refused" }>): string {
  return (
    outcome.policyMessage ??
    (outcome.error instanceof Error ? outcome.error.message : "GitHub refused the start.")
  );
}

/**
 * One slice of work on a campaign. The caller holds the campaign's lock (see lib/campaigns/lock.ts)
 * and queues the next slice at `nextRunAt`.
 */
export async function runCampaignSlice(deps: RunnerDeps, campaignId: string): Promise<SliceReport> {
  const { db } = deps;
  const config = { ...DEFAULT_RUNNER_CONFIG, ...deps.campaignConfig };
  const clock = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const sliceEnds = clock().getTime() + config.sliceMs;
  const report: SliceReport = {
    status: "missing",
    started: 0,
    unknown: 0,
    refused: 0,
    reconciled: 0,
    nextRunAt: null,
  };
  let lastWatch = 0;

  await recoverStarting(db, campaignId);

  for (;;) {
    const now = clock();
    const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
    if (!campaign) return { ...report, status: "missing", nextRunAt: null };
    report.status = campaign.status;

    const reconciled = await reconcileDue(deps, campaign, config, now);
    report.reconciled += reconciled.settled;
    const recheck = new Date(now.getTime() + config.recheckMs);
    const soonest = (...dates: (Date | null)[]) =>
      dates.filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

    const c = await counts(db, campaignId);
    const launcherKnown = campaign.launchedById !== null;

    if (campaign.status === "running" || campaign.status === "canary_wait") {
      // Automatic pause on the failure rate of finished tasks.
      if (campaign.failurePauseThreshold !== null) {
        const { failures, finished } = await failureRate(db, campaign);
        if (
          finished >= campaign.failurePauseMinFinished &&
          failures / finished >= campaign.failurePauseThreshold
        ) {
          await setStatus(db, campaign, "paused", {
            pausedReason: `Paused automatically: ${failures} of ${finished} finished tasks failed (${Math.round(
              (100 * failures) / finished,
            )}%, threshold ${Math.round(campaign.failurePauseThreshold * 100)}%).`,
            failureWindowFrom: now,
          });
          continue;
        }
      }
      if (c.pending === 0 && c.starting === 0 && c.unknown === 0 && c.unfinished === 0) {
        await setStatus(db, campaign, "completed", { completedAt: now });
        continue;
      }
    }

    if (campaign.status === "canary_wait") {
      if (c.canaryUnfinished === 0 && campaign.canarySuccessThreshold !== null) {
        const share = c.canaryFinished === 0 ? 0 : c.canaryCompleted / c.canaryFinished;
        if (share >= campaign.canarySuccessThreshold)
          await setStatus(db, campaign, "running", { canaryApprovedAt: now });
        else
          await setStatus(db, campaign, "paused", {
            pausedReason: `Canary wave below its success threshold: ${c.canaryCompleted} of ${c.canaryFinished} completed (needs ${Math.round(
              campaign.canarySuccessThreshold * 100,
            )}%).`,
          });
        continue;
      }
      return { ...report, nextRunAt: soonest(recheck, reconciled.earliestPending) };
    }

    if (campaign.status !== "running" || !launcherKnown) {
      // Paused, stopped, draft…: only unknown starts still need settling.
      const open = c.unknown > 0 || c.starting > 0;
      return { ...report, nextRunAt: open ? soonest(reconciled.earliestPending, recheck) : null };
    }

    const inCanary = campaign.canarySize !== null && c.canaryTotal > 0 && campaign.canaryApprovedAt === null;
    const eligible = inCanary ? c.pendingCanary : c.pending;
    if (eligible === 0) {
      if (inCanary && c.starting === 0 && c.unknown === 0) {
        await setStatus(db, campaign, "canary_wait");
        continue;
      }
      return { ...report, nextRunAt: soonest(recheck, reconciled.earliestPending) };
    }

    // In flight: tasks queued or running, plus starts not settled yet.
    if (c.running + c.starting + c.unknown >= campaign.maxInFlight) {
      const wait = Math.min(config.maxInlineWaitMs, config.recheckMs);
      if (now.getTime() + wait < sliceEnds) {
        await sleep(wait);
        continue;
      }
      return { ...report, nextRunAt: new Date(now.getTime() + wait) };
    }

    const at = await nextStartAt(db, campaign, config, now);
    const wait = at.getTime() - clock().getTime();
    if (wait > 0) {
      if (wait <= config.maxInlineWaitMs && clock().getTime() + wait < sliceEnds) {
        await sleep(wait);
        continue;
      }
      return { ...report, nextRunAt: at };
    }

    const target = await db.campaignTarget.findFirst({
      where: { campaignId, status: "pending", ...(inCanary ? { canary: true } : {}) },
      orderBy: [{ canary: "desc" }, { position: "asc" }],
    });
    if (!target) continue;
    const result = await startTarget(deps, campaign, target);
    if (result.kind === "started") report.started++;
    if (result.kind === "unknown") report.unknown++;
    if (result.kind === "refused") report.refused++;
    if (result.kind === "rate_limited") {
      return { ...report, nextRunAt: result.retryAt ?? new Date(clock().getTime() + 60_000) };
    }
    if (result.kind === "budget") {
      await pauseForBudget(db, campaign, { budgetId: result.budgetId, message: result.message }, now);
      continue;
    }
    if (result.kind === "launcher_blocked") {
      await setStatus(db, campaign, "paused", {
        pausedReason: `Paused: GitHub would not start tasks as ${campaign.launchedByLogin}: ${result.message}`,
      });
      continue;
    }
    // Poll the launcher's tasks closely while starts go out (at most every 30 s).
    if (clock().getTime() - lastWatch > 30_000) {
      lastWatch = clock().getTime();
      await watchUser(db, campaign.launchedById!, 120).catch(() => {});
    }
    if (clock().getTime() >= sliceEnds) return { ...report, nextRunAt: clock() };
  }
}
