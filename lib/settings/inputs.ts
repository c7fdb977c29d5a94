/** What Settings' forms may submit: teams, routing rules, SLA targets, policies, owners, budgets. Client-safe. */
import { z } from "zod";
import { creditsTextToNano } from "@/lib/costs/money";
import { TASK_MODELS } from "@/lib/github/models";
import { MAX_SLA_MINUTES, MIN_SLA_MINUTES, SLA_STATES, type SlaState } from "@/lib/triage/sla";
import { blankOr, formBoolean, idSchema, manyOf } from "@/lib/validations/common";
import { webhookUrlSchema } from "@/lib/notifications/webhook-url";
import { repositoryPatternSchema } from "@/lib/validations/patterns";

/**
 * An optional field: absent (a field the form did not render, e.g. a new row's id) or blank is
 * null. blankOr alone refuses a field that is absent.
 */
const optionalField = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => value ?? "", blankOr(schema));

const nameSchema = (what: string) =>
  z.string().trim().min(1, `Give the ${what} a name.`).max(80, "Keep names under 80 characters.");

/** A whole number in a range, blank meaning "not set", with a message for each way it can be wrong. */
const wholeNumber = (
  min: number,
  max: number,
  messages: { invalid: string; whole: string; min: string; max: string },
) =>
  optionalField(
    z.coerce
      .number({ error: messages.invalid })
      .int(messages.whole)
      .min(min, messages.min)
      .max(max, messages.max),
  );

const MINUTES = { invalid: "Enter whole minutes.", whole: "Use whole minutes." };

const githubOrgSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "Use a GitHub organisation login, e.g. acme.");

const refSchema = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, `Use the ${what}'s id: letters, digits, - and _.`);

/** Which way a row of an ordered list moves. */
export const moveSchema = z.object({ id: idSchema, direction: z.enum(["up", "down"]) });
export const byIdSchema = z.object({ id: idSchema });

export const teamSchema = z
  .object({
    id: optionalField(idSchema),
    name: nameSchema("team"),
    githubOrg: optionalField(githubOrgSchema.transform((value) => value.toLowerCase())),
    githubSlug: optionalField(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9._-]{1,100}$/, "Use the team's slug as in its GitHub URL, e.g. payments.")
        .transform((value) => value.toLowerCase()),
    ),
    webhookUrl: optionalField(webhookUrlSchema),
    removeWebhook: formBoolean,
    newSecret: formBoolean,
    digestMinutes: wholeNumber(5, 1440, {
      ...MINUTES,
      min: "At least 5 minutes.",
      max: "At most 1,440 minutes (a day).",
    }),
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

export const teamMemberSchema = z.object({
  teamId: idSchema,
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a person."),
});

export const routingRuleSchema = z
  .object({
    id: optionalField(idSchema),
    name: nameSchema("rule"),
    repositoryPattern: optionalField(repositoryPatternSchema),
    organisation: optionalField(githubOrgSchema),
    campaignId: optionalField(refSchema("campaign")),
    templateId: optionalField(refSchema("template")),
    // A triage item's states: the needs-human ones, and completed for review items.
    states: manyOf(z.enum(SLA_STATES, "Pick the states of triage items.")).transform((states) => [
      ...new Set(states),
    ]),
    target: z
      .string()
      .regex(/^(user|team):[A-Za-z0-9_-]{1,64}$/, "Choose a person or a team to send the work to.")
      .transform((value) => {
        const [type, id] = value.split(":") as ["user" | "team", string];
        return { type, id };
      }),
    matchAll: formBoolean,
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

const slaMinutesSchema = wholeNumber(MIN_SLA_MINUTES, MAX_SLA_MINUTES, {
  ...MINUTES,
  min: `At least ${MIN_SLA_MINUTES} minutes.`,
  max: `At most ${MAX_SLA_MINUTES.toLocaleString("en")} minutes (30 days).`,
});

export const slaTargetsSchema = z.object({
  waiting_for_user: slaMinutesSchema,
  failed: slaMinutesSchema,
  timed_out: slaMinutesSchema,
  completed: slaMinutesSchema,
}) satisfies z.ZodType<Record<SlaState, number | null>>;

export const repositoryPolicySchema = z.object({
  id: optionalField(idSchema),
  pattern: z.string().trim().min(1, "Give a pattern, e.g. acme/payments-*.").pipe(repositoryPatternSchema),
  pullRequests: z.enum(["allowed", "branch_only"], "Choose whether the agent may open pull requests."),
  allowedModels: manyOf(z.enum(TASK_MODELS, "Pick models from the list.")).transform((models) =>
    TASK_MODELS.filter((model) => models.includes(model)),
  ),
  maxCampaignSize: wholeNumber(1, 100_000, {
    invalid: "Enter a whole number of repositories.",
    whole: "Use a whole number of repositories.",
    min: "At least 1 repository.",
    max: "At most 100,000 repositories.",
  }),
  note: optionalField(z.string().trim().max(500, "Keep the note under 500 characters.")),
});

export const repositoryOwnerSchema = z.object({
  repository: z
    .string()
    .trim()
    .min(1, "Choose a repository.")
    .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "Use owner/name, e.g. acme/payments-ledger.")
    .transform((value) => {
      const [owner, name] = value.split("/") as [string, string];
      return { owner, name, fullName: value };
    }),
  teamId: optionalField(refSchema("team")),
});

/**
 * A monthly budget: for a team, a person or a campaign (`target` is "team:<id>", "user:<id>" or
 * "campaign:<id>"), a limit in credits (up to 9 decimals, kept exactly as nanos), hard or soft.
 */
export const budgetSchema = z.object({
  target: z
    .string()
    .regex(/^(team|user|campaign):[A-Za-z0-9_-]{1,64}$/, "Choose a team, a person or a campaign.")
    .transform((value) => {
      const [kind, id] = value.split(":") as ["team" | "user" | "campaign", string];
      return { scope: kind === "user" ? ("person" as const) : kind, id };
    }),
  limit: z
    .string()
    .trim()
    .transform((value, context) => {
      const nano = creditsTextToNano(value);
      if (nano === null || nano <= 0n) {
        context.addIssue({ code: "custom", message: "Enter a number of credits above 0, e.g. 500 or 12.5." });
        return z.NEVER;
      }
      return nano;
    }),
  hard: formBoolean,
});

export const budgetOverrideSchema = z.object({ id: idSchema, override: formBoolean });
