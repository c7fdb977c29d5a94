"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/actions/kit";
import { fail, ok } from "@/lib/result";
import { getRepositorySetup } from "@/lib/dal/repository-setups";
import { setupDepsFor } from "@/lib/repositories/app";
import { forgetPickerCache } from "@/lib/repositories/pickers";
import { resumeRepositorySetup } from "@/lib/repositories/setup";
import { setupFailureResult, setupFormSchema, startSetupFromForm } from "@/lib/repositories/setup-form";
import { idSchema } from "@/lib/validations/common";

/**
 * Records a new-repository setup, creates the repository on GitHub and starts its setup task, then
 * opens its status page. A refusal to create the repository comes back to the form.
 */
export const createRepositorySetupAction = userAction(
  {
    name: "repository_setup.create",
    input: setupFormSchema,
    transaction: false,
    github: true,
    redirect: ({ id }: { id: string }) => `/launch/new-repository/${id}`,
  },
  async (form, ctx) => {
    const result = await startSetupFromForm(setupDepsFor(ctx.user, ctx.recordIn), form);
    // A new repository shows in the pickers; a failed attempt joins the recent setups under the form.
    forgetPickerCache(ctx.user.id);
    if (!result.ok) revalidatePath("/launch/new-repository");
    return result;
  },
);

/** Runs only the step that is missing (the repository, or the setup task). */
export const resumeRepositorySetupAction = userAction(
  { name: "repository_setup.resume", input: z.object({ id: idSchema }), transaction: false, github: true },
  async ({ id }, ctx) => {
    ctx.audit({ targetType: "repository_setup", targetId: id });
    const view = await getRepositorySetup(id, ctx.user);
    if (!view) return fail("not_found", "No such setup, or it is not yours.");
    if (!view.canResume)
      return view.status === "task_unknown"
        ? fail(
            "outcome_unknown",
            "GitHub has not confirmed whether the setup task started. Switchyard checks with GitHub first; resume becomes possible only if it was not created.",
          )
        : fail("invalid_state", "There is nothing to resume for this setup.");
    const outcome = await resumeRepositorySetup(setupDepsFor(ctx.user, ctx.recordIn), id);
    const next = await getRepositorySetup(id, ctx.user);
    if (!outcome || !next) return fail("not_found", "No such setup.");
    if (outcome.failure) return setupFailureResult(outcome.failure);
    return ok(next);
  },
);
