import "server-only";
import { db } from "@/lib/db";
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
    words: describeCron(row.cron, row.timeZone),
    enabled: row.enabled,
    nextSlotAt: row.enabled ? row.nextSlotAt : null,
    lastRun: row.runs[0] ?? null,
  }));
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
  return {
    ...schedule,
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
