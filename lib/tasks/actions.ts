"use server";

import { z } from "zod";
import { TASK_STATES } from "@/components/task-states";
import { asGitHubUser } from "@/lib/auth/user-github";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import {
  getRepoTask as fetchRepoTask,
  getTask as fetchTask,
  listMyTasks as fetchMyTasks,
  listRepoTasks as fetchRepoTasks,
  ownerSchema,
  repoSchema,
  startTaskInputSchema,
} from "@/lib/github";
import { failure, formValues, type ActionResult } from "./action-result";
import { startTaskAs } from "./start";

export type { ActionResult } from "./action-result";

import type { StartedTaskSummary } from "./start";
export type { StartedTaskSummary };

/** Starts an agent task under the caller's own GitHub identity, and audits it either way. */
export async function startTaskAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<StartedTaskSummary>> {
  const user = await requireUser();
  const values = formValues(formData);
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
  // Edit and retry: the new task is the next attempt of an earlier one.
  const previous = z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .safeParse(values.previous_task_id);
  const previousTask = previous.success
    ? await db.task.findUnique({ where: { id: previous.data }, select: { id: true } })
    : null;
  const result = await startTaskAs(user, parsed.data, {
    values,
    ...(previousTask ? { kind: "edit_retry", previousTaskId: previousTask.id } : {}),
  });
  if (result.ok && previousTask)
    await db.triageItem.updateMany({
      where: { taskId: previousTask.id, status: { not: "resolved" } },
      data: { nextTaskId: result.data.id },
    });
  return result;
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
