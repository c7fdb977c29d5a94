/**
 * Renders a template version for one repository on the server, from the stored version, validated
 * parameter values and the repository's facts. Launch and new-repository setup both start from this
 * (never from a prompt the browser rendered). No "server-only": tests call it with their own db.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { GitHubClient } from "@/lib/github";
import { getRepositoryFacts } from "@/lib/repo-facts/facts";
import {
  parseParameterValues,
  readParameters,
  type ParameterValues,
  type TemplateParameter,
} from "@/lib/templates/parameters";
import { renderTemplate, type RenderResult } from "@/lib/templates/render";

export type LoadedTemplateVersion = {
  id: string;
  templateId: string;
  templateName: string;
  category: string;
  version: number;
  body: string;
  parameters: TemplateParameter[];
  defaultModel: string | null;
  defaultCreatePullRequest: boolean;
  defaultBaseRef: string | null;
};

export async function loadTemplateVersion(
  db: Pick<PrismaClient, "templateVersion">,
  id: string,
): Promise<LoadedTemplateVersion | null> {
  const row = await db.templateVersion.findUnique({
    where: { id },
    include: { template: { select: { name: true, category: true, archivedAt: true } } },
  });
  if (!row || row.template.archivedAt) return null;
  return {
    id: row.id,
    templateId: row.templateId,
    templateName: row.template.name,
    category: row.template.category,
    version: row.version,
    body: row.body,
    parameters: readParameters(row.parameters),
    defaultModel: row.defaultModel,
    defaultCreatePullRequest: row.defaultCreatePullRequest,
    defaultBaseRef: row.defaultBaseRef,
  };
}

/** Form fields named `param.<name>` → raw values keyed by parameter name. */
export function rawParameterValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => key.startsWith("param."))
      .map(([key, value]) => [key.slice("param.".length), value]),
  );
}

/** Validates `param.*` form fields; field errors come back keyed `param.<name>`. */
export function parseFormParameters(
  version: Pick<LoadedTemplateVersion, "parameters">,
  values: Record<string, string>,
  options: { allowMissingRequired?: boolean } = {},
): { ok: true; values: ParameterValues } | { ok: false; fieldErrors: Record<string, string[]> } {
  const parsed = parseParameterValues(version.parameters, rawParameterValues(values), options);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    fieldErrors: Object.fromEntries(
      Object.entries(parsed.fieldErrors).map(([name, messages]) => [`param.${name}`, messages]),
    ),
  };
}

export async function renderForRepository(
  db: PrismaClient,
  client: GitHubClient,
  version: LoadedTemplateVersion,
  values: ParameterValues,
  repo: { owner: string; name: string },
  options: { baseRef?: string | null; maxAgeMs?: number } = {},
): Promise<RenderResult> {
  const facts = await getRepositoryFacts(
    db,
    client,
    repo,
    options.maxAgeMs === undefined ? undefined : { maxAgeMs: options.maxAgeMs },
  );
  return renderTemplate({
    body: version.body,
    parameters: version.parameters,
    values,
    repo: facts,
    baseRef: options.baseRef ?? null,
  });
}
