import "server-only";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { settleRepositorySetup } from "@/lib/repositories/setup";

export type SetupStepState = "pending" | "running" | "done" | "failed" | "unknown";

export type RepositorySetupView = {
  id: string;
  repository: string;
  repositoryUrl: string | null;
  visibility: string;
  defaultBranch: string | null;
  templateRepository: string | null;
  templateName: string | null;
  owningTeam: string | null;
  status: string;
  errorKind: string | null;
  errorMessage: string | null;
  createdAt: string;
  by: string;
  repositoryStep: SetupStepState;
  taskStep: SetupStepState;
  task: {
    id: string;
    state: string;
    name: string | null;
    htmlUrl: string | null;
    errorMessage: string | null;
  } | null;
  launchStatus: string | null;
  prompt: string | null;
  /** Resume starts only the missing step; false while the outcome of the last start is unknown. */
  canResume: boolean;
};

const FINAL_REPOSITORY_FAILURES = new Set(["name_taken", "forbidden", "not_found", "invalid_input"]);

function steps(
  status: string,
  errorKind: string | null,
): { repositoryStep: SetupStepState; taskStep: SetupStepState } {
  switch (status) {
    case "creating_repository":
      return {
        repositoryStep: errorKind === "repository_unknown" ? "unknown" : "running",
        taskStep: "pending",
      };
    case "repository_failed":
      return { repositoryStep: "failed", taskStep: "pending" };
    case "repository_created":
      return { repositoryStep: "done", taskStep: "pending" };
    case "starting_task":
      return { repositoryStep: "done", taskStep: "running" };
    case "task_failed":
      return { repositoryStep: "done", taskStep: "failed" };
    case "task_unknown":
      return { repositoryStep: "done", taskStep: "unknown" };
    default:
      return { repositoryStep: "done", taskStep: "done" };
  }
}

function canResume(status: string, errorKind: string | null, updatedAt: Date, now: number): boolean {
  if (status === "task_failed" || status === "repository_created") return true;
  if (status === "repository_failed") return !FINAL_REPOSITORY_FAILURES.has(errorKind ?? "");
  if (status === "creating_repository")
    return errorKind === "repository_unknown" || updatedAt.getTime() < now - 60_000;
  return false;
}

/** One setup, brought up to date with its launch, if the viewer started it (or is an admin). */
export async function getRepositorySetup(
  id: string,
  viewer: Pick<SignedInUser, "id" | "role">,
): Promise<RepositorySetupView | null> {
  const owned = await db.repositorySetup.findUnique({ where: { id }, select: { userId: true } });
  if (!owned || (owned.userId !== viewer.id && viewer.role !== "admin")) return null;
  const setup = await settleRepositorySetup(db, id);
  if (!setup) return null;
  const [task, launch, team, version] = await Promise.all([
    setup.taskId
      ? db.task.findUnique({
          where: { id: setup.taskId },
          select: { id: true, state: true, name: true, htmlUrl: true, errorMessage: true },
        })
      : null,
    setup.launchId ? db.launch.findUnique({ where: { id: setup.launchId }, select: { status: true } }) : null,
    setup.owningTeamId
      ? db.team.findUnique({ where: { id: setup.owningTeamId }, select: { name: true } })
      : null,
    setup.templateVersionId
      ? db.templateVersion.findUnique({
          where: { id: setup.templateVersionId },
          select: { version: true, template: { select: { name: true } } },
        })
      : null,
  ]);
  return {
    id: setup.id,
    repository: `${setup.org}/${setup.name}`,
    repositoryUrl: setup.repositoryUrl,
    visibility: setup.visibility,
    defaultBranch: setup.defaultBranch,
    templateRepository: setup.templateRepository,
    templateName: version ? `${version.template.name} (v${version.version})` : null,
    owningTeam: team?.name ?? null,
    status: setup.status,
    errorKind: setup.errorKind,
    errorMessage: setup.errorMessage,
    createdAt: setup.createdAt.toISOString(),
    by: setup.githubLogin,
    ...steps(setup.status, setup.errorKind),
    task: task
      ? { ...task, state: task.state as string }
      : setup.taskId
        ? { id: setup.taskId, state: "queued", name: null, htmlUrl: null, errorMessage: null }
        : null,
    launchStatus: launch?.status ?? null,
    prompt: setup.prompt,
    canResume: canResume(setup.status, setup.errorKind, setup.updatedAt, new Date().getTime()),
  };
}

export type RecentSetup = {
  id: string;
  repository: string;
  status: string;
  errorMessage: string | null;
  createdAt: string;
  taskState: string | null;
};

/** The viewer's most recent setups, each with its status: nothing half-done goes unseen. */
export async function listRecentRepositorySetups(
  viewer: Pick<SignedInUser, "id">,
  take = 10,
): Promise<RecentSetup[]> {
  const setups = await db.repositorySetup.findMany({
    where: { userId: viewer.id },
    orderBy: { createdAt: "desc" },
    take,
  });
  const taskIds = setups.flatMap((setup) => (setup.taskId ? [setup.taskId] : []));
  const tasks = taskIds.length
    ? await db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, state: true } })
    : [];
  const stateOf = new Map(tasks.map((task) => [task.id, task.state as string]));
  return setups.map((setup) => ({
    id: setup.id,
    repository: `${setup.org}/${setup.name}`,
    status: setup.status,
    errorMessage: setup.errorMessage,
    createdAt: setup.createdAt.toISOString(),
    taskState: setup.taskId ? (stateOf.get(setup.taskId) ?? "queued") : null,
  }));
}

/** Teams a new repository can be registered to. */
export async function listTeamsForSetup() {
  return db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}
