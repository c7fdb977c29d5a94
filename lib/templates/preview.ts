/**
 * The template preview: the exact prompt each repository would receive from a version, with its
 * warnings. Facts are read with the person's own token (so a repository they cannot see says so)
 * and cached. Worker-safe: the person comes in as an ActingUser.
 */
import { fail, ok, type ActionResult } from "@/lib/result";
import { mapLimit } from "@/lib/concurrency";
import { GitHubError } from "@/lib/github";
import { getRepositoryFacts } from "@/lib/repo-facts/facts";
import type { ActingUser } from "@/lib/auth/acting";
import type { TemplatePreviewRequest } from "./form";
import { parseParameterValues } from "./parameters";
import { loadTemplateVersion } from "./prompt";
import { renderTemplate, TemplateRenderError } from "./render";

export type TemplatePreview = {
  repository: string;
  prompt: string;
  warnings: string[];
  missingParameters: string[];
  error?: string;
};

export async function previewTemplate(
  acting: ActingUser,
  request: TemplatePreviewRequest,
): Promise<ActionResult<TemplatePreview[]>> {
  const { templateVersionId, values, baseRef } = request;
  // One preview per repository, whatever case it was typed in.
  const unique = new Map<string, string>();
  for (const name of request.repositories)
    if (!unique.has(name.toLowerCase())) unique.set(name.toLowerCase(), name);
  const repositories = [...unique.values()];
  // An archived template's versions can still be previewed on its page.
  const version = await loadTemplateVersion(acting.db, templateVersionId, { includeArchived: true });
  if (!version) return fail("not_found", "That template version no longer exists.");
  const parameters = parseParameterValues(version.parameters, values, { allowMissingRequired: true });
  if (!parameters.ok)
    return fail("invalid_input", "Check the highlighted parameters.", {
      fieldErrors: parameters.fieldErrors,
    });
  // A few at a time: each uncached repository is several requests.
  const previews = await acting.withClient((client) =>
    mapLimit(repositories, 4, async (fullName): Promise<TemplatePreview> => {
      const [owner, name] = fullName.split("/") as [string, string];
      try {
        const facts = await getRepositoryFacts(acting.db, client, { owner, name });
        const rendered = renderTemplate({
          body: version.body,
          parameters: version.parameters,
          values: parameters.values,
          repo: facts,
          baseRef: baseRef || version.defaultBaseRef,
        });
        return { repository: facts.fullName, ...rendered };
      } catch (error) {
        // Over the rendering limits: say so for this repository instead of failing the whole preview.
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
  return ok(previews);
}
