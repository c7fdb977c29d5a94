/**
 * A campaign schedule's run: a campaign over the schedule's target spec, created from its template's
 * latest version (./campaign.ts, the campaign form's rules), dry-run with the owner's own GitHub
 * access, and launched as the owner (lib/campaigns/lifecycle.ts: a campaign larger than a policy
 * allows waits for an admin; its canary and auto-pause settings apply as for any campaign). The
 * campaign is created and linked to the run in one transaction, so a run that stopped mid-way carries
 * on with the same campaign (launching it happens once, under the campaign's lock) and never makes a
 * second one. Used by the worker: no "server-only" here.
 */
import type { Prisma, PrismaClient, ScheduleRunStatus } from "@/generated/prisma/client";
import { writeAudit, type AuditFields, type AuditRecorder } from "@/lib/audit";
import type { ActingUser } from "@/lib/auth/acting";
import { createDraft, draftDetails } from "@/lib/campaigns/draft";
import { runDryRun } from "@/lib/campaigns/dry-run";
import { explainDryRunError } from "@/lib/campaigns/dry-run-job";
import { launchCampaign } from "@/lib/campaigns/lifecycle";
import { checkStartBudgets } from "@/lib/costs/budgets";
import { ok, type ActionResult } from "@/lib/result";
import type { TemplateVersionDto } from "@/lib/templates/prompt";
import { parseScheduledDraft, storedTargetSpec, targetFieldsOf } from "./campaign";

/** How a run ended, as the run record keeps it. */
export type RunOutcome = {
  status: ScheduleRunStatus;
  reason?: string | null;
  code?: string | null;
  taskIds?: string[];
  campaignId?: string | null;
};

type Slot = {
  acting: ActingUser;
  schedule: { id: string; name: string; timeZone: string; targetSpec: unknown; campaignSettings: unknown };
  run: { id: string; slot: Date };
  version: TemplateVersionDto;
  /** Parameter values with `{date}` filled. */
  values: Record<string, string>;
};

/** A draft's field errors in one line, for the run's reason (there is no form to show them on). */
function explainDraft(failure: { message: string; fieldErrors?: Record<string, string[]> }) {
  const problems = Object.entries(failure.fieldErrors ?? {}).map(([field, [first]]) => `${field}: ${first}`);
  return problems.length ? `The campaign could not be created (${problems.join("; ")}).` : failure.message;
}

export async function runCampaignSlot({ acting, schedule, run, version, values }: Slot): Promise<RunOutcome> {
  const db: PrismaClient = acting.db;
  const owner = acting.user;
  const record =
    (action: string): AuditRecorder =>
    (tx, fields: AuditFields = {}) =>
      writeAudit(tx, {
        action,
        actorId: owner.id,
        actorLogin: "switchyard",
        githubIdentity: owner.login,
        targetType: "campaign",
        ...fields,
        details: { ...fields.details, scheduleId: schedule.id, scheduleRunId: run.id },
      });

  const spec = storedTargetSpec(schedule.targetSpec);
  if (!spec)
    return {
      status: "failed",
      code: "invalid_state",
      reason: "The schedule's target repositories no longer read as a valid selection; create it again.",
    };

  const existing = await db.scheduleRun.findUnique({ where: { id: run.id }, select: { campaignId: true } });
  // Over a hard budget nothing would start: say so instead of creating a campaign that pauses at once.
  if (!existing?.campaignId) {
    const { refusal } = await checkStartBudgets(db, { userId: owner.id });
    if (refusal) return { status: "failed", code: "budget_exceeded", reason: refusal.message };
  }

  const date = new Intl.DateTimeFormat("en-CA", { timeZone: schedule.timeZone, dateStyle: "short" }).format(
    run.slot,
  );
  const created: ActionResult<{ id: string }> = await db.$transaction(async (tx) => {
    // The run's row, locked: its campaign is created once, however many attempts get here.
    const [row] = await tx.$queryRaw<{ campaignId: string | null }[]>`
      SELECT "campaignId" FROM "ScheduleRun" WHERE id = ${run.id} FOR UPDATE`;
    if (row?.campaignId) return ok({ id: row.campaignId });
    const draft = await parseScheduledDraft(tx, {
      name: `${schedule.name.slice(0, 80)} — ${date}`,
      owner,
      version,
      targets: targetFieldsOf(spec),
      settings: (schedule.campaignSettings ?? {}) as Record<string, unknown>,
      values,
    });
    if (!draft.ok) return draft;
    const campaign = await createDraft(tx, owner, draft.data);
    await tx.scheduleRun.update({ where: { id: run.id }, data: { campaignId: campaign.id } });
    await record("campaign.create")(tx, { targetId: campaign.id, details: draftDetails(draft.data) });
    return ok(campaign);
  });
  if (!created.ok) return { status: "failed", code: created.code, reason: explainDraft(created) };
  const campaignId = created.data.id;

  // A duplicate attempt may have launched it meanwhile: then this run did start its campaign.
  const orLaunched = async (failure: RunOutcome): Promise<RunOutcome> => {
    const now = await db.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
    return now && now.status !== "draft" ? { status: "started", campaignId } : failure;
  };

  const campaign = await db.campaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: { status: true, dryRun: { select: { completedAt: true } } },
  });
  // Launched by an earlier attempt: nothing is left to do.
  if (campaign.status !== "draft") return { status: "started", campaignId };
  if (!campaign.dryRun?.completedAt) {
    try {
      await runDryRun(db, campaignId, acting.withClient, {
        onWritten: (tx: Prisma.TransactionClient, summary) =>
          record("campaign.dry_run")(tx, {
            targetId: campaignId,
            details: { total: summary.total, eligible: summary.eligible, excluded: summary.excluded },
          }),
      });
    } catch (error) {
      const problem = explainDryRunError(error);
      return orLaunched({
        status: "failed",
        code: problem.kind,
        reason: `The dry run failed: ${problem.message}`,
        campaignId,
      });
    }
  }
  const launched = await launchCampaign(db, owner, campaignId, record("campaign.launch"));
  if (!launched.ok)
    return orLaunched({
      status: "failed",
      code: launched.kind === "no_dry_run" ? "invalid_state" : launched.kind,
      reason: launched.message,
      campaignId,
    });
  return { status: "started", reason: launched.message, campaignId };
}
