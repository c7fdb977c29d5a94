"use server";

import { z } from "zod";
import { failure, type ActionResult } from "./action-result";
import { TASK_STATES } from "@/components/task-states";
import { asGitHubUser, TokenUnavailableError } from "@/lib/auth/user-github";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { recordLaunchFailed, recordLaunchIntent, recordLaunchStarted } from "@/lib/sync/launch";
import { watchUser } from "@/lib/sync/schedule";
import {
  getRepoTask as fetchRepoTask,
  getTask as fetchTask,
  GitHubError,
  listMyTasks as fetchMyTasks,
  listRepoTasks as fetchRepoTasks,
  ownerSchema,
  repoSchema,
  startTask as createTask,
  startTaskInputSchema,
  type StartedTask,
} from "@/lib/github";

export type { ActionResult } from "./action-result";

/** The POST may have reached GitHub: a timeout, a reset or a 5xx, as opposed to a refusal (4xx). */
function outcomeMayBeStarted(error: unknown): boolean {
  if (error instanceof TokenUnavailableError) return false;
  if (error instanceof GitHubError)
    return error.kind === "unavailable" || error.status === undefined || error.status >= 500;
  return true;
}

export type StartedTaskSummary = { id: string; state: string; htmlUrl: string | null; repo: string };

/** Starts an agent task under the caller's own GitHub identity, and audits it either way. */
export async function startTaskAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<StartedTaskSummary>> {
  const user = await requireUser();
  const values = Object.fromEntries(
    [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const parsed = startTaskInputSchema.safeParse(values);
  if (!parsed.success) {
    return {
      values,
      ok: false,
      kind: "invalid_input",
      message: "Check the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    };
  }
  const input = parsed.data;
  const audit = {
    actorId: user.id,
    actorLogin: user.login,
    githubIdentity: user.login,
    action: "task.start",
  };
  // The intent is on record before the POST: a crash between the two leaves a visible launch.
  const launch = await recordLaunchIntent(db, { userId: user.id, githubLogin: user.login, params: input });
  let task: StartedTask;
  try {
    task = await asGitHubUser(user.id, (client) => createTask(client, input));
  } catch (error) {
    const result = { ...failure(error), values };
    const outcomeUnknown = outcomeMayBeStarted(error);
    if (outcomeUnknown) {
      result.kind = "outcome_unknown";
      result.message =
        "GitHub did not confirm the start, so the task may or may not exist. Switchyard has recorded " +
        "this launch and checks GitHub before starting it again. Look for it on the tasks page first.";
    }
    await recordLaunchFailed(db, launch.id, outcomeUnknown ? "unknown" : "failed", result);
    await db.auditEvent.create({
      data: {
        ...audit,
        outcome: result.kind,
        details: { input, launchId: launch.id, error: result.message },
      },
    });
    return result;
  }

  // The task exists. Storing it here only saves waiting for the next sync, which would find it anyway.
  await recordLaunchStarted(db, launch.id, task, input).catch((error: unknown) =>
    console.error("could not store a started task:", error instanceof Error ? error.message : error),
  );
  await db.auditEvent.create({
    data: { ...audit, targetType: "agent_task", targetId: task.id, details: { input, launchId: launch.id } },
  });
  // Poll this person closely for the task's first minute.
  await watchUser(db, user.id).catch(() => {});
  return {
    ok: true,
    data: {
      id: task.id,
      state: task.state,
      htmlUrl: task.html_url ?? null,
      repo: `${input.owner}/${input.repo}`,
    },
  };
}

const taskIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "not a task id");

export type TaskSnapshot = {
  id: string;
  state: string;
  name: string | null;
  updatedAt: string | null;
  error: string | null;
};

const taskLocatorSchema = z.union([
  taskIdSchema,
  z.object({ task_id: taskIdSchema, owner: ownerSchema, repo: repoSchema }),
]);

/**
 * Reads one task (with its sessions) from GitHub with the caller's token: by id, or by repository
 * and id. The task store replaces most live reads once sync lands.
 */
export async function getTaskAction(locator: unknown): Promise<ActionResult<TaskSnapshot>> {
  const user = await requireUser();
  const parsed = taskLocatorSchema.safeParse(locator);
  if (!parsed.success) return { ok: false, kind: "invalid_input", message: "That is not a task id." };
  const where = parsed.data;
  try {
    const task = await asGitHubUser(user.id, (client) =>
      typeof where === "string" ? fetchTask(client, { task_id: where }) : fetchRepoTask(client, where),
    );
    const latest = task.sessions?.at(-1);
    return {
      ok: true,
      data: {
        id: task.id,
        state: task.state,
        name: task.name ?? null,
        updatedAt: task.updated_at ?? null,
        error: latest?.error?.message ?? null,
      },
    };
  } catch (error) {
    return failure(error);
  }
}

const listFiltersSchema = z.object({
  per_page: z.number().int().min(1).max(100).optional(),
  page: z.number().int().min(1).optional(),
  sort: z.enum(["updated_at", "created_at"]).optional(),
  direction: z.enum(["asc", "desc"]).optional(),
  state: z.array(z.enum(TASK_STATES)).optional(),
  is_archived: z.boolean().optional(),
  since: z.iso.datetime().optional(),
});

const repoListSchema = listFiltersSchema.extend({
  owner: ownerSchema,
  repo: repoSchema,
  creator_id: z.array(z.number().int().positive()).max(30).optional(),
});

type TaskListPage = {
  tasks: { id: string; state: string; name?: string; updated_at?: string }[];
  totalActive: number | null;
};

function toQuery(filters: z.infer<typeof listFiltersSchema>) {
  return { ...filters, state: filters.state?.join(",") };
}

/** One page of the caller's own tasks across repositories, read live from GitHub. */
export async function listMyTasksAction(input: unknown): Promise<ActionResult<TaskListPage>> {
  const user = await requireUser();
  const filters = listFiltersSchema.safeParse(input ?? {});
  if (!filters.success) return { ok: false, kind: "invalid_input", message: z.prettifyError(filters.error) };
  try {
    const result = await asGitHubUser(user.id, (client) => fetchMyTasks(client, toQuery(filters.data)));
    if (result.notModified) return { ok: true, data: { tasks: [], totalActive: null } };
    return {
      ok: true,
      data: { tasks: result.data.tasks, totalActive: result.data.total_active_count ?? null },
    };
  } catch (error) {
    return failure(error);
  }
}

/** One page of a repository's tasks (every collaborator's, or `creator_id`'s), read live from GitHub. */
export async function listRepoTasksAction(input: unknown): Promise<ActionResult<TaskListPage>> {
  const user = await requireUser();
  const parsed = repoListSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid_input", message: z.prettifyError(parsed.error) };
  const { owner, repo, creator_id, ...filters } = parsed.data;
  try {
    const result = await asGitHubUser(user.id, (client) =>
      fetchRepoTasks(client, { owner, repo, creator_id, ...toQuery(filters) }),
    );
    if (result.notModified) return { ok: true, data: { tasks: [], totalActive: null } };
    return {
      ok: true,
      data: { tasks: result.data.tasks, totalActive: result.data.total_active_count ?? null },
    };
  } catch (error) {
    return failure(error);
  }
}
