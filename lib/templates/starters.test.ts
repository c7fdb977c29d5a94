/** Starter templates in a real Postgres (idempotent, never overwriting people's versions), and change summaries. */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { describeChanges, lineChanges, promptDiff } from "./changes";
import { ensureStarterTemplates, STARTER_TEMPLATES } from "./starters";

describe("ensureStarterTemplates", () => {
  it("creates each starter once as version 1, concurrently too, and is idempotent", async () => {
    await Promise.all([ensureStarterTemplates(db), ensureStarterTemplates(db)]);
    const slugs = STARTER_TEMPLATES.map((starter) => starter.slug);
    const rows = await db.template.findMany({ where: { slug: { in: slugs } }, include: { versions: true } });
    expect(rows.map((row) => row.slug).sort()).toEqual([...slugs].sort());
    for (const row of rows) {
      expect(row.origin).toBe("starter");
      expect(row.versions.some((version) => version.version === 1)).toBe(true);
    }
    // A second run changes nothing (it never rewrites a template that exists, whatever its versions).
    const snapshot = await db.templateVersion.findMany({
      where: { templateId: { in: rows.map((row) => row.id) } },
      orderBy: { id: "asc" },
    });
    await ensureStarterTemplates(db);
    const again = await db.templateVersion.findMany({
      where: { templateId: { in: rows.map((row) => row.id) } },
      orderBy: { id: "asc" },
    });
    expect(again).toEqual(snapshot);
  });
});

describe("describeChanges", () => {
  const base = {
    body: "a\nb\nc",
    parameters: [{ name: "x", label: "X", type: "text" as const }],
    defaultModel: null,
    defaultCreatePullRequest: true,
    defaultBaseRef: null,
  };
  it("counts lines and names parameter and default changes", () => {
    expect(lineChanges("a\nb\nc", "a\nB\nc\nd")).toEqual({ added: 2, removed: 1 });
    expect(
      describeChanges(base, {
        ...base,
        body: "a\nb\nc\nd",
        parameters: [{ name: "y", label: "Y", type: "boolean" }],
        defaultModel: "gpt-5.4",
        defaultCreatePullRequest: false,
        defaultBaseRef: "develop",
      }),
    ).toEqual([
      "Prompt: 1 line added, 0 removed",
      "Parameter y added",
      "Parameter x removed",
      "Model: automatic → gpt-5.4",
      "No pull request by default",
      "Base branch: develop",
    ]);
    expect(describeChanges(base, base)).toEqual([]);
  });

  it("gives the prompt's change line by line, in order", () => {
    expect(promptDiff("a\nb\nc", "a\nB\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "B" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
    expect(promptDiff("same", "same")).toEqual([{ kind: "same", text: "same" }]);
  });
});
