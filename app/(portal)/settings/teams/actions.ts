"use server";

import { adminAction } from "@/lib/actions/kit";
import { fail, ok, type ErrorCode } from "@/lib/result";
import { asGitHubUser } from "@/lib/auth/user-github";
import {
  addTeamMember,
  deleteTeam,
  getTeam,
  removeTeamMember,
  saveTeamForm,
  type MemberChangeResult,
} from "@/lib/dal/teams";
import { listTeamMembers } from "@/lib/github";
import { setTeamMembersByLogin } from "@/lib/triage/ownership";
import { byIdSchema, teamMemberSchema, teamSchema } from "@/lib/settings/inputs";

const revalidate = ["/settings/teams", "/settings/routing", "/settings"];

/** Creates or updates a team: name, the GitHub team it mirrors, and its webhook. */
export const saveTeamAction = adminAction(
  { name: "team.save", input: teamSchema, revalidate },
  async (input, ctx) => {
    const saved = await saveTeamForm(ctx.db, input);
    ctx.audit({
      action: input.id ? "team.update" : "team.create",
      targetType: "team",
      targetId: saved.ok ? saved.id : input.id,
      details: saved.details,
    });
    if (saved.ok) return ok({ id: saved.id, name: input.name, secret: saved.secret });
    if (saved.reason === "not_found") return fail("not_found", "That team no longer exists.");
    if (saved.reason === "secret_without_webhook")
      return fail("invalid_input", "Check the highlighted fields.", {
        fieldErrors: { newSecret: ["A secret signs webhook messages: add a webhook URL first."] },
      });
    return saved.field === "name"
      ? fail("conflict", `A team named “${input.name}” already exists. Pick another name.`, {
          fieldErrors: { name: ["That name is taken."] },
        })
      : fail("conflict", `Another team already mirrors ${input.githubOrg}/${input.githubSlug}.`, {
          fieldErrors: { githubSlug: ["Another team mirrors this GitHub team."] },
        });
  },
);

/** Deletes a team; refused while routing rules still send work to it. */
export const deleteTeamAction = adminAction(
  { name: "team.delete", input: byIdSchema, invalidMessage: "That is not a team.", revalidate },
  async ({ id }, ctx) => {
    ctx.audit({ targetType: "team", targetId: id });
    const result = await deleteTeam(ctx.db, id);
    if (result.ok) {
      ctx.audit({ details: { name: result.name } });
      return ok({ name: result.name });
    }
    if (result.reason === "not_found") return fail("not_found", "That team no longer exists.");
    ctx.audit({ details: { rules: result.rules } });
    return fail(
      "conflict",
      `Routing rules still send work to this team (${result.rules.join(", ")}). Change or delete them first.`,
    );
  },
);

const MEMBER_FAILURES: Record<Extract<MemberChangeResult, { ok: false }>["reason"], [ErrorCode, string]> = {
  team_not_found: ["not_found", "That team no longer exists."],
  not_signed_in: ["invalid_input", "Only people who have signed in to Switchyard can join a team."],
  already_member: ["conflict", "They are already a member."],
  not_member: ["not_found", "They are not a member of this team."],
};

function memberAction(kind: "add" | "remove") {
  return adminAction(
    { name: `team.member.${kind}`, input: teamMemberSchema, revalidate },
    async (input, ctx) => {
      ctx.audit({ targetType: "team", targetId: input.teamId, details: { userId: input.userId } });
      const result = await (kind === "add" ? addTeamMember : removeTeamMember)(ctx.db, input);
      if (!result.ok) {
        const [code, message] = MEMBER_FAILURES[result.reason];
        return fail(code, message, {
          fieldErrors: result.reason === "team_not_found" ? undefined : { userId: [message] },
        });
      }
      ctx.audit({ details: { userId: input.userId, login: result.login } });
      return ok({ login: result.login, teamName: result.teamName });
    },
  );
}

/** Adds a person who has signed in to a team. */
export const addTeamMemberAction = memberAction("add");
export const removeTeamMemberAction = memberAction("remove");

/**
 * Reads a mirrored team's members from GitHub now, with the admin's own token, and keeps the
 * Switchyard members among them (people Switchyard does not know yet are left out).
 */
export const syncTeamFromGitHubAction = adminAction(
  {
    name: "team.sync_from_github",
    input: byIdSchema,
    invalidMessage: "That is not a team.",
    transaction: false,
    github: true,
    revalidate,
  },
  async ({ id }, ctx) => {
    ctx.audit({ targetType: "team", targetId: id });
    const team = await getTeam(id);
    if (!team) return fail("not_found", "That team no longer exists.");
    const { githubOrg: org, githubSlug: slug } = team;
    if (!org || !slug) return fail("invalid_state", "Set the team's GitHub organisation and slug first.");
    ctx.audit({ details: { github: `${org}/${slug}` } });
    const logins = await asGitHubUser(ctx.user.id, (client) =>
      listTeamMembers(client, { org, teamSlug: slug }),
    );
    const members = await ctx.transaction(async (tx) => {
      const count = await setTeamMembersByLogin(tx, team.id, logins);
      ctx.audit({ details: { github: `${org}/${slug}`, members: count } });
      return count;
    });
    return ok({ members });
  },
);
