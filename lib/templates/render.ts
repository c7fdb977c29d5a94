/**
 * Renders a template version for one repository: Mustache (logic-less, no HTML escaping: the output is
 * a prompt, not a page) over the repository's facts and the parameter values.
 *
 * Rendering is bounded, whoever wrote the body: Mustache looks names up through the context stack,
 * so a list section nested in another list section repeats once per item of every enclosing list
 * (n^depth output from a few hundred characters). Such bodies are refused at save and again before
 * every render (a body saved before these rules never reaches Mustache), and the writer stops as
 * soon as the output passes the prompt limit or the render takes longer than its time budget.
 */
import Mustache from "mustache";
import { MAX_PROMPT_LENGTH } from "@/lib/github/schemas";
import type { RepoFactsView } from "@/lib/repo-facts/types";
import { defaultValue, type ParameterValues, type TemplateParameter } from "./parameters";

export type { RepoFactsView };

/** How deep sections ({{#x}}…{{/x}} and {{^x}}…{{/x}}) may nest. */
export const MAX_SECTION_DEPTH = 3;
/** Rendering stops past this many characters: a longer prompt could not be sent anyway. */
export const MAX_RENDERED_LENGTH = MAX_PROMPT_LENGTH;
/** Rendering stops after this long (a bounded body renders in well under a millisecond). */
export const RENDER_TIME_BUDGET_MS = 1000;

/** A body that cannot be rendered within the limits; the message is for the person who uses it. */
export class TemplateRenderError extends Error {
  override name = "TemplateRenderError";
}

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

/** Lists, for {{#facts.workflowList}}- {{.}}{{/facts.workflowList}}: a section over one repeats. */
const LIST_NAMES = new Set([
  "facts.codeownersList",
  "facts.workflowList",
  "facts.manifestList",
  "facts.topicList",
]);

const KNOWN_NAMES = new Set([...TEMPLATE_VARIABLES.map((variable) => variable.name), ...LIST_NAMES, "."]);

/**
 * Whether a section over `name` may repeat. Only names known to hold one value (or a parameter, which
 * is text or yes/no) render their section at most once; anything else counts as a list.
 */
function mayRepeat(name: string): boolean {
  if (name === "." || name.startsWith("params.")) return false;
  return LIST_NAMES.has(name) || !KNOWN_NAMES.has(name);
}

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

/** Parses with a writer of its own: Mustache's shared writer caches every body it ever parsed. */
function parse(body: string): Mustache.TemplateSpans {
  return new Mustache.Writer().parse(body) as Mustache.TemplateSpans;
}

/** Names a template refers to ({{x}}, {{{x}}}, {{&x}}, {{#x}}, {{^x}}), and whether it uses partials. */
export function referencedNames(body: string): { names: Set<string>; partials: boolean } {
  return namesIn(parse(body));
}

function namesIn(spans: Mustache.TemplateSpans): { names: Set<string>; partials: boolean } {
  const names = new Set<string>();
  let partials = false;
  const walk = (list: Mustache.TemplateSpans) => {
    for (const span of list as Span[]) {
      const [type, value] = span;
      if (type === ">") partials = true;
      if (type === "name" || type === "&" || type === "#" || type === "^") names.add(value);
      if ((type === "#" || type === "^") && Array.isArray(span[4])) walk(span[4]);
    }
  };
  walk(spans);
  return { names, partials };
}

/**
 * What makes a body's output grow faster than its length: sections nested deeper than
 * MAX_SECTION_DEPTH, and a list section inside another list section. Empty when the shape is fine.
 */
function shapeProblems(spans: Mustache.TemplateSpans): string[] {
  const problems = new Set<string>();
  const walk = (list: Mustache.TemplateSpans, depth: number, enclosingList: string | null) => {
    for (const span of list as Span[]) {
      const [type, name] = span;
      if ((type !== "#" && type !== "^") || !Array.isArray(span[4])) continue;
      if (depth + 1 > MAX_SECTION_DEPTH)
        problems.add(`Sections nest at most ${MAX_SECTION_DEPTH} deep; {{${type}${name}}} is deeper.`);
      const repeats = type === "#" && mayRepeat(name);
      if (repeats && enclosingList)
        problems.add(
          `{{#${name}}} cannot be inside {{#${enclosingList}}}: it would repeat once for every item of both lists.`,
        );
      walk(span[4] as Mustache.TemplateSpans, depth + 1, repeats ? name : enclosingList);
    }
  };
  walk(spans, 0, null);
  return [...problems];
}

/**
 * Problems that make a body unusable, for the editor: syntax errors, partials, sections nested too
 * deep or lists inside lists, unknown variables and parameters that are not defined. Empty when the
 * body is fine.
 */
export function checkTemplateBody(body: string, parameters: TemplateParameter[]): string[] {
  let spans: Mustache.TemplateSpans;
  try {
    spans = parse(body);
  } catch (error) {
    return [`The template does not parse: ${error instanceof Error ? error.message : "syntax error"}.`];
  }
  const found = namesIn(spans);
  const problems: string[] = [];
  if (found.partials) problems.push("Partials ({{> name}}) are not supported.");
  problems.push(...shapeProblems(spans));
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

/**
 * A Mustache writer that stops as soon as any part of the output passes `maxLength` characters (every
 * part ends up in the output, so the whole would too) or the render runs past its deadline.
 */
class BoundedWriter extends Mustache.Writer {
  constructor(
    private readonly maxLength: number,
    private readonly deadline: number,
  ) {
    super();
  }

  override renderTokens(
    tokens: string[][],
    context: Mustache.Context,
    partials?: Mustache.PartialsOrLookupFn,
    originalTemplate?: string,
    config?: Mustache.RenderOptions,
  ): string {
    let buffer = "";
    // One token at a time through Mustache's own dispatch; nested sections come back here.
    for (const token of tokens) {
      buffer += super.renderTokens([token], context, partials, originalTemplate, config);
      if (buffer.length > this.maxLength)
        throw new TemplateRenderError(
          `The prompt would be longer than ${this.maxLength.toLocaleString("en-US")} characters, the most GitHub takes.`,
        );
      if (performance.now() > this.deadline)
        throw new TemplateRenderError("The template takes too long to render. Simplify its sections.");
    }
    return buffer;
  }
}

/**
 * Mustache without escaping, stopped by TemplateRenderError past `maxLength` characters or `timeMs`.
 * renderTemplate checks the body's shape first; this is the budget that holds even without that.
 */
export function renderWithinBudget(
  body: string,
  view: object,
  { maxLength = MAX_RENDERED_LENGTH, timeMs = RENDER_TIME_BUDGET_MS } = {},
): string {
  const writer = new BoundedWriter(maxLength, performance.now() + timeMs);
  return writer.render(body, view, undefined, { escape: (value: unknown) => String(value) });
}

/**
 * Renders a body for one repository. Throws TemplateRenderError when the body's shape is refused
 * (checked here again, whatever was checked at save) or the output passes its budget.
 */
export function renderTemplate(input: RenderInput): RenderResult {
  const { repo, parameters } = input;
  let spans: Mustache.TemplateSpans;
  try {
    spans = parse(input.body);
  } catch (error) {
    throw new TemplateRenderError(
      `The template does not parse: ${error instanceof Error ? error.message : "syntax error"}.`,
    );
  }
  const shape = shapeProblems(spans);
  if (namesIn(spans).partials) shape.push("Partials ({{> name}}) are not supported.");
  if (shape.length > 0)
    throw new TemplateRenderError(`This template cannot be used until it is edited: ${shape.join(" ")}`);
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
  const { names } = namesIn(spans);
  for (const name of names) {
    if (!(name in MISSING_FACT) || !isMissing(view, name)) continue;
    // A CODEOWNERS file without a rule for the whole repository is a different gap from no file.
    if (name.startsWith("facts.codeowners") && repo.codeownersPath && name !== "facts.codeownersPath")
      warnings.add(`${repo.codeownersPath} has no rule for the whole repository`);
    else warnings.add(MISSING_FACT[name]!);
  }
  if (!view.baseRef && names.has("baseRef")) warnings.add(MISSING_FACT["repo.defaultBranch"]!);

  const rendered = renderWithinBudget(input.body, view);
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
