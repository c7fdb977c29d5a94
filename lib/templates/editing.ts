/**
 * Creating, versioning and archiving templates. Editing saves a new version (earlier versions stay,
 * and tasks keep the one they used). Starter templates are the platform's: admins change them; a
 * custom one, its author or an admin. Each function works in the caller's transaction, which also
 * holds the audit record. No "server-only": takes its transaction.
 */
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { fail, ok, type ActionResult } from "@/lib/result";
import type { TemplateFields } from "./form";

type Tx = Prisma.TransactionClient;

export type TemplateEditor = { id: string; login: string; role: "admin" | "member" };

/** Templates in use at once (archived ones do not count): every picker lists them all. */
export const MAX_ACTIVE_TEMPLATES = 500;
/** Versions of one template: each is kept for the tasks that used it. */
export const MAX_TEMPLATE_VERSIONS = 200;

export type SavedTemplate = { id: string; versionId: string; version: number };

export function canEditTemplate(
  user: TemplateEditor,
  template: { origin: string; createdById: string | null },
): boolean {
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

/** Serialises creations and restores, so the active-template cap holds under concurrent saves. */
async function lockTemplateCount(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('switchyard:templates', 0))`;
}

const tooMany = () =>
  fail(
    "invalid_state",
    `There are already ${MAX_ACTIVE_TEMPLATES} templates in use. Archive one you no longer need first.`,
  );

/** A custom template with its first version. */
export async function createTemplate(
  tx: Tx,
  user: TemplateEditor,
  input: TemplateFields,
): Promise<ActionResult<SavedTemplate>> {
  await lockTemplateCount(tx);
  if ((await tx.template.count({ where: { archivedAt: null } })) >= MAX_ACTIVE_TEMPLATES) return tooMany();
  const template = await tx.template.create({
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
  return ok({ id: template.id, versionId: template.versions[0]!.id, version: 1 });
}

export type SavedVersion = SavedTemplate & { metadataOnly: boolean };

/**
 * Saves the editor's fields as a new version of `templateId`, made from version `basedOnVersion`
 * (someone else's newer version is a conflict, not an overwrite). Only the name, description or
 * category changing updates the template without a new version.
 */
export async function saveTemplateVersion(
  tx: Tx,
  user: TemplateEditor,
  request: { templateId: string; basedOnVersion: number; fields: TemplateFields },
): Promise<ActionResult<SavedVersion>> {
  const input = request.fields;
  await tx.$queryRaw`SELECT id FROM "Template" WHERE id = ${request.templateId} FOR UPDATE`;
  const template = await tx.template.findUnique({
    where: { id: request.templateId },
    include: { versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  if (!template) return fail("not_found", "That template no longer exists.");
  if (!canEditTemplate(user, template))
    return fail(
      "forbidden",
      template.origin === "starter"
        ? "Only admins can change starter templates. Create your own template instead."
        : "Only the template's author or an admin can change it.",
    );
  const latest = template.versions[0];
  if (latest && latest.version !== request.basedOnVersion)
    return fail(
      "conflict",
      `Version ${latest.version} was saved${latest.createdByLogin ? ` by ${latest.createdByLogin}` : ""} while you were editing. Copy your changes, reload, and apply them to the newest version.`,
    );
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
    return fail("invalid_state", "Nothing changed, so no new version was saved.");
  await tx.template.update({
    where: { id: template.id },
    data: { name: input.name, description: input.description, category: input.category },
  });
  if (unchanged)
    return ok({ id: template.id, versionId: latest.id, version: latest.version, metadataOnly: true });
  if ((await tx.templateVersion.count({ where: { templateId: template.id } })) >= MAX_TEMPLATE_VERSIONS)
    return fail(
      "invalid_state",
      `This template already has ${MAX_TEMPLATE_VERSIONS} versions. Create a new template from this one instead.`,
    );
  const version = await tx.templateVersion.create({
    data: {
      templateId: template.id,
      version: (latest?.version ?? 0) + 1,
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
  return ok({ id: template.id, versionId: version.id, version: version.version, metadataOnly: false });
}

/** Archives (or restores) a template: it leaves the pickers; its versions and history stay. */
export async function archiveTemplate(
  tx: Tx,
  user: TemplateEditor,
  request: { id: string; restore: boolean },
): Promise<ActionResult<{ id: string; name: string; archived: boolean }>> {
  if (request.restore) await lockTemplateCount(tx);
  const template = await tx.template.findUnique({ where: { id: request.id } });
  if (!template) return fail("not_found", "That template no longer exists.");
  if (!canEditTemplate(user, template))
    return fail("forbidden", "Only the template's author or an admin can archive it.");
  if (
    request.restore &&
    template.archivedAt &&
    (await tx.template.count({ where: { archivedAt: null } })) >= MAX_ACTIVE_TEMPLATES
  )
    return tooMany();
  await tx.template.update({
    where: { id: template.id },
    data: { archivedAt: request.restore ? null : new Date() },
  });
  return ok({ id: template.id, name: template.name, archived: !request.restore });
}
