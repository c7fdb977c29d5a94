"use server";

import { z } from "zod";
import { fail, ok } from "@/lib/result";
import { userAction } from "@/lib/actions/kit";
import { createSavedView, deleteSavedView, MAX_SAVED_VIEWS } from "@/lib/dal/saved-views";
import { refreshTask } from "@/lib/tasks/refresh";
import { openPullRequestForTask } from "@/lib/outcomes/open-pull";
import { idSchema, taskIdSchema } from "@/lib/validations/common";
import { parseTaskFilters, taskFiltersToSearchParams } from "@/lib/validations/task-filters";

const saveViewSchema = z.object({
  name: z.string().trim().min(1, "Give the view a name.").max(80, "Keep names under 80 characters."),
  query: z.string().max(4000).default(""),
});

/** Saves the current queue filters under a name everyone can see. */
export const saveViewAction = userAction(
  {
    name: "saved_view.create",
    input: saveViewSchema,
    invalidMessage: "Check the view's name.",
    revalidate: ["/tasks"],
  },
  async ({ name, query }, ctx) => {
    const filters = parseTaskFilters(new URLSearchParams(query));
    if (!filters.ok) return fail("invalid_input", "These filters are not valid.");
    // Stored normalised, so the same filters always give the same link.
    const normalised = taskFiltersToSearchParams(filters.filters).toString();
    const saved = await createSavedView(ctx.db, { name, query: normalised, userId: ctx.user.id });
    if (!saved.ok)
      return saved.reason === "conflict"
        ? fail("conflict", `A view named “${name}” already exists. Pick another name.`, {
            fieldErrors: { name: ["That name is taken."] },
          })
        : fail("invalid_state", `There are already ${MAX_SAVED_VIEWS} saved views. Delete one first.`);
    ctx.audit({ targetType: "saved_view", targetId: saved.id, details: { name, query: normalised } });
    return ok({ id: saved.id });
  },
);

/** Deletes a saved view (its creator or an admin). */
export const deleteViewAction = userAction(
  { name: "saved_view.delete", input: z.object({ id: idSchema }), revalidate: ["/tasks"] },
  async ({ id }, ctx) => {
    ctx.audit({ targetType: "saved_view", targetId: id });
    const result = await deleteSavedView(ctx.db, { id, viewer: ctx.user });
    if (!result.ok)
      return result.reason === "not_found"
        ? fail("not_found", "That view no longer exists.")
        : fail("forbidden", "Only the view's creator or an admin can delete it.");
    ctx.audit({ details: { name: result.view.name, query: result.view.query } });
    return ok(null);
  },
);

/** Re-reads one task (and its sessions) from GitHub now, under the viewer's own token. */
export const refreshTaskAction = userAction(
  {
    name: "task.refresh",
    input: z.object({ taskId: taskIdSchema }),
    invalidMessage: "That is not a task id.",
    transaction: false,
    github: true,
    revalidate: ({ taskId }) => [`/tasks/${taskId}`],
  },
  async ({ taskId }, ctx) => {
    ctx.audit({ targetType: "agent_task", targetId: taskId });
    return refreshTask(ctx.user, taskId, ctx.recordIn);
  },
);

/** Opens the pull request a completed task's branch lacks, as the viewer on GitHub. */
export const openPullRequestAction = userAction(
  {
    name: "task.open_pull_request",
    input: z.object({ taskId: taskIdSchema }),
    invalidMessage: "That is not a task id.",
    transaction: false,
    github: true,
    revalidate: ({ taskId }) => [`/tasks/${taskId}`, "/tasks"],
  },
  async ({ taskId }, ctx) => {
    ctx.audit({ targetType: "agent_task", targetId: taskId });
    return openPullRequestForTask(ctx.user, taskId, ctx.recordIn);
  },
);
