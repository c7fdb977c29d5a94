/**
 * Renders a template version for one repository: Mustache (logic-less, no HTML escaping: the output is
 * a prompt, not a page) over the repository's facts and the parameter values.
 */
import Mustache from "mustache";
import type { RepoFactsView } from "@/lib/repo-facts/types";
import { defaultValue, type ParameterValues, type TemplateParameter } from "./parameters";

export type { RepoFactsView };

export type RenderInput = {
  body: string;
  parameters: TemplateParameter[];
  values: ParameterValues;
  repo: RepoFactsView;
  baseRef?: string | null;
};

export type RenderResult = {
  prompt: string;
  /** Blocking: required parameters without a value; the prompt is not complete. */
  missingParameters: string[];
  /** Not blocking: facts the template refers to that this repository lacks, as sentences. */
  warnings: string[];
};

/** Every variable a template may use, with what it means (shown next to the editor). */
export const TEMPLATE_VARIABLES: { name: string; description: string }[] = [
  { name: "repo.name", description: "Repository name" },
  { name: "repo.owner", description: "Owner (organisation or user)" },
  { name: "repo.fullName", description: "owner/name" },
  { name: "repo.defaultBranch", description: "Default branch" },
  { name: "repo.visibility", description: "public, internal or private" },
  { name: "baseRef", description: "The branch the task starts from" },
  { name: "facts.language", description: "Primary language" },
  { name: "facts.packageManager", description: "npm, pnpm, go, cargo, poetry, maven…" },
  { name: "facts.testCommand", description: "Test command found in the manifests" },
  { name: "facts.buildCommand", description: "Build command" },
  { name: "facts.lintCommand", description: "Lint command" },
  { name: "facts.manifests", description: "Manifest files at the root, comma-separated" },
  { name: "facts.codeowners", description: "Owners of the whole repository in CODEOWNERS" },
  { name: "facts.codeownersPath", description: "Where the CODEOWNERS file is" },
  { name: "facts.workflows", description: "GitHub Actions workflow names, comma-separated" },
  { name: "facts.topics", description: "Repository topics, comma-separated" },
];

const KNOWN_NAMES = new Set([
  ...TEMPLATE_VARIABLES.map((variable) => variable.name),
  // Lists, for {{#facts.workflowList}}- {{.}}{{/facts.workflowList}}
  "facts.codeownersList",
  "facts.workflowList",
  "facts.manifestList",
  "facts.topicList",
  ".",
]);

/** The sentence shown when a fact the template refers to is missing. */
const MISSING_FACT: Record<string, string> = {
  "repo.defaultBranch": "Default branch unknown",
  "facts.language": "No primary language detected",
  "facts.packageManager": "No package manager detected",
  "facts.testCommand": "No test command found",
  "facts.buildCommand": "No build command found",
  "facts.lintCommand": "No lint command found",
  "facts.manifests": "No manifest files found at the root",
  "facts.manifestList": "No manifest files found at the root",
  "facts.codeowners": "No CODEOWNERS file",
  "facts.codeownersList": "No CODEOWNERS file",
  "facts.codeownersPath": "No CODEOWNERS file",
  "facts.workflows": "No GitHub Actions workflows",
  "facts.workflowList": "No GitHub Actions workflows",
};

type Span = Mustache.TemplateSpans[number];

/** Names a template refers to ({{x}}, {{{x}}}, {{&x}}, {{#x}}, {{^x}}), and whether it uses partials. */
export function referencedNames(body: string): { names: Set<string>; partials: boolean } {
  const names = new Set<string>();
  let partials = false;
  const walk = (spans: Mustache.TemplateSpans) => {
    for (const span of spans as Span[]) {
      const [type, value] = span;
      if (type === ">") partials = true;
      if (type === "name" || type === "&" || type === "#" || type === "^") names.add(value);
      if ((type === "#" || type === "^") && Array.isArray(span[4])) walk(span[4]);
    }
  };
  walk(Mustache.parse(body));
  return { names, partials };
}

/**
 * Problems that make a body unusable, for the editor: syntax errors, partials, unknown variables and
 * parameters that are not defined. Empty when the body is fine.
 */
export function checkTemplateBody(body: string, parameters: TemplateParameter[]): string[] {
  let found: ReturnType<typeof referencedNames>;
  try {
    found = referencedNames(body);
  } catch (error) {
    return [`The template does not parse: ${error instanceof Error ? error.message : "syntax error"}.`];
  }
  const problems: string[] = [];
  if (found.partials) problems.push("Partials ({{> name}}) are not supported.");
  const declared = new Set(parameters.map((parameter) => parameter.name));
  for (const name of found.names) {
    if (name.startsWith("params.")) {
      const parameter = name.slice("params.".length);
      if (!declared.has(parameter)) problems.push(`{{${name}}} is not a parameter of this template.`);
    } else if (!KNOWN_NAMES.has(name)) {
      problems.push(`{{${name}}} is not a known variable.`);
    }
  }
  return problems;
}

const join = (items: string[]) => items.join(", ");

function isMissing(view: Record<string, unknown>, name: string): boolean {
  let current: unknown = view;
  for (const part of name.split(".")) {
    if (current === null || typeof current !== "object") return true;
    current = (current as Record<string, unknown>)[part];
  }
  return (
    current === null ||
    current === undefined ||
    current === "" ||
    (Array.isArray(current) && current.length === 0)
  );
}

export function renderTemplate(input: RenderInput): RenderResult {
  const { repo, parameters } = input;
  const params: ParameterValues = {};
  const missingParameters: string[] = [];
  for (const parameter of parameters) {
    const given = input.values[parameter.name];
    const value = given === undefined ? defaultValue(parameter) : given;
    params[parameter.name] = value;
    if (
      parameter.required &&
      parameter.type !== "boolean" &&
      (typeof value !== "string" || value.trim() === "")
    )
      missingParameters.push(parameter.name);
  }
  const view = {
    repo: {
      name: repo.name,
      owner: repo.owner,
      fullName: repo.fullName,
      defaultBranch: repo.defaultBranch,
      visibility: repo.visibility,
    },
    baseRef: input.baseRef || repo.defaultBranch,
    facts: {
      language: repo.language,
      packageManager: repo.packageManager,
      testCommand: repo.testCommand,
      buildCommand: repo.buildCommand,
      lintCommand: repo.lintCommand,
      manifests: join(repo.manifests),
      manifestList: repo.manifests,
      codeowners: join(repo.codeowners),
      codeownersList: repo.codeowners,
      codeownersPath: repo.codeownersPath,
      workflows: join(repo.workflows),
      workflowList: repo.workflows,
      topics: join(repo.topics),
      topicList: repo.topics,
    },
    params,
  };

  const warnings = new Set<string>();
  const { names } = referencedNames(input.body);
  for (const name of names) {
    if (!(name in MISSING_FACT) || !isMissing(view, name)) continue;
    // A CODEOWNERS file without a rule for the whole repository is a different gap from no file.
    if (name.startsWith("facts.codeowners") && repo.codeownersPath && name !== "facts.codeownersPath")
      warnings.add(`${repo.codeownersPath} has no rule for the whole repository`);
    else warnings.add(MISSING_FACT[name]!);
  }
  if (!view.baseRef && names.has("baseRef")) warnings.add(MISSING_FACT["repo.defaultBranch"]!);

  const rendered = Mustache.render(input.body, view, undefined, {
    escape: (value: unknown) => String(value),
  });
  const prompt = rendered
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { prompt, missingParameters, warnings: [...warnings] };
}

/** A fact view with nothing known, e.g. for a repository that does not exist yet. */
export function emptyFacts(owner: string, name: string, defaultBranch: string | null = null): RepoFactsView {
  return {
    owner,
    name,
    fullName: `${owner}/${name}`,
    defaultBranch,
    language: null,
    packageManager: null,
    testCommand: null,
    buildCommand: null,
    lintCommand: null,
    manifests: [],
    codeownersPath: null,
    codeowners: [],
    workflows: [],
    topics: [],
    visibility: null,
  };
}
