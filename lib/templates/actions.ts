"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { requireUser, type SignedInUser } from "@/lib/auth/session";
import { asGitHubUser } from "@/lib/auth/user-github";
import { getTemplateVersion } from "@/lib/dal/templates";
import { mapLimit } from "@/lib/concurrency";
import { db } from "@/lib/db";
import { GitHubError, TASK_MODELS } from "@/lib/github";
import { getRepositoryFacts } from "@/lib/repo-facts/facts";
import { failure, formValues, type ActionResult } from "@/lib/tasks/action-result";
import { TEMPLATE_CATEGORIES, type TemplateCategory } from "./categories";
import { isValidBranchName, parseParameterValues, templateParametersSchema } from "./parameters";
import { checkTemplateBody, renderTemplate, TemplateRenderError } from "./render";

type Failure = Extract<ActionResult<never>, { ok: false }>;

const CATEGORIES = TEMPLATE_CATEGORIES.map((item) => item.value) as [TemplateCategory, ...TemplateCategory[]];
const MAX_BODY = 20_000;
const MAX_PREVIEW_REPOSITORIES = 20;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

const templateFields = z.object({
  name: z.string().trim().min(1, "Give the template a name.").max(80, "Keep names under 80 characters."),
  description: z.string().trim().max(500, "Keep the description under 500 characters."),
  category: z.enum(CATEGORIES, { error: "Choose a category." }),
  body: z
    .string()
    .trim()
    .min(1, "Write the prompt.")
    .max(MAX_BODY, `Keep the prompt under ${MAX_BODY} characters.`),
  defaultModel: z.preprocess(
    blankToNull,
    z.enum(TASK_MODELS, { error: "Choose a listed model." }).nullable(),
  ),
  defaultCreatePullRequest: z.boolean(),
  defaultBaseRef: z.preprocess(
    blankToNull,
    z.string().trim().refine(isValidBranchName, "That is not a valid branch name.").nullable(),
  ),
  changeNote: z.preprocess(
    blankToNull,
    z.string().trim().max(300, "Keep the note under 300 characters.").nullable(),
  ),
});

type TemplateFields = z.infer<typeof templateFields> & {
  parameters: z.infer<typeof templateParametersSchema>;
};

const FIELD_NAMES = [
  "name",
  "description",
  "category",
  "body",
  "parameters",
  "defaultModel",
  "defaultBaseRef",
  "changeNote",
  "templateId",
  "basedOnVersion",
] as const;

function invalid(fieldErrors: Record<string, string[]>, values: Record<string, string>): Failure {
  return { ok: false, kind: "invalid_input", message: "Check the highlighted fields.", fieldErrors, values };
}

/** Reads and validates the editor's fields: metadata, body, typed parameters (JSON) and defaults. */
function parseTemplateForm(
  formData: FormData,
): { ok: true; data: TemplateFields } | { ok: false; failure: Failure } {
  const values = formValues(formData);
  const kept = Object.fromEntries(FIELD_NAMES.map((name) => [name, values[name] ?? ""]));
  kept.defaultCreatePullRequest = values.defaultCreatePullRequest === "on" ? "on" : "";
  const fieldErrors: Record<string, string[]> = {};
  const parsed = templateFields.safeParse({
    ...values,
    defaultCreatePullRequest: values.defaultCreatePullRequest === "on",
  });
  if (!parsed.success) Object.assign(fieldErrors, z.flattenError(parsed.error).fieldErrors);

  let rawParameters: unknown = [];
  try {
    rawParameters = JSON.parse(values.parameters || "[]");
  } catch {
    fieldErrors.parameters = ["The parameters could not be read. Reload the page and try again."];
  }
  const parameters = templateParametersSchema.safeParse(rawParameters);
  if (!fieldErrors.parameters && !parameters.success) {
    // Keyed by parameter index and field, e.g. "parameters.0.name", for the parameter editor.
    for (const issue of parameters.error.issues) {
      const key = ["parameters", ...issue.path.map(String)].join(".");
      (fieldErrors[key] ??= []).push(issue.message);
    }
    fieldErrors.parameters = ["Some parameters need attention."];
  }
  if (parsed.success && parameters.success) {
    const problems = checkTemplateBody(parsed.data.body, parameters.data);
    if (problems.length > 0) fieldErrors.body = problems;
  }
  if (Object.keys(fieldErrors).length > 0 || !parsed.success || !parameters.success)
    return { ok: false, failure: invalid(fieldErrors, kept) };
  return { ok: true, data: { ...parsed.data, parameters: parameters.data } };
}

async function audit(
  user: SignedInUser,
  action: string,
  targetId: string,
  details: Prisma.InputJsonObject,
  outcome = "ok",
) {
  await db.auditEvent.create({
    data: {
      actorId: user.id,
      actorLogin: user.login,
      action,
      targetType: "template",
      targetId,
      outcome,
      details,
    },
  });
}

/** Starter templates are the platform's: admins change them. A custom one: its author or an admin. */
function canEdit(user: SignedInUser, template: { origin: string; createdById: string | null }): boolean {
  if (user.role === "admin") return true;
  return template.origin !== "starter" && template.createdById === user.id;
}

function slugFor(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "template"}-${randomBytes(3).toString("hex")}`;
}

export type SavedTemplate = { id: string; versionId: string; version: number };

/** Creates a custom template with its first version. */
export async function createTemplateAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<SavedTemplate>> {
  const user = await requireUser();
  const parsed = parseTemplateForm(formData);
  if (!parsed.ok) return parsed.failure;
  const input = parsed.data;
  try {
    const template = await db.template.create({
      data: {
        slug: slugFor(input.name),
        name: input.name,
        description: input.description,
        category: input.category,
        origin: "custom",
        createdById: user.id,
        versions: {
          create: {
            version: 1,
            body: input.body,
            parameters: input.parameters,
            defaultModel: input.defaultModel,
            defaultCreatePullRequest: input.defaultCreatePullRequest,
            defaultBaseRef: input.defaultBaseRef,
            changeNote: input.changeNote ?? "First version",
            createdById: user.id,
            createdByLogin: user.login,
          },
        },
      },
      include: { versions: { select: { id: true } } },
    });
    const versionId = template.versions[0]!.id;
    await audit(user, "template.create", template.id, {
      name: input.name,
      category: input.category,
      versionId,
      parameters: input.parameters.map((parameter) => parameter.name),
    });
    revalidatePath("/templates");
    return { ok: true, data: { id: template.id, versionId, version: 1 } };
  } catch (error) {
    return { ...failure(error), values: formValues(formData) };
  }
}

/** Editing a template saves a new version (earlier versions stay, and tasks keep the one they used). */
export async function createTemplateVersionAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<SavedTemplate>> {
  const user = await requireUser();
  const values = formValues(formData);
  const templateId = idSchema.safeParse(values.templateId);
  const basedOn = z.coerce.number().int().min(1).safeParse(values.basedOnVersion);
  if (!templateId.success || !basedOn.success)
    return { ok: false, kind: "invalid_input", message: "Reload the page and try again.", values };
  const parsed = parseTemplateForm(formData);
  if (!parsed.ok) return parsed.failure;
  const input = parsed.data;
  try {
    const template = await db.template.findUnique({
      where: { id: templateId.data },
      include: { versions: { orderBy: { version: "desc" }, take: 1 } },
    });
    if (!template)
      return { ok: false, kind: "not_found", message: "That template no longer exists.", values };
    if (!canEdit(user, template)) {
      await audit(user, "template.version.create", template.id, { reason: "not_allowed" }, "denied");
      return {
        ok: false,
        kind: "forbidden",
        message:
          template.origin === "starter"
            ? "Only admins can change starter templates. Create your own template instead."
            : "Only the template's author or an admin can change it.",
        values,
      };
    }
    const latest = template.versions[0];
    if (latest && latest.version !== basedOn.data)
      return {
        ok: false,
        kind: "conflict",
        message: `Version ${latest.version} was saved${latest.createdByLogin ? ` by ${latest.createdByLogin}` : ""} while you were editing. Copy your changes, reload, and apply them to the newest version.`,
        values,
      };
    const unchanged =
      latest &&
      latest.body === input.body &&
      JSON.stringify(latest.parameters) === JSON.stringify(input.parameters) &&
      latest.defaultModel === input.defaultModel &&
      latest.defaultCreatePullRequest === input.defaultCreatePullRequest &&
      latest.defaultBaseRef === input.defaultBaseRef;
    const metadataChanged =
      template.name !== input.name ||
      template.description !== input.description ||
      template.category !== input.category;
    if (unchanged && !metadataChanged)
      return {
        ok: false,
        kind: "unchanged",
        message: "Nothing changed, so no new version was saved.",
        values,
      };

    const nextVersion = (latest?.version ?? 0) + 1;
    const version = await db.$transaction(async (tx) => {
      await tx.template.update({
        where: { id: template.id },
        data: { name: input.name, description: input.description, category: input.category },
      });
      if (unchanged) return latest!;
      return tx.templateVersion.create({
        data: {
          templateId: template.id,
          version: nextVersion,
          body: input.body,
          parameters: input.parameters,
          defaultModel: input.defaultModel,
          defaultCreatePullRequest: input.defaultCreatePullRequest,
          defaultBaseRef: input.defaultBaseRef,
          changeNote: input.changeNote,
          createdById: user.id,
          createdByLogin: user.login,
        },
      });
    });
    await audit(user, unchanged ? "template.update" : "template.version.create", template.id, {
      version: version.version,
      versionId: version.id,
      changeNote: input.changeNote,
    });
    revalidatePath("/templates");
    revalidatePath(`/templates/${template.id}`);
    return { ok: true, data: { id: template.id, versionId: version.id, version: version.version } };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      return {
        ok: false,
        kind: "conflict",
        message: "Someone saved a version at the same moment. Reload and apply your changes again.",
        values,
      };
    return { ...failure(error), values };
  }
}

/** Archives (or restores) a template: it leaves the pickers; its versions and history stay. */
export async function archiveTemplateAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string; archived: boolean }>> {
  const user = await requireUser();
  const id = idSchema.safeParse(formData.get("id"));
  const restore = formData.get("restore") === "1";
  if (!id.success) return { ok: false, kind: "invalid_input", message: "Reload the page and try again." };
  try {
    const template = await db.template.findUnique({ where: { id: id.data } });
    if (!template) return { ok: false, kind: "not_found", message: "That template no longer exists." };
    if (!canEdit(user, template)) {
      await audit(user, restore ? "template.restore" : "template.archive", template.id, {}, "denied");
      return {
        ok: false,
        kind: "forbidden",
        message: "Only the template's author or an admin can archive it.",
      };
    }
    await db.template.update({
      where: { id: template.id },
      data: { archivedAt: restore ? null : new Date() },
    });
    await audit(user, restore ? "template.restore" : "template.archive", template.id, {
      name: template.name,
    });
    revalidatePath("/templates");
    revalidatePath(`/templates/${template.id}`);
    return { ok: true, data: { id: template.id, archived: !restore } };
  } catch (error) {
    return failure(error);
  }
}

export type TemplatePreview = {
  repository: string;
  prompt: string;
  warnings: string[];
  missingParameters: string[];
  error?: string;
};

const previewSchema = z.object({
  templateVersionId: idSchema,
  repositories: z
    .array(
      z
        .string()
        .trim()
        .regex(
          /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/,
          "Use owner/name for each repository.",
        ),
    )
    .min(1, "Name at least one repository.")
    .max(MAX_PREVIEW_REPOSITORIES, `At most ${MAX_PREVIEW_REPOSITORIES} repositories at a time.`),
  values: z.record(z.string(), z.union([z.string(), z.boolean()])).default({}),
  baseRef: z.string().trim().optional(),
});

/**
 * The exact prompt each repository would receive from this version, with its warnings. Facts are read
 * with the caller's own token (so a repository they cannot see says so) and cached.
 */
export async function previewTemplateAction(input: {
  templateVersionId: string;
  repositories: string[];
  values: Record<string, string | boolean>;
  baseRef?: string;
}): Promise<ActionResult<TemplatePreview[]>> {
  const user = await requireUser();
  const parsed = previewSchema.safeParse(input);
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    const nested = parsed.error.issues.find((issue) => issue.path[0] === "repositories");
    return {
      ok: false,
      kind: "invalid_input",
      message: nested?.message ?? "Check the highlighted fields.",
      fieldErrors: flat,
    };
  }
  const { templateVersionId, values, baseRef } = parsed.data;
  const repositories = [...new Set(parsed.data.repositories.map((name) => name.toLowerCase()))].map((lower) =>
    parsed.data.repositories.find((name) => name.toLowerCase() === lower)!,
  );
  if (baseRef && !isValidBranchName(baseRef))
    return {
      ok: false,
      kind: "invalid_input",
      message: "That is not a valid branch name.",
      fieldErrors: { baseRef: ["That is not a valid branch name."] },
    };
  try {
    const version = await getTemplateVersion(templateVersionId);
    if (!version) return { ok: false, kind: "not_found", message: "That template version no longer exists." };
    const parameters = parseParameterValues(version.parameters, values, { allowMissingRequired: true });
    if (!parameters.ok)
      return {
        ok: false,
        kind: "invalid_input",
        message: "Check the highlighted parameters.",
        fieldErrors: parameters.fieldErrors,
      };
    // A few at a time: each uncached repository is several requests.
    const previews = await asGitHubUser(user.id, (client) =>
      mapLimit(repositories, 4, async (fullName): Promise<TemplatePreview> => {
        const [owner, name] = fullName.split("/") as [string, string];
        try {
          const facts = await getRepositoryFacts(db, client, { owner, name });
          const rendered = renderTemplate({
            body: version.body,
            parameters: version.parameters,
            values: parameters.values,
            repo: facts,
            baseRef: baseRef || version.defaultBaseRef,
          });
          return { repository: facts.fullName, ...rendered };
        } catch (error) {
          if (error instanceof TemplateRenderError)
            return {
              repository: fullName,
              prompt: "",
              warnings: [],
              missingParameters: [],
              error: error.message,
            };
          if (!(error instanceof GitHubError) || error.kind === "signed_out") throw error;
          return {
            repository: fullName,
            prompt: "",
            warnings: [],
            missingParameters: [],
            error:
              error.kind === "not_found"
                ? `${fullName} was not found, or you do not have access to it.`
                : error.message,
          };
        }
      }),
    );
    return { ok: true, data: previews };
  } catch (error) {
    return failure(error);
  }
}
