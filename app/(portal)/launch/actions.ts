"use server";

import { operationAction, userAction } from "@/lib/actions/kit";
import { startTaskOperation } from "@/lib/operations/tasks";
import { previewLaunch } from "@/lib/tasks/launch-form";
import { launchPreviewSchema } from "@/lib/validations/launch";

export const startTaskAction = operationAction(startTaskOperation);

/** What a launch would send (the prompt for this repository, what its policy changes), before it is sent. */
export const previewLaunchAction = userAction(
  {
    name: "launch.preview",
    input: launchPreviewSchema,
    invalidMessage: "Choose a repository to see the preview.",
    transaction: false,
    github: true,
  },
  async (request, ctx) => previewLaunch(ctx.acting(), request),
);
