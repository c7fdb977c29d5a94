/**
 * A template version as everything else reads it (one DTO), and its prompt rendered on the server for
 * one repository from the stored version, validated parameter values and the repository's facts.
 * Launch, new-repository setup and the template preview all start from this, never from a prompt the
 * browser rendered. No "server-only": tests and the worker call it with their own db.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { GitHubClient } from "@/lib/github";
import { getRepositoryFacts } from "@/lib/repo-facts/facts";
import { readParameters } from "./parameter-schema";
import { parseParameterValues, type ParameterValues, type TemplateParameter } from "./parameters";
import { renderTemplate, type RenderResult } from "./render";

export type TemplateVersionDto = {
  id: string;
  templateId: string;
  version: number;
  body: string;
  parameters: TemplateParameter[];
  defaultModel: string | null;
  defaultCreatePullRequest: boolean;
  defaultBaseRef: string | null;
  changeNote: string | null;
  createdByLogin: string | null;
  createdAt: Date;
};

type VersionRow = Omit<TemplateVersionDto, "parameters"> & { parameters: unknown };

export function toTemplateVersionDto(row: VersionRow): TemplateVersionDto {
  return {
    id: row.id,
    templateId: row.templateId,
    version: row.version,
    body: row.body,
    parameters: readParameters(row.parameters),
    defaultModel: row.defaultModel,
    defaultCreatePullRequest: row.defaultCreatePullRequest,
    defaultBaseRef: row.defaultBaseRef,
    changeNote: row.changeNote,
    createdByLogin: row.createdByLogin,
    createdAt: row.createdAt,
  };
}

/**
 * A version that may still be used to start tasks: null when it is gone or its template is archived
 * (unless `includeArchived`, for looking at it).
 */
export async function loadTemplateVersion(
  db: Pick<PrismaClient, "templateVersion">,
  id: string,
  options: { includeArchived?: boolean } = {},
): Promise<TemplateVersionDto | null> {
  const row = await db.templateVersion.findUnique({
    where: { id },
    include: { template: { select: { archivedAt: true } } },
  });
  if (!row || (row.template.archivedAt && !options.includeArchived)) return null;
  return toTemplateVersionDto(row);
}

/** Form fields named `param.<name>` → raw values keyed by parameter name. */
export function rawParameterValues(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(
        (entry): entry is [string, string] => entry[0].startsWith("param.") && typeof entry[1] === "string",
      )
      .map(([key, value]) => [key.slice("param.".length), value]),
  );
}

/** Validates `param.*` form fields; field errors come back keyed `param.<name>`. */
export function parseFormParameters(
  version: Pick<TemplateVersionDto, "parameters">,
  values: Record<string, unknown>,
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
  version: Pick<TemplateVersionDto, "body" | "parameters">,
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
