"use server";

import { adminAction } from "@/lib/actions/kit";
import { fail, ok } from "@/lib/result";
import {
  createRepositoryPolicy,
  deleteRepositoryPolicy,
  moveRepositoryPolicy,
  setRepositoryOwningTeam,
  updateRepositoryPolicy,
} from "@/lib/dal/repository-policies";
import { byIdSchema, moveSchema, repositoryOwnerSchema, repositoryPolicySchema } from "@/lib/settings/inputs";

const revalidate = ["/settings/policies", "/settings"];

/** Creates a policy (placed last) or updates one. */
export const saveRepositoryPolicyAction = adminAction(
  { name: "repository_policy.save", input: repositoryPolicySchema, revalidate },
  async ({ id, ...policy }, ctx) => {
    ctx.audit({
      action: id ? "repository_policy.update" : "repository_policy.create",
      targetType: "repository_policy",
      targetId: id,
      details: policy,
    });
    if (id && !(await updateRepositoryPolicy(ctx.db, id, policy)))
      return fail("not_found", "That policy no longer exists.");
    const policyId = id ?? (await createRepositoryPolicy(ctx.db, { ...policy, createdById: ctx.user.id })).id;
    ctx.audit({ targetId: policyId });
    return ok({ id: policyId, pattern: policy.pattern });
  },
);

export const deleteRepositoryPolicyAction = adminAction(
  {
    name: "repository_policy.delete",
    input: byIdSchema,
    invalidMessage: "That is not a policy.",
    revalidate,
  },
  async ({ id }, ctx) => {
    ctx.audit({ targetType: "repository_policy", targetId: id });
    const deleted = await deleteRepositoryPolicy(ctx.db, id);
    if (!deleted) return fail("not_found", "That policy no longer exists.");
    ctx.audit({ details: deleted });
    return ok(deleted);
  },
);

/** Swaps a policy with the one above or below it. */
export const moveRepositoryPolicyAction = adminAction(
  { name: "repository_policy.move", input: moveSchema, invalidMessage: "That is not a move.", revalidate },
  async ({ id, direction }, ctx) => {
    ctx.audit({ targetType: "repository_policy", targetId: id, details: { direction } });
    const result = await moveRepositoryPolicy(ctx.db, { id, direction });
    if (!result.ok) return fail("not_found", "That policy no longer exists.");
    ctx.audit({ details: { pattern: result.pattern, direction, moved: result.moved } });
    return ok({ moved: result.moved });
  },
);

/** Sets or clears the team owning a known repository (triage routes its work there). */
export const setRepositoryOwnerAction = adminAction(
  { name: "repository.owning_team.set", input: repositoryOwnerSchema, revalidate },
  async ({ repository, teamId }, ctx) => {
    ctx.audit({
      action: teamId ? "repository.owning_team.set" : "repository.owning_team.clear",
      targetType: "repository",
      targetId: repository.fullName,
      details: { teamId },
    });
    const result = await setRepositoryOwningTeam(ctx.db, { ...repository, teamId });
    if (!result.ok)
      return fail("not_found", "Check the highlighted fields.", {
        fieldErrors:
          result.reason === "repository_not_found"
            ? {
                repository: [
                  "Switchyard does not know this repository yet: it appears once a task runs in it.",
                ],
              }
            : { teamId: ["That team no longer exists."] },
      });
    ctx.audit({
      targetId: result.fullName,
      details: { teamId, team: result.teamName, previousTeam: result.previousTeamName },
    });
    return ok({ repository: result.fullName, teamName: result.teamName });
  },
);
