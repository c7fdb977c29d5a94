"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createSavedView, deleteSavedView } from "@/lib/dal/saved-views";
import { asGitHubUser } from "@/lib/auth/user-github";
import { getRepoTask } from "@/lib/github";
import { storeDetails } from "@/lib/sync/common";
import { failure, type ActionResult } from "@/lib/tasks/action-result";
import { parseTaskFilters, taskFiltersToSearchParams } from "@/lib/validations/task-filters";

const saveViewSchema = z.object({
  name: z.string().trim().min(1, "Give the view a name.").max(80, "Keep names under 80 characters."),
  query: z.string().max(4000),
});

/** Saves the current queue filters under a name everyone can see. */
export async function saveViewAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string }>> {
  const user = await requireUser();
  const parsed = saveViewSchema.safeParse({ name: formData.get("name"), query: formData.get("query") ?? "" });
  if (!parsed.success)
    return {
      ok: false,
      kind: "invalid_input",
      message: "Check the view's name.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      values: { name: String(formData.get("name") ?? "") },
    };
  const filters = parseTaskFilters(new URLSearchParams(parsed.data.query));
  if (!filters.ok) return { ok: false, kind: "invalid_input", message: "These filters are not valid." };
  // Stored normalised, so the same filters always give the same link.
  const query = taskFiltersToSearchParams(filters.filters).toString();
  const saved = await createSavedView({ name: parsed.data.name, query, userId: user.id });
  await db.auditEvent.create({
    data: {
      actorId: user.id,
      actorLogin: user.login,
      action: "saved_view.create",
      targetType: "saved_view",
      targetId: saved.ok ? saved.id : null,
      details: { name: parsed.data.name, query },
      outcome: saved.ok ? "ok" : "conflict",
    },
  });
  if (!saved.ok)
    return {
      ok: false,
      kind: "conflict",
      message: `A view named “${parsed.data.name}” already exists. Pick another name.`,
      fieldErrors: { name: ["That name is taken."] },
      values: { name: parsed.data.name },
    };
  revalidatePath("/tasks");
  return { ok: true, data: { id: saved.id } };
}

export async function deleteViewAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const id = z.string().min(1).max(64).safeParse(formData.get("id"));
  if (!id.success) return;
  const result = await deleteSavedView({ id: id.data, viewer: user });
  await db.auditEvent.create({
    data: {
      actorId: user.id,
      actorLogin: user.login,
      action: "saved_view.delete",
      targetType: "saved_view",
      targetId: id.data,
      details: result.ok ? { name: result.view.name, query: result.view.query } : {},
      outcome: result.ok ? "ok" : result.reason,
    },
  });
  revalidatePath("/tasks");
}

const taskIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** Re-reads one task (and its sessions) from GitHub now, under the viewer's own token. */
export async function refreshTaskAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ state: string }>> {
  const user = await requireUser();
  const id = taskIdSchema.safeParse(formData.get("taskId"));
  if (!id.success) return { ok: false, kind: "invalid_input", message: "That is not a task id." };
  const task = await db.task.findUnique({
    where: { id: id.data },
    select: { id: true, repository: { select: { owner: true, name: true } } },
  });
  if (!task) return { ok: false, kind: "not_found", message: "Switchyard does not know this task." };
  const audit = {
    actorId: user.id,
    actorLogin: user.login,
    githubIdentity: user.login,
    action: "task.refresh",
    targetType: "agent_task",
    targetId: task.id,
  };
  try {
    const fresh = await asGitHubUser(user.id, (client) =>
      getRepoTask(client, { owner: task.repository.owner, repo: task.repository.name, task_id: task.id }),
    );
    await storeDetails(db, [fresh], "refresh");
    await db.auditEvent.create({ data: { ...audit, details: { state: fresh.state } } });
    revalidatePath(`/tasks/${task.id}`);
    return { ok: true, data: { state: fresh.state } };
  } catch (error) {
    const result = failure(error);
    if (result.kind === "not_found")
      result.message = "GitHub did not show you this task: your account cannot see its repository.";
    await db.auditEvent.create({
      data: { ...audit, outcome: result.kind, details: { error: result.message } },
    });
    return result;
  }
}
