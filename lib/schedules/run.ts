/**
 * One claimed slot of a schedule, run by its job (`schedule_run`, job key `schedule-run:<runId>`):
 * the template launched on the repository through the one start path (lib/tasks/launch-form.ts →
 * start.ts: policies, launch intent, one POST, audit), as the owner, with their own GitHub token.
 * A run moves pending → starting before anything is sent; a job that finds its run already
 * `starting` ran before and died mid-start, so it marks the run `unknown` and never starts again
 * (the launch reconciler settles the launch against GitHub). A run that could not start is recorded
 * with the reason and published as `schedule.run_failed` (the owner's bell and subscriptions).
 * Used by the worker: no "server-only" here.
 */
import type { Prisma, PrismaClient, ScheduleRunStatus } from "@/generated/prisma/client";
import { writeAudit, type AuditFields } from "@/lib/audit";
import { modelSchema } from "@/lib/github/schemas";
import type { ActingUser } from "@/lib/auth/acting";
import { publishEvent } from "@/lib/notifications/publish";
import { OPEN_STATES } from "@/lib/task-states";
import { startFromLaunchForm } from "@/lib/tasks/launch-form";
import { loadTemplateVersion } from "@/lib/templates/prompt";

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

type Finish = { status: ScheduleRunStatus; reason?: string | null; code?: string | null; taskIds?: string[] };

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
    await db.$transaction(async (tx) => {
      await tx.scheduleRun.update({
        where: { id: run.id },
        data: {
          status: result.status,
          reason: result.reason ?? null,
          code: result.code ?? null,
          taskIds: result.taskIds ?? [],
          finishedAt: now,
        },
      });
      await audit(tx, {
        outcome: result.status === "started" ? "ok" : (result.code ?? result.status),
        details: { status: result.status, reason: result.reason ?? null, taskIds: result.taskIds ?? [] },
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
          },
          templateId: schedule.templateId,
          repository: schedule.repository,
          audience: [owner.id],
        });
    });
    return { status: result.status };
  };

  if (claimed.count === 0) {
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
  if (!version || !schedule.repository)
    return finish({
      status: "failed",
      code: "invalid_state",
      reason: "The template has no version to launch.",
    });

  if (schedule.overlap === "skip") {
    const previous = await db.scheduleRun.findFirst({
      where: { scheduleId: schedule.id, status: "started", id: { not: run.id } },
      orderBy: { slot: "desc" },
      select: { taskIds: true },
    });
    const going = previous?.taskIds.length
      ? await db.task.count({ where: { id: { in: previous.taskIds }, state: { in: [...OPEN_STATES] } } })
      : 0;
    if (going > 0)
      return finish({
        status: "skipped",
        code: "overlap",
        reason: "The previous run's task is still going; this schedule skips a run while one is.",
      });
  }

  const [repoOwner, repoName] = schedule.repository.split("/") as [string, string];
  const values = fillSlotValues(
    (schedule.parameters ?? {}) as Record<string, string>,
    run.slot,
    schedule.timeZone,
  );
  const acting = deps.actingFor({ id: owner.id, login: owner.login ?? "", role: owner.role });
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
