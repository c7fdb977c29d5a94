"use server";

import { ok } from "@/lib/result";
import { userAction } from "@/lib/actions/kit";
import { actingAs } from "@/lib/auth/user-github";
import { archiveTemplate, createTemplate, saveTemplateVersion } from "@/lib/templates/editing";
import {
  archiveTemplateSchema,
  templateFormSchema,
  templatePreviewSchema,
  templateVersionFormSchema,
} from "@/lib/templates/form";
import { previewTemplate } from "@/lib/templates/preview";

/** Creates a custom template with its first version. */
export const createTemplateAction = userAction(
  { name: "template.create", input: templateFormSchema, revalidate: ["/templates"] },
  async (fields, ctx) => {
    const saved = await createTemplate(ctx.db, ctx.user, fields);
    if (!saved.ok) return saved;
    ctx.audit({
      targetType: "template",
      targetId: saved.data.id,
      details: {
        name: fields.name,
        category: fields.category,
        versionId: saved.data.versionId,
        parameters: fields.parameters.map((parameter) => parameter.name),
      },
    });
    return saved;
  },
);

/** Editing a template saves a new version (earlier versions stay, and tasks keep the one they used). */
export const createTemplateVersionAction = userAction(
  {
    name: "template.version.create",
    input: templateVersionFormSchema,
    revalidate: ({ templateId }) => ["/templates", `/templates/${templateId}`],
  },
  async ({ templateId, basedOnVersion, ...fields }, ctx) => {
    ctx.audit({ targetType: "template", targetId: templateId });
    const saved = await saveTemplateVersion(ctx.db, ctx.user, { templateId, basedOnVersion, fields });
    if (!saved.ok) return saved;
    const { metadataOnly, ...data } = saved.data;
    ctx.audit({
      ...(metadataOnly ? { action: "template.update" } : {}),
      details: { version: data.version, versionId: data.versionId, changeNote: fields.changeNote },
    });
    return ok(data);
  },
);

/** Archives (or restores) a template: it leaves the pickers; its versions and history stay. */
export const archiveTemplateAction = userAction(
  {
    name: "template.archive",
    input: archiveTemplateSchema,
    revalidate: ({ id }) => ["/templates", `/templates/${id}`],
  },
  async ({ id, restore }, ctx) => {
    ctx.audit({ targetType: "template", targetId: id, ...(restore ? { action: "template.restore" } : {}) });
    const result = await archiveTemplate(ctx.db, ctx.user, { id, restore: Boolean(restore) });
    if (result.ok) ctx.audit({ details: { name: result.data.name } });
    return result;
  },
);

/**
 * The exact prompt each repository would receive from this version, with its warnings. Facts are read
 * with the caller's own token (so a repository they cannot see says so) and cached.
 */
export const previewTemplateAction = userAction(
  { name: "template.preview", input: templatePreviewSchema, transaction: false, github: true },
  async (request, ctx) => {
    ctx.audit({ targetType: "template_version", targetId: request.templateVersionId });
    return previewTemplate(actingAs(ctx.user), request);
  },
);
