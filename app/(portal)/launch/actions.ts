"use server";

import { userAction } from "@/lib/actions/kit";
import { actingAs } from "@/lib/auth/user-github";
import { startFromLaunchForm, previewLaunch } from "@/lib/tasks/launch-form";
import { launchFormSchema, launchPreviewSchema } from "@/lib/validations/launch";
import { linkEditedRetry } from "@/lib/triage/operations";

/**
 * Starts an agent task under the caller's own GitHub identity. With a template, the prompt is the
 * template rendered here for the chosen repository; with `previous_task_id`, it is Edit and retry.
 */
export const startTaskAction = userAction(
  { name: "task.start", input: launchFormSchema, transaction: false, github: true },
  async (form, ctx) =>
    startFromLaunchForm(actingAs(ctx.user), form, {
      record: ctx.recordIn,
      linkPrevious: (tx, previousTaskId, nextTaskId) =>
        linkEditedRetry(tx, ctx.user, previousTaskId, nextTaskId, ctx.recordIn),
    }),
);

/** What a launch would send (the prompt for this repository, what its policy changes), before it is sent. */
export const previewLaunchAction = userAction(
  {
    name: "launch.preview",
    input: launchPreviewSchema,
    invalidMessage: "Choose a repository to see the preview.",
    transaction: false,
    github: true,
  },
  async (request, ctx) => previewLaunch(actingAs(ctx.user), request),
);
