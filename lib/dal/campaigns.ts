import "server-only";
import { campaignEstimate, type CampaignEstimate } from "@/lib/costs/estimate";
import { formatCreditsNano, trimDecimal } from "@/lib/costs/money";
import {
  Prisma,
  type CampaignDryRun,
  type CampaignStatus,
  type CampaignTargetStatus,
} from "@/generated/prisma/client";
import { TASK_STATES, type TaskState } from "@/lib/task-states";
import type { DryRunCheck } from "@/lib/campaigns/dry-run-labels";
import type { SignedInUser } from "@/lib/auth/session";
import { burndownEnd, burndownSeries, type Burndown } from "@/lib/campaigns/burndown";
import { TASK_OUTCOMES, type TaskOutcome } from "@/lib/outcomes/labels";
import { taskOutcomeSql } from "@/lib/outcomes/outcome";
import { canManageCampaign } from "@/lib/campaigns/lifecycle";
import { describeTargetSpec, targetSpecSchema, type TargetSpec } from "@/lib/campaigns/targets";
import { db } from "@/lib/db";
import { FailureError } from "@/lib/errors";
import { decodeKeyset, encodeKeyset } from "@/lib/format/keyset";
import { formatCredits } from "@/lib/sync/mapping";
import { templateParametersSchema } from "@/lib/templates/parameter-schema";
import type { TemplateParameter } from "@/lib/templates/parameters";
import { ensureStarterTemplates } from "@/lib/templates/starters";
import { seesEverything, visibleRepositorySql, visibleTaskWhere, type Viewer } from "@/lib/visibility/scope";

/**
 * SQL: campaign target `t` is one the viewer may see. A resolved target: its repository is visible
 * to them. An unresolved one (a name the dry run could not read): unless Switchyard knows a
 * repository by that name that is hidden from them (a name it does not know refers to nothing).
 */
export function visibleTargetSql(viewer: Viewer, target: Prisma.Sql): Prisma.Sql {
  if (seesEverything(viewer)) return Prisma.sql`TRUE`;
  return Prisma.sql`(CASE WHEN ${target}."repositoryId" IS NOT NULL
    THEN ${visibleRepositorySql(viewer, Prisma.sql`${target}."repositoryId"`)}
    ELSE NOT EXISTS (SELECT 1 FROM "Repository" hidden
      WHERE lower(hidden.owner) = lower(${target}.owner) AND lower(hidden.name) = lower(${target}.name)
        AND NOT ${visibleRepositorySql(viewer, Prisma.sql`hidden.id`)}) END)`;
}

/** Names among `names` ("owner/name") of repositories Switchyard knows and the viewer cannot see. */
export async function hiddenRepositoryNames(viewer: Viewer, names: string[]): Promise<Set<string>> {
  if (seesEverything(viewer) || names.length === 0) return new Set();
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT lower(r.owner || '/' || r.name) AS name FROM "Repository" r
    WHERE lower(r.owner || '/' || r.name) = ANY(${names.map((name) => name.toLowerCase())})
      AND NOT ${visibleRepositorySql(viewer, Prisma.sql`r.id`)}`;
  return new Set(rows.map((row) => row.name));
}

export const TARGET_STATUSES = [
  "pending",
  "starting",
  "unknown",
  "started",
  "failed",
  "cancelled",
  "excluded",
] as const satisfies readonly CampaignTargetStatus[];

export type CampaignListRow = {
  id: string;
  name: string;
  status: CampaignStatus;
  templateName: string;
  templateVersion: number;
  owner: string;
  createdBy: string;
  createdAt: string;
  launchedAt: string | null;
  /** Targets that get (or got) a task: neither excluded nor cancelled. */
  scope: number;
  started: number;
  finished: number;
  credits: string;
  premiumRequests: string;
};

/** How many campaigns one page of the list shows. */
export const CAMPAIGN_PAGE_SIZE = 50;

export type CampaignPage = { rows: CampaignListRow[]; nextCursor: string | null };

/**
 * Campaigns, newest first, keyset-paged on (created, id), with progress and cost counted over the
 * targets and tasks the viewer can see (a campaign's name is Switchyard's, not GitHub's, so every
 * campaign is listed). A cursor that is not one of ours is refused (invalid_input).
 */
export async function listCampaigns(
  viewer: Viewer,
  { cursor = null, limit = CAMPAIGN_PAGE_SIZE }: { cursor?: string | null; limit?: number } = {},
): Promise<CampaignPage> {
  const after = cursor ? decodeKeyset(cursor, 1) : null;
  if (cursor && !after)
    throw new FailureError("invalid_input", "That page link is not valid: start again from the first page.");
  const take = Math.min(Math.max(limit, 1), 200);
  const page = after
    ? Prisma.sql`WHERE (c."createdAt", c.id) < (${after.times[0]!}, ${after.id})`
    : Prisma.empty;
  const found = await db.$queryRaw<
    {
      id: string;
      name: string;
      status: CampaignStatus;
      templateName: string;
      version: number;
      ownerLogin: string | null;
      ownerTeam: string | null;
      creatorLogin: string | null;
      createdAt: Date;
      launchedAt: Date | null;
      scope: bigint;
      started: bigint;
      finished: bigint;
      credits: bigint;
      premium: string;
    }[]
  >`
    SELECT c.id, c.name, c.status, tp.name AS "templateName", v.version,
      ou.login AS "ownerLogin", ot.name AS "ownerTeam", cu.login AS "creatorLogin",
      c."createdAt", c."launchedAt",
      coalesce(x.scope, 0) AS scope, coalesce(x.started, 0) AS started, coalesce(x.finished, 0) AS finished,
      coalesce(k.credits, 0)::bigint AS credits, coalesce(k.premium, 0)::text AS premium
    FROM "Campaign" c
    JOIN "TemplateVersion" v ON v.id = c."templateVersionId"
    JOIN "Template" tp ON tp.id = v."templateId"
    JOIN "User" cu ON cu.id = c."createdById"
    LEFT JOIN "User" ou ON ou.id = c."ownerUserId"
    LEFT JOIN "Team" ot ON ot.id = c."ownerTeamId"
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE t.status NOT IN ('excluded', 'cancelled')) AS scope,
        count(*) FILTER (WHERE t.status = 'started') AS started,
        count(*) FILTER (WHERE task.state IN ('completed', 'failed', 'timed_out', 'cancelled')) AS finished
      FROM "CampaignTarget" t LEFT JOIN "Task" task ON task.id = t."taskId"
      WHERE t."campaignId" = c.id AND ${visibleTargetSql(viewer, Prisma.sql`t`)}
    ) x ON true
    LEFT JOIN LATERAL (
      SELECT sum(task."creditsNano") AS credits, sum(task."premiumRequests") AS premium
      FROM "Task" task WHERE task."campaignId" = c.id
        AND ${visibleRepositorySql(viewer, Prisma.sql`task."repositoryId"`)}
    ) k ON true
    ${page}
    ORDER BY c."createdAt" DESC, c.id DESC
    LIMIT ${take + 1}`;
  const rows = found.slice(0, take);
  const last = rows.at(-1);
  const nextCursor = found.length > take && last ? encodeKeyset([last.createdAt], last.id) : null;
  return {
    nextCursor,
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      templateName: row.templateName,
      templateVersion: row.version,
      owner: row.ownerTeam ?? row.ownerLogin ?? row.creatorLogin ?? "—",
      createdBy: row.creatorLogin ?? "—",
      createdAt: row.createdAt.toISOString(),
      launchedAt: row.launchedAt?.toISOString() ?? null,
      scope: Number(row.scope),
      started: Number(row.started),
      finished: Number(row.finished),
      credits: formatCredits(row.credits),
      premiumRequests: trimDecimal(row.premium),
    })),
  };
}

function skippedOf(value: Prisma.JsonValue | undefined): { repository: string; reason: string }[] {
  return Array.isArray(value) ? (value as { repository: string; reason: string }[]) : [];
}

/** Where a campaign's dry run stands (the page polls it while it runs). */
export type DryRunProgress = {
  running: boolean;
  checked: number;
  total: number | null;
  error: string | null;
  /** Repositories left out before checking, less those hidden from the viewer. */
  skipped: { repository: string; reason: string }[];
};

/** The dry run's row as progress; `hidden`: lower-cased names the viewer may not see (hiddenRepositoryNames). */
export function dryRunProgress(
  dryRun: CampaignDryRun | null | undefined,
  hidden: Set<string>,
): DryRunProgress {
  return {
    running: Boolean(dryRun?.requestedAt),
    checked: dryRun?.checked ?? 0,
    total: dryRun?.total ?? null,
    error: dryRun?.error ?? null,
    skipped: skippedOf(dryRun?.skipped).filter((entry) => !hidden.has(entry.repository.toLowerCase())),
  };
}

export type CampaignDetail = NonNullable<Awaited<ReturnType<typeof getCampaign>>>;

/**
 * One campaign with its settings, and counts by target status and by task state, canary progress
 * and cost over the targets and tasks the viewer can see.
 */
export async function getCampaign(id: string, viewer: Viewer) {
  const campaign = await db.campaign.findUnique({
    where: { id },
    include: {
      templateVersion: { include: { template: { select: { id: true, name: true, slug: true } } } },
      ownerUser: { select: { id: true, login: true } },
      ownerTeam: { select: { id: true, name: true } },
      createdBy: { select: { id: true, login: true } },
      dryRun: true,
    },
  });
  if (!campaign) return null;
  const tasksSeen = { campaignId: id, ...visibleTaskWhere(viewer) };
  const [targetCounts, taskCounts, cost, canary, approver, hidden, outcomeCounts] = await Promise.all([
    db.$queryRaw<{ status: CampaignTargetStatus; count: bigint }[]>`
      SELECT t.status, count(*) AS count FROM "CampaignTarget" t
      WHERE t."campaignId" = ${id} AND ${visibleTargetSql(viewer, Prisma.sql`t`)} GROUP BY t.status`,
    db.task.groupBy({ by: ["state"], where: tasksSeen, _count: { _all: true } }),
    db.task.aggregate({ where: tasksSeen, _sum: { creditsNano: true, premiumRequests: true } }),
    db.$queryRaw<{ size: bigint; started: bigint; finished: bigint; succeeded: bigint }[]>`
      SELECT count(*) AS size, count(t."taskId") AS started,
        count(*) FILTER (WHERE task.state IN ('completed', 'failed', 'timed_out', 'cancelled')) AS finished,
        count(*) FILTER (WHERE task.state = 'completed') AS succeeded
      FROM "CampaignTarget" t LEFT JOIN "Task" task ON task.id = t."taskId"
      WHERE t."campaignId" = ${id} AND t.canary AND ${visibleTargetSql(viewer, Prisma.sql`t`)}`,
    campaign.approvedById
      ? db.user.findUnique({ where: { id: campaign.approvedById }, select: { login: true } })
      : null,
    // Repositories the dry run left out before checking are named too: only those the viewer may see.
    hiddenRepositoryNames(
      viewer,
      skippedOf(campaign.dryRun?.skipped).map((entry) => entry.repository),
    ),
    // Outcomes of the started targets: their task's latest pull request, or why there is none.
    db.$queryRaw<{ outcome: TaskOutcome; count: bigint }[]>`
      SELECT ${taskOutcomeSql("task", "p")} AS outcome, count(*) AS count
      FROM "CampaignTarget" t JOIN "Task" task ON task.id = t."taskId"
      LEFT JOIN LATERAL (
        SELECT pr.* FROM "TaskPullRequest" tp JOIN "PullRequest" pr ON pr.id = tp."pullRequestId"
        WHERE tp."taskId" = task.id ORDER BY tp."linkedAt" DESC LIMIT 1
      ) p ON true
      WHERE t."campaignId" = ${id} AND ${visibleTargetSql(viewer, Prisma.sql`t`)} GROUP BY 1`,
  ]);
  const outcomes = Object.fromEntries(TASK_OUTCOMES.map((o) => [o, 0])) as Record<TaskOutcome, number>;
  for (const row of outcomeCounts) outcomes[row.outcome] = Number(row.count);
  const targets = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0])) as Record<
    CampaignTargetStatus,
    number
  >;
  for (const row of targetCounts) targets[row.status] = Number(row.count);
  const tasks = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const row of taskCounts) tasks[row.state] = row._count._all;
  const spec = targetSpecSchema.safeParse(campaign.targetSpec);
  const parameters = templateParametersSchema.safeParse(campaign.templateVersion.parameters);
  const c = canary[0];
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    status: campaign.status,
    pausedReason: campaign.pausedReason,
    template: campaign.templateVersion.template,
    templateVersion: {
      id: campaign.templateVersion.id,
      version: campaign.templateVersion.version,
      parameters: parameters.success ? parameters.data : ([] as TemplateParameter[]),
    },
    parameters: (campaign.parameters ?? {}) as Record<string, string | boolean>,
    targetSpec: spec.success ? spec.data : null,
    targetDescription: spec.success ? describeTargetSpec(spec.data) : "targets not valid",
    ownerUser: campaign.ownerUser,
    ownerTeam: campaign.ownerTeam,
    owner: campaign.ownerTeam?.name ?? campaign.ownerUser?.login ?? campaign.createdBy.login ?? "—",
    createdById: campaign.createdById,
    createdBy: campaign.createdBy.login ?? "—",
    launchedById: campaign.launchedById,
    launchedByLogin: campaign.launchedByLogin,
    model: campaign.model,
    customAgent: campaign.customAgent,
    createPullRequest: campaign.createPullRequest,
    baseRef: campaign.baseRef,
    maxInFlight: campaign.maxInFlight,
    startsPerMinute: campaign.startsPerMinute,
    canarySize: campaign.canarySize,
    canarySuccessThreshold: campaign.canarySuccessThreshold,
    canaryApprovedAt: campaign.canaryApprovedAt?.toISOString() ?? null,
    failurePauseThreshold: campaign.failurePauseThreshold,
    failurePauseMinFinished: campaign.failurePauseMinFinished,
    requiresApproval: campaign.requiresApproval,
    approvedBy: approver?.login ?? null,
    approvedAt: campaign.approvedAt?.toISOString() ?? null,
    dryRunAt: campaign.dryRun?.completedAt?.toISOString() ?? null,
    dryRun: dryRunProgress(campaign.dryRun, hidden),
    launchedAt: campaign.launchedAt?.toISOString() ?? null,
    completedAt: campaign.completedAt?.toISOString() ?? null,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
    counts: { targets, tasks, outcomes },
    canary: {
      size: Number(c?.size ?? 0),
      started: Number(c?.started ?? 0),
      finished: Number(c?.finished ?? 0),
      succeeded: Number(c?.succeeded ?? 0),
    },
    cost: {
      credits: formatCredits(cost._sum.creditsNano ?? 0n),
      premiumRequests: trimDecimal(cost._sum.premiumRequests?.toString() ?? "0"),
    },
  };
}

export type CampaignTargetRow = {
  id: string;
  repository: string;
  status: CampaignTargetStatus;
  skipReason: string | null;
  canary: boolean;
  position: number;
  checks: DryRunCheck[];
  warnings: string[];
  prompt: string | null;
  startedAt: string | null;
  attempts: number;
  task: {
    id: string;
    state: TaskState;
    name: string | null;
    htmlUrl: string | null;
    credits: string;
    hasPullRequest: boolean;
    headRef: string | null;
    errorMessage: string | null;
    updatedAt: string;
  } | null;
};

/** Per-repository rows the viewer may see, in start order, joined with their task's state and credits. */
export async function listCampaignTargets(
  id: string,
  viewer: Viewer,
  /** `changedSince`: only targets whose row or task changed since then (the live table's polls). */
  options: { withPrompts?: boolean; changedSince?: Date } = {},
): Promise<CampaignTargetRow[]> {
  const changed = options.changedSince
    ? Prisma.sql`AND (t."updatedAt" > ${options.changedSince} OR EXISTS (SELECT 1 FROM "Task" k
        WHERE k.id = t."taskId" AND k."lastConfirmedAt" > ${options.changedSince}))`
    : Prisma.empty;
  const visible = await db.$queryRaw<{ id: string }[]>`
    SELECT t.id FROM "CampaignTarget" t WHERE t."campaignId" = ${id} AND ${visibleTargetSql(viewer, Prisma.sql`t`)} ${changed}`;
  const targets = await db.campaignTarget.findMany({
    where: { campaignId: id, id: { in: visible.map((row) => row.id) } },
    orderBy: { position: "asc" },
    select: {
      id: true,
      owner: true,
      name: true,
      status: true,
      skipReason: true,
      canary: true,
      position: true,
      checks: true,
      warnings: true,
      prompt: options.withPrompts ?? false,
      startedAt: true,
      attempts: true,
      taskId: true,
    },
  });
  const taskIds = targets.flatMap((t) => (t.taskId ? [t.taskId] : []));
  const tasks = taskIds.length
    ? await db.task.findMany({
        where: { id: { in: taskIds }, ...visibleTaskWhere(viewer) },
        select: {
          id: true,
          state: true,
          name: true,
          htmlUrl: true,
          creditsNano: true,
          pullRequestId: true,
          headRef: true,
          errorMessage: true,
          githubUpdatedAt: true,
        },
      })
    : [];
  const byId = new Map(tasks.map((task) => [task.id, task]));
  return targets.map((target) => {
    const task = target.taskId ? byId.get(target.taskId) : undefined;
    return {
      id: target.id,
      repository: `${target.owner}/${target.name}`,
      status: target.status,
      skipReason: target.skipReason,
      canary: target.canary,
      position: target.position,
      checks: (Array.isArray(target.checks) ? target.checks : []) as DryRunCheck[],
      warnings: target.warnings,
      prompt: (target as { prompt?: string | null }).prompt ?? null,
      startedAt: target.startedAt?.toISOString() ?? null,
      attempts: target.attempts,
      task: task
        ? {
            id: task.id,
            state: task.state,
            name: task.name,
            htmlUrl: task.htmlUrl,
            credits: formatCredits(task.creditsNano),
            hasPullRequest: task.pullRequestId !== null,
            headRef: task.headRef,
            errorMessage: task.errorMessage,
            updatedAt: task.githubUpdatedAt.toISOString(),
          }
        : null,
    };
  });
}

/**
 * For each time bucket since launch: targets not finished yet, and targets started so far. A target
 * is finished when its task reached a terminal state (the last time it entered one, from
 * TaskStateChange); excluded and cancelled targets are out of scope.
 */
export async function getCampaignBurndown(
  id: string,
  viewer: Viewer,
  now = new Date(),
  buckets = 30,
): Promise<Burndown | null> {
  const campaign = await db.campaign.findUnique({
    where: { id },
    select: { launchedAt: true, completedAt: true, status: true },
  });
  if (!campaign?.launchedAt) return null;
  const rows = await db.$queryRaw<
    { startedAt: Date | null; finishedAt: Date | null; mergedAt: Date | null }[]
  >`
    SELECT t."startedAt",
      CASE WHEN task.state IN ('completed', 'failed', 'timed_out', 'cancelled') THEN coalesce(
        (SELECT max(s."githubUpdatedAt") FROM "TaskStateChange" s
          WHERE s."taskId" = task.id AND s."toState" = task.state), task."stateSince") END AS "finishedAt",
      (SELECT max(p."mergedAt") FROM "TaskPullRequest" tp JOIN "PullRequest" p ON p.id = tp."pullRequestId"
        WHERE tp."taskId" = task.id) AS "mergedAt"
    FROM "CampaignTarget" t LEFT JOIN "Task" task ON task.id = t."taskId"
    WHERE t."campaignId" = ${id} AND t.status NOT IN ('excluded', 'cancelled')
      AND ${visibleTargetSql(viewer, Prisma.sql`t`)}`;
  return burndownSeries(rows, campaign.launchedAt, burndownEnd(rows, campaign.completedAt, now), buckets);
}

export type TemplateOption = {
  id: string;
  name: string;
  description: string;
  versions: {
    id: string;
    version: number;
    parameters: TemplateParameter[];
    defaultModel: string | null;
    defaultCreatePullRequest: boolean;
    defaultBaseRef: string | null;
    changeNote: string | null;
  }[];
};

/** Templates a campaign can use (not archived), each with its versions newest first. */
export async function listTemplateOptions(): Promise<TemplateOption[]> {
  await ensureStarterTemplates(db);
  const templates = await db.template.findMany({
    where: { archivedAt: null },
    orderBy: { name: "asc" },
    include: { versions: { orderBy: { version: "desc" } } },
  });
  return templates
    .filter((template) => template.versions.length > 0)
    .map((template) => ({
      id: template.id,
      name: template.name,
      description: template.description,
      versions: template.versions.map((version) => {
        const parameters = templateParametersSchema.safeParse(version.parameters);
        return {
          id: version.id,
          version: version.version,
          parameters: parameters.success ? parameters.data : [],
          defaultModel: version.defaultModel,
          defaultCreatePullRequest: version.defaultCreatePullRequest,
          defaultBaseRef: version.defaultBaseRef,
          changeNote: version.changeNote,
        };
      }),
    }));
}

export type { TargetSpec };

export type CampaignView = {
  campaign: CampaignDetail;
  targets: CampaignTargetRow[];
  burndown: Burndown | null;
  /** The viewer may change it (creator, owner, owning team member, admin). */
  canManage: boolean;
  /** Its tasks start under the viewer's GitHub identity: only then may they make more start. */
  isLauncher: boolean;
  isAdmin: boolean;
  /** When the targets were read (the database's clock): the next poll asks for what changed since. */
  asOf: string;
  /** `targets` holds only the rows that changed since the poll's `since`; merge them by id. */
  changedOnly: boolean;
  /** What it will cost (the dry run's estimate) and, once running, the projection. */
  estimate: CampaignEstimateView;
};

/** lib/costs/estimate.ts's figures as credits for display (every campaign task counts). */
export type CampaignEstimateView = {
  basis: CampaignEstimate["basis"];
  sample: number;
  targets: number;
  perTask: string | null;
  estimated: string | null;
  spent: string;
  projected: string | null;
};

function estimateView(estimate: CampaignEstimate): CampaignEstimateView {
  const credits = (nano: bigint | null) => (nano === null ? null : formatCreditsNano(nano));
  return {
    basis: estimate.basis,
    sample: estimate.sample,
    targets: estimate.targets,
    perTask: credits(estimate.perTaskNano),
    estimated: credits(estimate.estimatedNano),
    spent: formatCreditsNano(estimate.spentNano),
    projected: credits(estimate.projectedNano),
  };
}

/**
 * A poll asks for targets changed since the last one's `asOf`, less this much: a writer whose
 * transaction began before that moment may commit after it, and its rows must not be missed.
 */
const CHANGE_OVERLAP_MS = 10_000;

/** Everything the campaign page shows (what the viewer may see of it), for the page and its polling route. */
export async function getCampaignView(
  id: string,
  viewer: Viewer & Pick<SignedInUser, "login">,
  /** `draftTargets: false`: a draft comes without its targets (its page reads them a page at a time). */
  options: { withPrompts?: boolean; changedSince?: Date; draftTargets?: boolean } = {},
): Promise<CampaignView | null> {
  const campaign = await getCampaign(id, viewer);
  if (!campaign) return null;
  const [[{ now: asOf }], targets, burndown, canManage, estimate] = await Promise.all([
    db.$queryRaw<[{ now: Date }]>`SELECT now()`,
    campaign.status === "draft" && options.draftTargets === false
      ? []
      : listCampaignTargets(id, viewer, {
          withPrompts: options.withPrompts ?? campaign.status === "draft",
          ...(options.changedSince
            ? { changedSince: new Date(options.changedSince.getTime() - CHANGE_OVERLAP_MS) }
            : {}),
        }),
    getCampaignBurndown(id, viewer),
    canManageCampaign(db, viewer, {
      createdById: campaign.createdById,
      ownerUserId: campaign.ownerUser?.id ?? null,
      ownerTeamId: campaign.ownerTeam?.id ?? null,
    }),
    campaignEstimate(db, { id, templateId: campaign.template.id }),
  ]);
  return {
    campaign,
    targets,
    burndown,
    canManage,
    isLauncher: campaign.launchedById === viewer.id,
    isAdmin: viewer.role === "admin",
    asOf: asOf.toISOString(),
    changedOnly: Boolean(options.changedSince),
    estimate: estimateView(estimate),
  };
}
