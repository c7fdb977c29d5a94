"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { requireAdmin, type SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import {
  addTeamMember,
  createRepositoryPolicy,
  createRoutingRule,
  deleteRepositoryPolicy,
  deleteRoutingRule,
  deleteTeam,
  getTeam,
  isSignedInUser,
  moveRepositoryPolicy,
  moveRoutingRule,
  removeTeamMember,
  saveSlaTargets,
  saveTeam,
  setRepositoryOwningTeam,
  updateRepositoryPolicy,
  updateRoutingRule,
  type MemberChangeResult,
} from "@/lib/dal/settings";
import { asGitHubUser } from "@/lib/auth/user-github";
import { TASK_MODELS } from "@/lib/github/schemas";
import { newWebhookSecret } from "@/lib/notifications/webhook";
import { failure, type ActionResult } from "@/lib/tasks/action-result";
import { repositoryPatternSchema } from "@/lib/validations/patterns";
import { webhookUrlSchema } from "@/lib/validations/webhook";
import { mirrorGitHubTeam } from "@/lib/triage/ownership";
import { MAX_SLA_MINUTES, MIN_SLA_MINUTES } from "@/lib/triage/sla";
import { NEEDS_HUMAN_STATES } from "@/lib/tasks/states";

type Failure = Extract<ActionResult<never>, { ok: false }>;

async function audit(
  user: SignedInUser,
  event: {
    action: string;
    targetType: string;
    targetId: string | null;
    details: Prisma.InputJsonObject;
    outcome?: string;
  },
) {
  await db.auditEvent.create({
    data: { actorId: user.id, actorLogin: user.login, outcome: "ok", ...event },
  });
}

function invalid(error: z.ZodError, values: Record<string, string>): Failure {
  return {
    ok: false,
    kind: "invalid_input",
    message: "Check the highlighted fields.",
    fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>,
    values,
  };
}

/** The named fields of a form as trimmed strings (what the person typed, for showing it again). */
function formValues(formData: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? "").trim()]));
}

/** An optional text field: blank means "not set" (preprocess, not a union, keeps the field's own message). */
function blankOr<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? null : value), schema.nullable());
}

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const optionalId = z.union([z.literal("").transform(() => undefined), idSchema]);
const nameSchema = (what: string) =>
  z.string().min(1, `Give the ${what} a name.`).max(80, "Keep names under 80 characters.");
const refSchema = (what: string) =>
  z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, `Use the ${what}'s id: letters, digits, - and _.`);
const githubOrgSchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "Use a GitHub organisation login, e.g. acme.");

// ---------------------------------------------------------------------------------------------
// Teams

const teamSchema = z
  .object({
    id: optionalId,
    name: nameSchema("team"),
    githubOrg: blankOr(githubOrgSchema.transform((value) => value.toLowerCase())),
    githubSlug: blankOr(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,100}$/, "Use the team's slug as in its GitHub URL, e.g. payments.")
        .transform((value) => value.toLowerCase()),
    ),
    webhookUrl: z.union([z.literal(""), webhookUrlSchema]),
    removeWebhook: z.boolean(),
    newSecret: z.boolean(),
    digestMinutes: blankOr(
      z.coerce
        .number({ error: "Enter whole minutes." })
        .int("Use whole minutes.")
        .min(5, "At least 5 minutes.")
        .max(1440, "At most 1,440 minutes (a day)."),
    ),
  })
  .superRefine((team, ctx) => {
    if (Boolean(team.githubOrg) !== Boolean(team.githubSlug))
      ctx.addIssue({
        code: "custom",
        path: [team.githubOrg ? "githubSlug" : "githubOrg"],
        message: "Give both the organisation and the team slug, or neither.",
      });
    if (team.removeWebhook && team.webhookUrl)
      ctx.addIssue({
        code: "custom",
        path: ["webhookUrl"],
        message: "Either enter a new URL or remove the webhook, not both.",
      });
  });

const TEAM_FIELDS = ["id", "name", "githubOrg", "githubSlug", "webhookUrl", "digestMinutes"] as const;

export type SavedTeam = {
  id: string;
  name: string;
  /** A newly generated webhook signing secret: shown once, never stored anywhere readable. */
  secret?: string;
};

/** Creates or updates a team: name, the GitHub team it mirrors, and its webhook. */
export async function saveTeamAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<SavedTeam>> {
  const user = await requireAdmin();
  const values = {
    ...formValues(formData, TEAM_FIELDS),
    removeWebhook: formData.get("removeWebhook") === "on" ? "on" : "",
    newSecret: formData.get("newSecret") === "on" ? "on" : "",
  };
  const parsed = teamSchema.safeParse({
    ...values,
    removeWebhook: values.removeWebhook === "on",
    newSecret: values.newSecret === "on",
  });
  if (!parsed.success) return invalid(parsed.error, values);
  const input = parsed.data;
  try {
    const existing = input.id ? await getTeam(input.id) : null;
    if (input.id && !existing)
      return { ok: false, kind: "not_found", message: "That team no longer exists.", values };
    // undefined keeps the stored webhook; null removes it.
    const webhookUrl = input.removeWebhook ? null : input.webhookUrl || undefined;
    const hasWebhook = webhookUrl === undefined ? Boolean(existing?.webhookHost) : webhookUrl !== null;
    if (input.newSecret && !hasWebhook)
      return {
        ok: false,
        kind: "invalid_input",
        message: "Check the highlighted fields.",
        fieldErrors: { newSecret: ["A secret signs webhook messages: add a webhook URL first."] },
        values,
      };
    const secret = input.newSecret ? newWebhookSecret() : undefined;
    const saved = await saveTeam({
      id: input.id,
      name: input.name,
      githubOrg: input.githubOrg,
      githubSlug: input.githubSlug,
      webhookUrl,
      webhookSecret: secret,
      digestMinutes: hasWebhook ? input.digestMinutes : null,
    });
    // Only the webhook's host: the rest of a Slack URL is a credential. Never the secret.
    const details = {
      name: input.name,
      githubTeam: input.githubOrg ? `${input.githubOrg}/${input.githubSlug}` : null,
      webhookHost: webhookUrl
        ? new URL(webhookUrl).host
        : webhookUrl === null
          ? null
          : (existing?.webhookHost ?? null),
      webhookRemoved: webhookUrl === null && Boolean(existing?.webhookHost),
      secretRotated: Boolean(secret),
      digestMinutes: hasWebhook ? input.digestMinutes : null,
    };
    const action = input.id ? "team.update" : "team.create";
    if (!saved.ok) {
      await audit(user, {
        action,
        targetType: "team",
        targetId: input.id ?? null,
        details,
        outcome: saved.reason,
      });
      if (saved.reason === "not_found")
        return { ok: false, kind: "not_found", message: "That team no longer exists.", values };
      return saved.field === "name"
        ? {
            ok: false,
            kind: "conflict",
            message: `A team named “${input.name}” already exists. Pick another name.`,
            fieldErrors: { name: ["That name is taken."] },
            values,
          }
        : {
            ok: false,
            kind: "conflict",
            message: `Another team already mirrors ${details.githubTeam}.`,
            fieldErrors: { githubSlug: ["Another team mirrors this GitHub team."] },
            values,
          };
    }
    await audit(user, { action, targetType: "team", targetId: saved.id, details });
    revalidatePath("/settings");
    return { ok: true, data: { id: saved.id, name: input.name, secret } };
  } catch (error) {
    return { ...failure(error), values };
  }
}

/** Deletes a team; refused while routing rules still send work to it. */
export async function deleteTeamAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ name: string }>> {
  const user = await requireAdmin();
  const id = idSchema.safeParse(formData.get("id"));
  if (!id.success) return { ok: false, kind: "invalid_input", message: "That is not a team." };
  try {
    const result = await deleteTeam(id.data);
    await audit(user, {
      action: "team.delete",
      targetType: "team",
      targetId: id.data,
      details: result.ok ? { name: result.name } : result.reason === "in_use" ? { rules: result.rules } : {},
      outcome: result.ok ? "ok" : result.reason,
    });
    if (!result.ok)
      return result.reason === "in_use"
        ? {
            ok: false,
            kind: "conflict",
            message: `Routing rules still send work to this team (${result.rules.join(", ")}). Change or delete them first.`,
          }
        : { ok: false, kind: "not_found", message: "That team no longer exists." };
    revalidatePath("/settings");
    return { ok: true, data: { name: result.name } };
  } catch (error) {
    return failure(error);
  }
}

const memberSchema = z.object({
  teamId: idSchema,
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a person."),
});

const MEMBER_MESSAGES: Record<Extract<MemberChangeResult, { ok: false }>["reason"], string> = {
  team_not_found: "That team no longer exists.",
  not_signed_in: "Only people who have signed in to Switchyard can join a team.",
  already_member: "They are already a member.",
  not_member: "They are not a member of this team.",
};

async function changeMember(
  kind: "add" | "remove",
  formData: FormData,
): Promise<ActionResult<{ login: string; teamName: string }>> {
  const user = await requireAdmin();
  const values = formValues(formData, ["teamId", "userId"]);
  const parsed = memberSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const result = await (kind === "add" ? addTeamMember : removeTeamMember)(parsed.data);
    await audit(user, {
      action: `team.member.${kind}`,
      targetType: "team",
      targetId: parsed.data.teamId,
      details: { userId: parsed.data.userId, ...(result.ok ? { login: result.login } : {}) },
      outcome: result.ok ? "ok" : result.reason,
    });
    if (!result.ok)
      return {
        ok: false,
        kind: result.reason === "team_not_found" || result.reason === "not_member" ? "not_found" : "conflict",
        message: MEMBER_MESSAGES[result.reason],
        fieldErrors:
          result.reason === "team_not_found" ? undefined : { userId: [MEMBER_MESSAGES[result.reason]] },
        values,
      };
    revalidatePath("/settings");
    return { ok: true, data: { login: result.login, teamName: result.teamName } };
  } catch (error) {
    return { ...failure(error), values };
  }
}

/** Adds a person who has signed in to a team. */
export async function addTeamMemberAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ login: string; teamName: string }>> {
  return changeMember("add", formData);
}

export async function removeTeamMemberAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ login: string; teamName: string }>> {
  return changeMember("remove", formData);
}

// ---------------------------------------------------------------------------------------------
// Routing rules

const ruleSchema = z
  .object({
    id: optionalId,
    name: nameSchema("rule"),
    repositoryPattern: blankOr(repositoryPatternSchema),
    organisation: blankOr(githubOrgSchema),
    campaignId: blankOr(refSchema("campaign")),
    templateId: blankOr(refSchema("template")),
    states: z
      .array(z.enum(NEEDS_HUMAN_STATES, "Pick states that need a human."))
      .transform((states) => [...new Set(states)]),
    target: z
      .string()
      .regex(/^(user|team):[A-Za-z0-9_-]{1,64}$/, "Choose a person or a team to send the work to."),
    matchAll: z.boolean(),
  })
  .superRefine((rule, ctx) => {
    const hasMatcher = Boolean(
      rule.repositoryPattern || rule.organisation || rule.campaignId || rule.templateId || rule.states.length,
    );
    if (!hasMatcher && !rule.matchAll)
      ctx.addIssue({
        code: "custom",
        path: ["matchers"],
        message: "Give at least one condition, or tick “Match every item”.",
      });
    if (hasMatcher && rule.matchAll)
      ctx.addIssue({
        code: "custom",
        path: ["matchAll"],
        message: "Untick “Match every item”, or clear the conditions.",
      });
  });

const RULE_FIELDS = [
  "id",
  "name",
  "repositoryPattern",
  "organisation",
  "campaignId",
  "templateId",
  "target",
] as const;

/** Creates a rule (placed last) or updates one. */
export async function saveRoutingRuleAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string; name: string }>> {
  const user = await requireAdmin();
  const states = formData.getAll("states").map(String);
  const values = {
    ...formValues(formData, RULE_FIELDS),
    states: states.join(","),
    matchAll: formData.get("matchAll") === "on" ? "on" : "",
  };
  const parsed = ruleSchema.safeParse({ ...values, states, matchAll: values.matchAll === "on" });
  if (!parsed.success) return invalid(parsed.error, values);
  const { id, target, matchAll: _matchAll, ...fields } = parsed.data;
  const [targetType, targetId] = target.split(":") as ["user" | "team", string];
  try {
    const targetOk =
      targetType === "user"
        ? await isSignedInUser(targetId)
        : (await db.team.count({ where: { id: targetId } })) === 1;
    if (!targetOk)
      return {
        ok: false,
        kind: "invalid_input",
        message: "Check the highlighted fields.",
        fieldErrors: {
          target: [
            targetType === "user"
              ? "Only people who have signed in to Switchyard can own work."
              : "That team no longer exists.",
          ],
        },
        values,
      };
    const input = {
      ...fields,
      targetUserId: targetType === "user" ? targetId : null,
      targetTeamId: targetType === "team" ? targetId : null,
    };
    let ruleId: string;
    if (id) {
      if (!(await updateRoutingRule(id, input)))
        return { ok: false, kind: "not_found", message: "That rule no longer exists.", values };
      ruleId = id;
    } else {
      ruleId = (await createRoutingRule({ ...input, createdById: user.id })).id;
    }
    await audit(user, {
      action: id ? "routing_rule.update" : "routing_rule.create",
      targetType: "routing_rule",
      targetId: ruleId,
      details: input,
    });
    revalidatePath("/settings");
    return { ok: true, data: { id: ruleId, name: input.name } };
  } catch (error) {
    return { ...failure(error), values };
  }
}

export async function deleteRoutingRuleAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ name: string }>> {
  const user = await requireAdmin();
  const id = idSchema.safeParse(formData.get("id"));
  if (!id.success) return { ok: false, kind: "invalid_input", message: "That is not a routing rule." };
  try {
    const deleted = await deleteRoutingRule(id.data);
    await audit(user, {
      action: "routing_rule.delete",
      targetType: "routing_rule",
      targetId: id.data,
      details: deleted ? { name: deleted.name } : {},
      outcome: deleted ? "ok" : "not_found",
    });
    if (!deleted) return { ok: false, kind: "not_found", message: "That rule no longer exists." };
    revalidatePath("/settings");
    return { ok: true, data: deleted };
  } catch (error) {
    return failure(error);
  }
}

const moveSchema = z.object({ id: idSchema, direction: z.enum(["up", "down"]) });

/** Swaps a rule with the one above or below it. */
export async function moveRoutingRuleAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ moved: boolean }>> {
  const user = await requireAdmin();
  const parsed = moveSchema.safeParse({ id: formData.get("id"), direction: formData.get("direction") });
  if (!parsed.success) return { ok: false, kind: "invalid_input", message: "That is not a move." };
  try {
    const result = await moveRoutingRule(parsed.data);
    await audit(user, {
      action: "routing_rule.move",
      targetType: "routing_rule",
      targetId: parsed.data.id,
      details: result.ok
        ? { name: result.name, direction: parsed.data.direction, moved: result.moved }
        : { direction: parsed.data.direction },
      outcome: result.ok ? "ok" : result.reason,
    });
    if (!result.ok) return { ok: false, kind: "not_found", message: "That rule no longer exists." };
    revalidatePath("/settings");
    return { ok: true, data: { moved: result.moved } };
  } catch (error) {
    return failure(error);
  }
}

// ---------------------------------------------------------------------------------------------
// SLA targets

const slaMinutesSchema = blankOr(
  z.coerce
    .number({ error: "Enter whole minutes." })
    .int("Use whole minutes.")
    .min(MIN_SLA_MINUTES, `At least ${MIN_SLA_MINUTES} minutes.`)
    .max(MAX_SLA_MINUTES, `At most ${MAX_SLA_MINUTES.toLocaleString("en")} minutes (30 days).`),
);

const slaSchema = z.object({
  waiting_for_user: slaMinutesSchema,
  failed: slaMinutesSchema,
  timed_out: slaMinutesSchema,
});

/** Saves the target per needs-human state; a blank field goes back to the default. */
export async function saveSlaTargetsAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ saved: true }>> {
  const user = await requireAdmin();
  const values = formValues(formData, NEEDS_HUMAN_STATES);
  const parsed = slaSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await saveSlaTargets(parsed.data);
    await audit(user, {
      action: "sla.save",
      targetType: "sla_target",
      targetId: null,
      details: { minutes: parsed.data },
    });
  } catch (error) {
    return { ...failure(error), values };
  }
  revalidatePath("/settings");
  return { ok: true, data: { saved: true } };
}

/**
 * Reads a mirrored team's members from GitHub now, with the admin's own token, and keeps the
 * Switchyard members among them (people Switchyard does not know yet are left out).
 */
export async function syncTeamFromGitHubAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ members: number }>> {
  const user = await requireAdmin();
  const id = idSchema.safeParse(formData.get("id"));
  if (!id.success) return { ok: false, kind: "invalid_input", message: "That is not a team." };
  const team = await db.team.findUnique({ where: { id: id.data } });
  if (!team?.githubOrg || !team.githubSlug)
    return {
      ok: false,
      kind: "invalid_input",
      message: "Set the team's GitHub organisation and slug first.",
    };
  try {
    await asGitHubUser(user.id, (client) =>
      mirrorGitHubTeam(db, client, { org: team.githubOrg!, slug: team.githubSlug! }),
    );
    const members = await db.teamMember.count({ where: { teamId: team.id } });
    await audit(user, {
      action: "team.sync_from_github",
      targetType: "team",
      targetId: team.id,
      details: { github: `${team.githubOrg}/${team.githubSlug}`, members },
    });
    revalidatePath("/settings");
    return { ok: true, data: { members } };
  } catch (error) {
    const result = failure(error);
    await audit(user, {
      action: "team.sync_from_github",
      targetType: "team",
      targetId: team.id,
      details: { github: `${team.githubOrg}/${team.githubSlug}` },
      outcome: result.kind,
    });
    return result;
  }
}

// ---------------------------------------------------------------------------------------------
// Repository policies

const policySchema = z.object({
  id: optionalId,
  pattern: repositoryPatternSchema,
  pullRequests: z.enum(["allowed", "branch_only"], "Choose whether the agent may open pull requests."),
  allowedModels: z
    .array(z.enum(TASK_MODELS, "Pick models from the list."))
    .transform((models) => TASK_MODELS.filter((model) => models.includes(model))),
  maxCampaignSize: blankOr(
    z.coerce
      .number({ error: "Enter a whole number of repositories." })
      .int("Use a whole number of repositories.")
      .min(1, "At least 1 repository.")
      .max(100_000, "At most 100,000 repositories."),
  ),
  note: blankOr(z.string().max(500, "Keep the note under 500 characters.")),
});

const POLICY_FIELDS = ["id", "pattern", "pullRequests", "maxCampaignSize", "note"] as const;

/** Creates a policy (placed last) or updates one. */
export async function saveRepositoryPolicyAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string; pattern: string }>> {
  const user = await requireAdmin();
  const allowedModels = formData.getAll("allowedModels").map(String);
  const values = { ...formValues(formData, POLICY_FIELDS), allowedModels: allowedModels.join(",") };
  const parsed = policySchema.safeParse({ ...values, allowedModels });
  if (!parsed.success) return invalid(parsed.error, values);
  const { id, ...input } = parsed.data;
  try {
    let policyId: string;
    if (id) {
      if (!(await updateRepositoryPolicy(id, input)))
        return { ok: false, kind: "not_found", message: "That policy no longer exists.", values };
      policyId = id;
    } else {
      policyId = (await createRepositoryPolicy({ ...input, createdById: user.id })).id;
    }
    await audit(user, {
      action: id ? "repository_policy.update" : "repository_policy.create",
      targetType: "repository_policy",
      targetId: policyId,
      details: input,
    });
    revalidatePath("/settings");
    return { ok: true, data: { id: policyId, pattern: input.pattern } };
  } catch (error) {
    return { ...failure(error), values };
  }
}

export async function deleteRepositoryPolicyAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ pattern: string }>> {
  const user = await requireAdmin();
  const id = idSchema.safeParse(formData.get("id"));
  if (!id.success) return { ok: false, kind: "invalid_input", message: "That is not a policy." };
  try {
    const deleted = await deleteRepositoryPolicy(id.data);
    await audit(user, {
      action: "repository_policy.delete",
      targetType: "repository_policy",
      targetId: id.data,
      details: deleted ? { pattern: deleted.pattern } : {},
      outcome: deleted ? "ok" : "not_found",
    });
    if (!deleted) return { ok: false, kind: "not_found", message: "That policy no longer exists." };
    revalidatePath("/settings");
    return { ok: true, data: deleted };
  } catch (error) {
    return failure(error);
  }
}

/** Swaps a policy with the one above or below it. */
export async function moveRepositoryPolicyAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ moved: boolean }>> {
  const user = await requireAdmin();
  const parsed = moveSchema.safeParse({ id: formData.get("id"), direction: formData.get("direction") });
  if (!parsed.success) return { ok: false, kind: "invalid_input", message: "That is not a move." };
  try {
    const result = await moveRepositoryPolicy(parsed.data);
    await audit(user, {
      action: "repository_policy.move",
      targetType: "repository_policy",
      targetId: parsed.data.id,
      details: result.ok
        ? { pattern: result.pattern, direction: parsed.data.direction, moved: result.moved }
        : { direction: parsed.data.direction },
      outcome: result.ok ? "ok" : result.reason,
    });
    if (!result.ok) return { ok: false, kind: "not_found", message: "That policy no longer exists." };
    revalidatePath("/settings");
    return { ok: true, data: { moved: result.moved } };
  } catch (error) {
    return failure(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Repository owners

const repositoryOwnerSchema = z.object({
  repository: z
    .string()
    .min(1, "Choose a repository.")
    .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "Use owner/name, e.g. acme/payments-ledger."),
  teamId: z.union([z.literal("").transform(() => null), refSchema("team")]),
});

/** Sets or clears the team owning a known repository (triage routes its work there). */
export async function setRepositoryOwnerAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ repository: string; teamName: string | null }>> {
  const user = await requireAdmin();
  const values = formValues(formData, ["repository", "teamId"]);
  const parsed = repositoryOwnerSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const [owner, name] = parsed.data.repository.split("/") as [string, string];
  try {
    const result = await setRepositoryOwningTeam({ owner, name, teamId: parsed.data.teamId });
    await audit(user, {
      action: parsed.data.teamId ? "repository.owning_team.set" : "repository.owning_team.clear",
      targetType: "repository",
      targetId: result.ok ? result.fullName : parsed.data.repository,
      details: result.ok
        ? { teamId: parsed.data.teamId, team: result.teamName, previousTeam: result.previousTeamName }
        : { teamId: parsed.data.teamId },
      outcome: result.ok ? "ok" : result.reason,
    });
    if (!result.ok)
      return {
        ok: false,
        kind: "not_found",
        message: "Check the highlighted fields.",
        fieldErrors:
          result.reason === "repository_not_found"
            ? {
                repository: [
                  "Switchyard does not know this repository yet: it appears once a task runs in it.",
                ],
              }
            : { teamId: ["That team no longer exists."] },
        values,
      };
    revalidatePath("/settings");
    return { ok: true, data: { repository: result.fullName, teamName: result.teamName } };
  } catch (error) {
    return { ...failure(error), values };
  }
}
