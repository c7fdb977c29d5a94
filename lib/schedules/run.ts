/**
 * One claimed slot of a schedule, run by its job (`schedule_run`, job key `schedule-run:<runId>`):
 * the template launched on the repository through the one start path (lib/tasks/launch-form.ts →
 * start.ts: policies, launch intent, one POST, audit), as the owner, with their own GitHub token —
 * or, for a campaign schedule, a campaign over its target spec created, dry-run and launched
 * (./campaign-run.ts).
 * A run moves pending → starting before anything is sent; a job that finds its run already
 * `starting` ran before and died mid-start, so it marks the run `unknown` and never starts again
 * (the launch reconciler settles the launch against GitHub). A run that could not start is recorded
 * with the reason and published as `schedule.run_failed` (the owner's bell and subscriptions).
 * Used by the worker: no "server-only" here.
 */
import type { CampaignStatus, Prisma, PrismaClient } from "@/generated/prisma/client";
import { writeAudit, type AuditFields } from "@/lib/audit";
import { modelSchema } from "@/lib/github/schemas";
import type { ActingUser } from "@/lib/auth/acting";
import { publishEvent } from "@/lib/notifications/publish";
import { OPEN_STATES } from "@/lib/task-states";
import { startFromLaunchForm } from "@/lib/tasks/launch-form";
import { loadTemplateVersion } from "@/lib/templates/prompt";
import { runCampaignSlot, type RunOutcome } from "./campaign-run";

export type ScheduleRunDeps = {
  db: PrismaClient;
  /** Switchyard acting as this person with their own token (the worker builds it). */
  actingFor: (user: ActingUser["user"]) => ActingUser;
  appUrl: string;
};

type Tx = Prisma.TransactionClient;

/** `{date}` in a parameter value: the slot's date in the schedule's zone (e.g. a release name). */
export function fillSlotValues(values: Record<string, string>, slot: Date, timeZone: string) {
  const date = new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(slot);
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value.replaceAll("{date}", date)]),
  );
}

type Finish = RunOutcome;

/** A campaign still has work while it is in one of these (a paused one may resume). */
const CAMPAIGN_GOING: CampaignStatus[] = ["draft", "awaiting_approval", "running", "canary_wait", "paused"];

export async function executeScheduleRun(deps: ScheduleRunDeps, runId: string, now = new Date()) {
  const { db } = deps;
  const claimed = await db.scheduleRun.updateMany({
    where: { id: runId, status: "pending" },
    data: { status: "starting" },
  });
  const run = await db.scheduleRun.findUnique({
    where: { id: runId },
    include: {
      schedule: {
        include: {
          owner: { select: { id: true, login: true, role: true, accessRevokedAt: true } },
          template: { select: { id: true, name: true, archivedAt: true } },
        },
      },
    },
  });
  if (!run) return { status: "gone" as const };
  const { schedule } = run;
  const owner = schedule.owner;
  const audit = (tx: Tx, fields: AuditFields = {}) =>
    writeAudit(tx, {
      action: "schedule.run",
      actorId: owner.id,
      actorLogin: "switchyard",
      githubIdentity: owner.login,
      targetType: "schedule",
      targetId: schedule.id,
      ...fields,
      details: { runId: run.id, slot: run.slot.toISOString(), ...fields.details },
    });

  const finish = async (result: Finish) => {
    const recorded = await db.$transaction(async (tx) => {
      // Only a run still under way is settled (an `unknown` one may still learn it started): a
      // duplicate attempt that ends after the run was settled changes, records and announces nothing.
      const { count } = await tx.scheduleRun.updateMany({
        where: { id: run.id, status: { in: ["starting", "unknown"] } },
        data: {
          status: result.status,
          reason: result.reason ?? null,
          code: result.code ?? null,
          taskIds: result.taskIds ?? [],
          // A run that got as far as its campaign keeps the link, whatever happened after.
          ...(result.campaignId ? { campaignId: result.campaignId } : {}),
          finishedAt: now,
        },
      });
      if (count === 0) return false;
      await audit(tx, {
        outcome: result.status === "started" ? "ok" : (result.code ?? result.status),
        details: {
          status: result.status,
          reason: result.reason ?? null,
          taskIds: result.taskIds ?? [],
          campaignId: result.campaignId ?? null,
        },
      });
      if (result.status === "failed" || result.status === "unknown")
        await publishEvent(tx, {
          type: "schedule.run_failed",
          key: `schedule-run:${run.id}:${result.status}`,
          subject: `schedules/${schedule.id}`,
          title: `Scheduled run of “${schedule.name}” did not start`,
          body: result.reason ?? undefined,
          url: `${deps.appUrl}/schedules/${schedule.id}`,
          data: {
            scheduleId: schedule.id,
            runId: run.id,
            slot: run.slot.toISOString(),
            status: result.status,
            code: result.code ?? null,
            reason: result.reason ?? null,
            campaignId: result.campaignId ?? null,
          },
          campaignId: result.campaignId ?? null,
          templateId: schedule.templateId,
          repository: schedule.repository,
          audience: [owner.id],
        });
      return true;
    });
    if (recorded) return { status: result.status };
    const settled = await db.scheduleRun.findUnique({ where: { id: run.id }, select: { status: true } });
    return { status: settled?.status ?? ("gone" as const) };
  };

  // A campaign run that stopped mid-way carries on with the campaign it created (./campaign-run.ts):
  // creating it is recorded on the run in the same transaction, and launching it happens once.
  const resume = claimed.count === 0 && run.status === "starting" && schedule.target === "campaign";
  if (claimed.count === 0 && !resume) {
    // Ran before and stopped mid-start: the start may have reached GitHub, so never start it again.
    if (run.status === "starting")
      return finish({
        status: "unknown",
        code: "outcome_unknown",
        reason:
          "The worker stopped while starting this run. It is not started again; if GitHub started the task, it appears on the tasks page.",
      });
    return { status: run.status };
  }

  if (owner.accessRevokedAt)
    return finish({
      status: "failed",
      code: "signed_out",
      reason: `${owner.login ?? "The owner"} may no longer use Switchyard, so their schedule cannot start tasks.`,
    });
  const account = await db.account.findFirst({
    where: { userId: owner.id, provider: "github" },
    select: { access_token: true, tokenProblem: true },
  });
  if (!account?.access_token || account.tokenProblem)
    return finish({
      status: "failed",
      code: "signed_out",
      reason: `${owner.login ?? "The owner"} is signed out of GitHub (token revoked or expired): they sign in again to resume.`,
    });
  if (schedule.template.archivedAt)
    return finish({ status: "failed", code: "invalid_state", reason: "The template was archived." });
  const latest = await db.templateVersion.findFirst({
    where: { templateId: schedule.templateId },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  const version = latest ? await loadTemplateVersion(db, latest.id) : null;
  if (!version || (schedule.target === "repository" && !schedule.repository))
    return finish({
      status: "failed",
      code: "invalid_state",
      reason: "The template has no version to launch.",
    });

  // A resumed campaign run passed this check before it created its campaign.
  if (schedule.overlap === "skip" && !run.campaignId) {
    const going = await previousRunGoing(db, schedule.id, run.id);
    if (going)
      return finish({
        status: "skipped",
        code: "overlap",
        reason: `The previous run's ${going} is still going; this schedule skips a run while one is.`,
      });
  }

  const values = fillSlotValues(
    (schedule.parameters ?? {}) as Record<string, string>,
    run.slot,
    schedule.timeZone,
  );
  const acting = deps.actingFor({ id: owner.id, login: owner.login ?? "", role: owner.role });
  if (schedule.target === "campaign")
    return finish(await runCampaignSlot({ acting, schedule, run, version, values }));

  const [repoOwner, repoName] = schedule.repository!.split("/") as [string, string];
  const result = await startFromLaunchForm(
    acting,
    {
      owner: repoOwner,
      repo: repoName,
      base_ref: version.defaultBaseRef,
      // A model the API no longer offers falls back to automatic selection.
      model: modelSchema.catch(undefined).parse(version.defaultModel),
      create_pull_request: version.defaultCreatePullRequest,
      template_version_id: version.id,
      previous_task_id: null,
      ...Object.fromEntries(Object.entries(values).map(([name, value]) => [`param.${name}`, value])),
    },
    {
      record: (tx, fields = {}) =>
        writeAudit(tx, {
          action: "task.start",
          actorId: owner.id,
          actorLogin: "switchyard",
          githubIdentity: owner.login,
          ...fields,
          details: { ...fields.details, scheduleId: schedule.id, scheduleRunId: run.id },
        }),
    },
  );
  if (result.ok) return finish({ status: "started", taskIds: [result.data.id] });
  return finish({
    status: result.code === "outcome_unknown" ? "unknown" : "failed",
    code: result.code,
    reason: result.message,
  });
}

/** What of the previous started run is still going ("task" or "campaign"), if anything. */
async function previousRunGoing(db: PrismaClient, scheduleId: string, runId: string) {
  const previous = await db.scheduleRun.findFirst({
    where: { scheduleId, status: "started", id: { not: runId } },
    orderBy: { slot: "desc" },
    select: { taskIds: true, campaignId: true },
  });
  if (!previous) return null;
  if (previous.campaignId) {
    const campaign = await db.campaign.count({
      where: { id: previous.campaignId, status: { in: CAMPAIGN_GOING } },
    });
    return campaign > 0 ? "campaign" : null;
  }
  const tasks = previous.taskIds.length
    ? await db.task.count({ where: { id: { in: previous.taskIds }, state: { in: [...OPEN_STATES] } } })
    : 0;
  return tasks > 0 ? "task" : null;
}
