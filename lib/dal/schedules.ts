import "server-only";
import { describeTargetSpec, type TargetSpec } from "@/lib/campaigns/targets";
import { db } from "@/lib/db";
import { compileGlob } from "@/lib/patterns/glob";
import { storedTargetSpec } from "@/lib/schedules/campaign";
import { describeCron, nextSlots } from "@/lib/schedules/cron";
import { visibleRepositoryWhere, type Viewer } from "@/lib/visibility/scope";

/** Schedules the viewer owns (an admin: everyone's), with when they run in words. */
export async function listSchedules(viewer: Viewer) {
  const rows = await db.schedule.findMany({
    where: viewer.role === "admin" ? {} : { ownerId: viewer.id },
    orderBy: [{ enabled: "desc" }, { nextSlotAt: "asc" }],
    take: 200,
    include: {
      owner: { select: { login: true } },
      template: { select: { name: true } },
      runs: { orderBy: { slot: "desc" }, take: 1, select: { status: true, slot: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    owner: row.owner.login,
    template: row.template.name,
    repository: row.repository,
    /** Where it runs, in words: the repository, or the campaign's targets. */
    where: whereItRuns(row),
    words: describeCron(row.cron, row.timeZone),
    enabled: row.enabled,
    nextSlotAt: row.enabled ? row.nextSlotAt : null,
    lastRun: row.runs[0] ?? null,
  }));
}

/** "acme/web", or "a campaign over repositories in acme named payments-*". */
function whereItRuns(schedule: { target: string; repository: string | null; targetSpec: unknown }) {
  if (schedule.target === "repository") return schedule.repository ?? "";
  const spec = storedTargetSpec(schedule.targetSpec);
  return `a campaign over ${spec ? describeTargetSpec(spec) : "repositories (its selection no longer reads)"}`;
}

/**
 * One schedule with its next five slots and its latest runs; null when it does not exist or the
 * viewer may not see it (not theirs, not an admin). Run tasks are listed only when visible.
 */
export async function getSchedule(id: string, viewer: Viewer, now = new Date()) {
  const schedule = await db.schedule.findUnique({
    where: { id },
    include: {
      owner: { select: { login: true } },
      template: { select: { id: true, name: true } },
      runs: { orderBy: { slot: "desc" }, take: 50 },
    },
  });
  if (!schedule || (viewer.role !== "admin" && schedule.ownerId !== viewer.id)) return null;
  const taskIds = schedule.runs.flatMap((run) => run.taskIds);
  const tasks = taskIds.length
    ? await db.task.findMany({
        where: { id: { in: taskIds }, repository: visibleRepositoryWhere(viewer) },
        select: { id: true, state: true, name: true },
      })
    : [];
  const byId = new Map(tasks.map((task) => [task.id, task]));
  // The runs' campaigns were created by the schedule's owner, whom the viewer is (or an admin).
  const campaignIds = schedule.runs.flatMap((run) => (run.campaignId ? [run.campaignId] : []));
  const campaigns = campaignIds.length
    ? await db.campaign.findMany({
        where: { id: { in: campaignIds } },
        select: { id: true, name: true, status: true },
      })
    : [];
  const campaignById = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  return {
    ...schedule,
    where: whereItRuns(schedule),
    words: describeCron(schedule.cron, schedule.timeZone),
    upcoming: schedule.enabled
      ? nextSlots(
          schedule.cron,
          schedule.timeZone,
          new Date(Math.max(now.getTime(), schedule.lastSlotAt?.getTime() ?? 0)),
          5,
        )
      : [],
    runs: schedule.runs.map((run) => ({
      ...run,
      tasks: run.taskIds.map((taskId) => byId.get(taskId) ?? { id: taskId, state: null, name: null }),
      // Deleted since: the link stays out.
      campaign: run.campaignId ? (campaignById.get(run.campaignId) ?? null) : null,
    })),
  };
}

/** What the new-schedule form starts with for this template: a repository the person used last. */
export async function scheduleFormDefaults(viewer: Viewer) {
  const recent = await db.launch.findFirst({
    where: { userId: viewer.id, status: "started" },
    orderBy: { createdAt: "desc" },
    select: { owner: true, repo: true },
  });
  if (recent) return { repository: `${recent.owner}/${recent.repo}` };
  const visible = await db.repository.findFirst({
    where: visibleRepositoryWhere(viewer),
    orderBy: [{ owner: "asc" }, { name: "asc" }],
    select: { owner: true, name: true },
  });
  return { repository: visible ? `${visible.owner}/${visible.name}` : "" };
}

export type TargetMatches = {
  /** Repositories the spec names (a list) or matches among those the viewer can see. */
  matches: number;
  /** Of those, how many Switchyard knows the viewer can see (a list may name others). */
  visible: number;
};

/**
 * How many repositories a campaign target spec matches now, from Switchyard's copy of what the viewer
 * can see (kept by the worker from GitHub; topics and archived from repository facts). No GitHub
 * call: each run's dry run reads GitHub again, with the owner's own access.
 */
export async function countTargetMatches(viewer: Viewer, spec: TargetSpec): Promise<TargetMatches> {
  if (spec.kind === "list") {
    const listed = [...new Set(spec.repositories.map((entry) => entry.toLowerCase()))];
    const rows = await db.repository.findMany({
      where: {
        AND: [
          visibleRepositoryWhere(viewer),
          {
            OR: listed.map((entry) => {
              const [owner = "", name = ""] = entry.split("/");
              return {
                owner: { equals: owner, mode: "insensitive" as const },
                name: { equals: name, mode: "insensitive" as const },
              };
            }),
          },
        ],
      },
      select: { owner: true, name: true },
    });
    const seen = new Set(rows.map((row) => `${row.owner}/${row.name}`.toLowerCase()));
    return { matches: listed.length, visible: seen.size };
  }
  const rows = await db.repository.findMany({
    where: {
      AND: [
        visibleRepositoryWhere(viewer),
        { owner: { equals: spec.org, mode: "insensitive" } },
        { NOT: { facts: { is: { archived: true } } } },
        spec.kind === "topic" ? { facts: { is: { topics: { has: spec.topic } } } } : {},
      ],
    },
    select: { name: true },
  });
  const matches = spec.kind === "pattern" ? compileGlob(spec.pattern) : () => true;
  const count = rows.filter((row) => matches(row.name.toLowerCase())).length;
  return { matches: count, visible: count };
}
