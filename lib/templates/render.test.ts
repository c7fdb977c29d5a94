import { describe, expect, it } from "vitest";
import { templateParametersSchema } from "./parameter-schema";
import { parseParameterValues, type TemplateParameter } from "./parameters";
import {
  checkTemplateBody,
  emptyFacts,
  MAX_RENDERED_LENGTH,
  renderTemplate,
  renderWithinBudget,
  TemplateRenderError,
  type RepoFactsView,
} from "./render";
import { STARTER_TEMPLATES } from "./starters";

const goRepo: RepoFactsView = {
  ...emptyFacts("acme", "checkout-api", "main"),
  language: "Go",
  packageManager: "go",
  testCommand: "go test ./...",
  buildCommand: "go build ./...",
  lintCommand: "go vet ./...",
  manifests: ["go.mod", "Makefile"],
  codeownersPath: ".github/CODEOWNERS",
  codeowners: ["@acme/payments"],
  workflows: ["CI", "Copilot Setup Steps"],
  topics: ["go", "payments"],
  visibility: "internal",
};

const params: TemplateParameter[] = [
  { name: "targetVersion", label: "Target version", type: "text", required: true },
  { name: "team", label: "Team", type: "text", default: "@acme/platform" },
  { name: "strict", label: "Strict", type: "boolean", default: false },
  { name: "level", label: "Level", type: "choice", choices: ["low", "high"], default: "low" },
];

describe("renderTemplate", () => {
  it("fills repository, fact and parameter variables without HTML escaping", () => {
    const result = renderTemplate({
      body: "Repo {{repo.fullName}} on {{baseRef}} ({{repo.defaultBranch}}): run `{{facts.testCommand}}` for <{{params.targetVersion}}> & {{facts.codeowners}}. Workflows: {{facts.workflows}}",
      parameters: params,
      values: { targetVersion: '22 "LTS" <jod>' },
      repo: goRepo,
      baseRef: "release/1.0",
    });
    expect(result.prompt).toBe(
      'Repo acme/checkout-api on release/1.0 (main): run `go test ./...` for <22 "LTS" <jod>> & @acme/payments. Workflows: CI, Copilot Setup Steps',
    );
    expect(result.missingParameters).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("uses sections for facts that may be missing, and warns about each missing fact", () => {
    const body = [
      "{{#facts.testCommand}}Run {{facts.testCommand}}.{{/facts.testCommand}}",
      "{{^facts.testCommand}}Add tests first.{{/facts.testCommand}}",
      "Owners: {{facts.codeowners}}",
    ].join("\n");
    const bare = emptyFacts("acme", "ios-app", "main");
    const missing = renderTemplate({ body, parameters: [], values: {}, repo: bare });
    expect(missing.prompt).toBe("Add tests first.\nOwners:");
    expect(missing.warnings).toEqual(["No test command found", "No CODEOWNERS file"]);

    const full = renderTemplate({ body, parameters: [], values: {}, repo: goRepo });
    // The inverted section leaves its (non-standalone) line empty.
    expect(full.prompt).toBe("Run go test ./....\n\nOwners: @acme/payments");
    expect(full.warnings).toEqual([]);

    const noRootRule = renderTemplate({
      body,
      parameters: [],
      values: {},
      repo: { ...goRepo, codeowners: [] },
    });
    expect(noRootRule.warnings).toEqual([".github/CODEOWNERS has no rule for the whole repository"]);
  });

  it("does not warn about facts the template does not use", () => {
    const result = renderTemplate({
      body: "Hello {{repo.name}}",
      parameters: [],
      values: {},
      repo: emptyFacts("acme", "x"),
    });
    expect(result).toEqual({ prompt: "Hello x", missingParameters: [], warnings: [] });
  });

  it("reports required parameters without a value and applies defaults", () => {
    const result = renderTemplate({
      body: "Upgrade to {{params.targetVersion}} for {{params.team}}{{#params.strict}} strictly{{/params.strict}} ({{params.level}})",
      parameters: params,
      values: {},
      repo: goRepo,
    });
    expect(result.missingParameters).toEqual(["targetVersion"]);
    expect(result.prompt).toBe("Upgrade to  for @acme/platform (low)");
    const strict = renderTemplate({
      body: "{{#params.strict}}strict{{/params.strict}}{{^params.strict}}lenient{{/params.strict}}",
      parameters: params,
      values: { targetVersion: "22", strict: true },
      repo: goRepo,
    });
    expect(strict).toEqual({ prompt: "strict", missingParameters: [], warnings: [] });
  });

  it("iterates lists and collapses blank lines left by sections", () => {
    const result = renderTemplate({
      body: "Workflows:\n{{#facts.workflowList}}\n- {{.}}\n{{/facts.workflowList}}\n\n\n\n{{#facts.lintCommand}}\nLint.\n{{/facts.lintCommand}}\nEnd",
      parameters: [],
      values: {},
      repo: goRepo,
    });
    expect(result.prompt).toBe("Workflows:\n- CI\n- Copilot Setup Steps\n\nLint.\nEnd");
  });
});

describe("checkTemplateBody", () => {
  it("accepts known variables and declared parameters", () => {
    expect(
      checkTemplateBody("{{repo.name}} {{facts.testCommand}} {{params.team}} {{baseRef}}", params),
    ).toEqual([]);
  });
  it("rejects unknown variables, undeclared parameters, partials and syntax errors", () => {
    expect(checkTemplateBody("{{repo.nmae}} {{params.nope}} {{> other}}", params)).toEqual([
      "Partials ({{> name}}) are not supported.",
      "{{repo.nmae}} is not a known variable.",
      "{{params.nope}} is not a parameter of this template.",
    ]);
    expect(checkTemplateBody("{{#facts.testCommand}}open", [])[0]).toMatch(/does not parse/);
  });
});

describe("bounded rendering", () => {
  /** The security review's body: list sections nested `depth` deep render topics^depth copies. */
  const nestedLists = (depth: number, name = "facts.topicList") =>
    `${`{{#${name}}}`.repeat(depth)}x${`{{/${name}}}`.repeat(depth)}`;
  const threeTopics = { ...goRepo, topics: ["go", "payments", "api"] };

  it("refuses at save a list section inside another list section, and sections nested too deep", () => {
    // 401 characters that rendered 59,049 (3^10) before, and ×3 for every extra level.
    const bomb = nestedLists(10);
    expect(bomb.length).toBeGreaterThan(380);
    expect(checkTemplateBody(bomb, [])).toEqual([
      "{{#facts.topicList}} cannot be inside {{#facts.topicList}}: it would repeat once for every item of both lists.",
      "Sections nest at most 3 deep; {{#facts.topicList}} is deeper.",
    ]);
    expect(checkTemplateBody(nestedLists(2), [])).toHaveLength(1);
    // Through a section that renders once, the outer list still encloses the inner one.
    expect(
      checkTemplateBody(
        "{{#facts.workflowList}}{{#facts.language}}{{#facts.topicList}}{{.}}{{/facts.topicList}}{{/facts.language}}{{/facts.workflowList}}",
        [],
      ),
    ).toEqual([
      "{{#facts.topicList}} cannot be inside {{#facts.workflowList}}: it would repeat once for every item of both lists.",
    ]);
    // Unknown names are refused anyway, and count as lists here: {{#facts}} could reach every list.
    expect(checkTemplateBody("{{#facts}}{{#facts.topicList}}x{{/facts.topicList}}{{/facts}}", [])).toContain(
      "{{#facts.topicList}} cannot be inside {{#facts}}: it would repeat once for every item of both lists.",
    );
    expect(checkTemplateBody("{{#a}}{{#b}}{{#c}}{{#d}}x{{/d}}{{/c}}{{/b}}{{/a}}", [])).toContain(
      "Sections nest at most 3 deep; {{#d}} is deeper.",
    );
    // What people write stays allowed: one list inside sections that render once, three deep.
    expect(
      checkTemplateBody(
        "{{#facts.language}}{{^facts.testCommand}}{{#facts.workflowList}}- {{.}}{{/facts.workflowList}}{{/facts.testCommand}}{{/facts.language}}",
        [],
      ),
    ).toEqual([]);
  });

  it("refuses the exponential body again before rendering, whatever was checked at save", () => {
    const started = performance.now();
    for (const depth of [2, 10, 40]) {
      expect(() =>
        renderTemplate({ body: nestedLists(depth), parameters: [], values: {}, repo: threeTopics }),
      ).toThrow(TemplateRenderError);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("the budget holds on its own: output length and time", () => {
    const view = { facts: { topicList: ["a", "b", "c"] } };
    // 3^40 copies of "x": stopped at the length limit after about that many characters of work.
    let started = performance.now();
    expect(() => renderWithinBudget(nestedLists(40), view, { timeMs: 60_000 })).toThrow(
      /longer than 30,000 characters/,
    );
    expect(performance.now() - started).toBeLessThan(5000);
    // 3^40 iterations that write nothing: only the clock stops them.
    const silent = `${"{{#facts.topicList}}".repeat(40)}${"{{/facts.topicList}}".repeat(40)}`;
    started = performance.now();
    expect(() => renderWithinBudget(silent, view, { timeMs: 100 })).toThrow(/takes too long/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("stops as soon as the output passes the prompt limit", () => {
    // Allowed shape, large output: one flat list section over 2,000 workflows, 12 times.
    const repo = { ...goRepo, workflows: Array.from({ length: 2000 }, (_, i) => `workflow number ${i}`) };
    const body = "{{#facts.workflowList}}- {{.}}\n{{/facts.workflowList}}".repeat(12);
    expect(checkTemplateBody(body, [])).toEqual([]);
    const started = performance.now();
    expect(() => renderTemplate({ body, parameters: [], values: {}, repo })).toThrow(
      `The prompt would be longer than ${MAX_RENDERED_LENGTH.toLocaleString("en-US")} characters`,
    );
    expect(performance.now() - started).toBeLessThan(500);
    // Under the limit it renders as before.
    const small = renderTemplate({
      body: "{{#facts.workflowList}}- {{.}}\n{{/facts.workflowList}}",
      parameters: [],
      values: {},
      repo: goRepo,
    });
    expect(small.prompt).toBe("- CI\n- Copilot Setup Steps");
  });
});

describe("parameters", () => {
  it("validates definitions", () => {
    expect(templateParametersSchema.safeParse(params).success).toBe(true);
    const bad = templateParametersSchema.safeParse([
      { name: "1x", label: "A", type: "text" },
      { name: "c", label: "C", type: "choice", choices: ["only"] },
      { name: "b", label: "B", type: "boolean", default: "yes" },
      { name: "b", label: "B2", type: "text" },
      { name: "r", label: "R", type: "repository", default: "not a repo" },
    ]);
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["0.name", "1.choices", "2.default", "3.name", "4.default"]),
    );
  });

  it("parses form values: booleans, choices, required, repository and branch", () => {
    const all: TemplateParameter[] = [
      ...params,
      { name: "repo", label: "Repo", type: "repository" },
      { name: "branch", label: "Branch", type: "branch" },
    ];
    expect(
      parseParameterValues(all, {
        targetVersion: " 22 ",
        strict: "on",
        level: "high",
        repo: "acme/web-storefront",
        branch: "release/2026.05",
      }),
    ).toEqual({
      ok: true,
      values: {
        targetVersion: "22",
        team: "@acme/platform",
        strict: true,
        level: "high",
        repo: "acme/web-storefront",
        branch: "release/2026.05",
      },
    });
    const failed = parseParameterValues(all, {
      targetVersion: "",
      strict: "maybe",
      level: "medium",
      repo: "web-storefront",
      branch: "bad..branch",
    });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(Object.keys(failed.fieldErrors).sort()).toEqual([
      "branch",
      "level",
      "repo",
      "strict",
      "targetVersion",
    ]);
    expect(failed.fieldErrors.targetVersion).toEqual(["Target version is required."]);
    // A checkbox that is not ticked sends nothing: false.
    const unticked = parseParameterValues(all, { targetVersion: "22" });
    expect(unticked.ok && unticked.values.strict).toBe(false);
    // Previews allow missing required values (the renderer reports them).
    expect(parseParameterValues(all, {}, { allowMissingRequired: true }).ok).toBe(true);
  });
});

describe("starter templates", () => {
  it("have valid parameters and bodies, and render for a bare repository with warnings", () => {
    expect(STARTER_TEMPLATES.map((starter) => starter.slug)).toEqual([
      "new-repository-setup",
      "dependency-upgrade",
      "add-or-fix-ci",
      "docs-sync",
      "weekly-release-prep",
    ]);
    for (const starter of STARTER_TEMPLATES) {
      expect(templateParametersSchema.safeParse(starter.parameters).success, starter.slug).toBe(true);
      expect(checkTemplateBody(starter.body, starter.parameters), starter.slug).toEqual([]);
      const values = Object.fromEntries(
        starter.parameters.filter((p) => p.required && p.type === "text").map((p) => [p.name, "X"]),
      );
      const bare = renderTemplate({
        body: starter.body,
        parameters: starter.parameters,
        values,
        repo: emptyFacts("acme", "new-thing", "main"),
      });
      expect(bare.missingParameters, starter.slug).toEqual([]);
      expect(bare.prompt).not.toMatch(/\{\{|\}\}/);
      expect(bare.warnings, starter.slug).toContain("No test command found");
      const full = renderTemplate({
        body: starter.body,
        parameters: starter.parameters,
        values,
        repo: goRepo,
      });
      expect(full.warnings, starter.slug).toEqual([]);
      expect(full.prompt, starter.slug).toContain("go test ./...");
    }
  });

  it("renders the Node upgrade with the target version", () => {
    const upgrade = STARTER_TEMPLATES.find((starter) => starter.slug === "dependency-upgrade")!;
    const result = renderTemplate({
      body: upgrade.body,
      parameters: upgrade.parameters,
      values: { targetVersion: "22" },
      repo: {
        ...goRepo,
        packageManager: "pnpm",
        testCommand: "pnpm test",
        manifests: ["package.json", "pnpm-lock.yaml"],
      },
    });
    expect(result.prompt).toMatch(/^Upgrade Node\.js to 22 in acme\/checkout-api\./);
    expect(result.prompt).toContain("regenerate the lockfile with pnpm");
    expect(result.prompt).toContain("Run `pnpm test`");
  });
});
