/**
 * Template caps and rights against a database of their own (the cap counts every template): at most
 * MAX_ACTIVE_TEMPLATES in use, MAX_TEMPLATE_VERSIONS per template, with a clear message and nothing
 * written past them; starters change only through admins.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { isolatedDatabase } from "@/test/isolated-database";
import {
  archiveTemplate,
  createTemplate,
  MAX_ACTIVE_TEMPLATES,
  MAX_TEMPLATE_VERSIONS,
  saveTemplateVersion,
  type TemplateEditor,
} from "./editing";
import type { TemplateFields } from "./form";

let db: PrismaClient;
let author: TemplateEditor;
let admin: TemplateEditor;

const fields = (name: string, body = "Do the thing in {{repo.fullName}}."): TemplateFields => ({
  name,
  description: "",
  category: "general",
  body,
  parameters: [],
  defaultModel: null,
  defaultCreatePullRequest: true,
  defaultBaseRef: null,
  changeNote: null,
});

beforeAll(async () => {
  db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: await isolatedDatabase("template_editing"), max: 3 }),
  });
  const [a, b] = await Promise.all(
    ["author", "admin"].map((login) =>
      db.user.create({ data: { login, role: login === "admin" ? "admin" : "member" } }),
    ),
  );
  author = { id: a!.id, login: "author", role: "member" };
  admin = { id: b!.id, login: "admin", role: "admin" };
});

afterAll(async () => {
  await db?.$disconnect();
});

describe("template caps", () => {
  it(`keeps at most ${MAX_ACTIVE_TEMPLATES} templates in use`, async () => {
    const inUse = await db.template.count({ where: { archivedAt: null } });
    await db.template.createMany({
      data: Array.from({ length: MAX_ACTIVE_TEMPLATES - 1 - inUse }, (_, i) => ({
        slug: `bulk-${i}`,
        name: `Bulk ${i}`,
      })),
    });
    const last = await db.$transaction((tx) => createTemplate(tx, author, fields("The last one")));
    expect(last.ok).toBe(true);
    const over = await db.$transaction((tx) => createTemplate(tx, author, fields("One too many")));
    expect(over).toMatchObject({ ok: false, code: "invalid_state" });
    expect(!over.ok && over.message).toMatch(/already 500 templates in use\. Archive one/);
    expect(await db.template.count({ where: { name: "One too many" } })).toBe(0);

    // Archiving makes room; restoring past the cap is refused the same way.
    const id = last.ok ? last.data.id : "";
    expect(await db.$transaction((tx) => archiveTemplate(tx, author, { id, restore: false }))).toMatchObject({
      ok: true,
    });
    const again = await db.$transaction((tx) => createTemplate(tx, author, fields("Room again")));
    expect(again.ok).toBe(true);
    expect(await db.$transaction((tx) => archiveTemplate(tx, author, { id, restore: true }))).toMatchObject({
      ok: false,
      code: "invalid_state",
    });
    expect((await db.template.findUniqueOrThrow({ where: { id } })).archivedAt).not.toBeNull();
    await db.template.deleteMany({ where: { slug: { startsWith: "bulk-" } } });
  });

  it(`keeps at most ${MAX_TEMPLATE_VERSIONS} versions of a template, and only its author or an admin edits it`, async () => {
    const created = await db.$transaction((tx) => createTemplate(tx, author, fields("Versioned")));
    if (!created.ok) throw new Error(created.message);
    const templateId = created.data.id;
    await db.templateVersion.createMany({
      data: Array.from({ length: MAX_TEMPLATE_VERSIONS - 1 }, (_, i) => ({
        templateId,
        version: i + 2,
        body: `Version ${i + 2} of {{repo.name}}`,
      })),
    });
    const save = (editor: TemplateEditor, body: string, name = "Versioned") =>
      db.$transaction((tx) =>
        saveTemplateVersion(tx, editor, {
          templateId,
          basedOnVersion: MAX_TEMPLATE_VERSIONS,
          fields: fields(name, body),
        }),
      );
    const stranger: TemplateEditor = { id: admin.id.replace(/.$/, "x"), login: "stranger", role: "member" };
    expect(await save(stranger, "Mine now")).toMatchObject({ ok: false, code: "forbidden" });
    const full = await save(author, "One more version");
    expect(full).toMatchObject({ ok: false, code: "invalid_state" });
    expect(!full.ok && full.message).toMatch(/already has 200 versions/);
    expect(await db.templateVersion.count({ where: { templateId } })).toBe(MAX_TEMPLATE_VERSIONS);
    // Renaming it writes no version, so it still works at the cap.
    const latest = await db.templateVersion.findFirstOrThrow({
      where: { templateId },
      orderBy: { version: "desc" },
    });
    expect(await save(admin, latest.body, "Versioned, renamed")).toMatchObject({
      ok: true,
      data: { metadataOnly: true },
    });
  });
});
