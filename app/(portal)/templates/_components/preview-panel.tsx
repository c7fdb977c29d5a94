"use client";

import { useState, useTransition } from "react";
import { ParameterFields } from "@/components/parameter-fields";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage, type ResultLike } from "@/components/ui/form";
import { Input, Textarea } from "@/components/ui/input";
import type { TemplatePreview } from "@/lib/templates/preview";
import { previewTemplateAction } from "../actions";
import {
  parameterFormValues,
  shownParameterValues,
  type TemplateParameter,
} from "@/lib/templates/parameters";

type Problem = Extract<ResultLike, { ok: false }>;

/** Pick a few repositories, fill the parameters, and see the exact prompt each one receives. */
export function PreviewPanel({
  versionId,
  version,
  parameters,
  defaultBaseRef,
}: {
  versionId: string;
  version: number;
  parameters: TemplateParameter[];
  defaultBaseRef: string | null;
}) {
  const [pending, startTransition] = useTransition();
  const [previews, setPreviews] = useState<TemplatePreview[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [repositoryText, setRepositoryText] = useState("");
  const named = repositoryText
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter(Boolean);

  const run = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    if (named.length === 0) {
      const message = "Name at least one repository as owner/name.";
      setProblem({ ok: false, code: "invalid_input", message, fieldErrors: { repositories: [message] } });
      return;
    }
    const baseRef = String(data.get("baseRef") ?? "").trim();
    startTransition(async () => {
      const result = await previewTemplateAction({
        templateVersionId: versionId,
        repositories: named,
        values: parameterFormValues(data),
        baseRef: baseRef || undefined,
      });
      if (result.ok) {
        setProblem(null);
        setPreviews(result.data);
      } else {
        setPreviews(null);
        // Parameter errors come keyed by parameter name; the fields are `param.<name>`.
        const fieldErrors = Object.fromEntries(
          Object.entries(result.fieldErrors ?? {}).map(([key, messages]) => [
            parameters.some((parameter) => parameter.name === key) ? `param.${key}` : key,
            messages,
          ]),
        );
        setProblem({ ...result, fieldErrors });
      }
    });
  };

  return (
    <div className="space-y-4">
      <form onSubmit={run} className="space-y-4" noValidate>
        <Field
          id="preview-repositories"
          name="repositories"
          label="Repositories"
          required
          hint="owner/name, one per line or separated by commas (up to 20). Facts are read with your GitHub access."
          error={problem?.fieldErrors?.repositories}
        >
          {(control) => (
            <Textarea
              {...control}
              rows={3}
              value={repositoryText}
              onChange={(event) => setRepositoryText(event.target.value)}
              placeholder="owner/name"
              className="font-mono"
            />
          )}
        </Field>
        <Field
          id="preview-baseRef"
          name="baseRef"
          label="Base branch"
          optional="each repository's default branch"
          error={problem?.fieldErrors?.baseRef}
        >
          {(control) => <Input {...control} defaultValue={defaultBaseRef ?? ""} />}
        </Field>
        <ParameterFields
          legend={`Parameters of version ${version}`}
          idPrefix="preview"
          parameters={parameters}
          values={shownParameterValues(parameters, {})}
          errors={problem?.fieldErrors}
          repository={named.length === 1 ? named[0]! : null}
          noRepository="Name one repository above to see its branches."
        />
        <SubmitButton pending={pending} pendingLabel="Rendering…">
          Preview prompts
        </SubmitButton>
        <FormMessage result={problem} />
      </form>
      <div aria-live="polite">
        {previews ? (
          <ul className="space-y-4" aria-label="Rendered prompts">
            {previews.map((preview) => (
              <li key={preview.repository} className="rounded-lg border border-line bg-canvas p-4">
                <h3 className="font-mono text-sm font-semibold">{preview.repository}</h3>
                {preview.error ? (
                  <p className="mt-2 text-sm text-needs-human">{preview.error}</p>
                ) : (
                  <>
                    {preview.missingParameters.length > 0 ? (
                      <p className="mt-2 rounded-md border border-needs-human bg-needs-human-soft p-2 text-sm text-fg">
                        Incomplete: fill in{" "}
                        {preview.missingParameters
                          .map((name) => parameters.find((p) => p.name === name)?.label ?? name)
                          .join(", ")}
                        .
                      </p>
                    ) : null}
                    {preview.warnings.length > 0 ? (
                      <div className="mt-2 text-sm">
                        <p className="font-medium">Missing facts</p>
                        <ul className="ml-5 list-disc text-fg-muted">
                          {preview.warnings.map((warning) => (
                            <li key={warning}>{warning}</li>
                          ))}
                        </ul>
                      </div>
                    ) : (
                      <p className="mt-2 text-sm text-finished">Every fact the template uses was found.</p>
                    )}
                    <pre
                      tabIndex={0}
                      aria-label={`Prompt for ${preview.repository}`}
                      className="mt-3 max-h-96 overflow-auto whitespace-pre-wrap rounded-md border border-line bg-surface p-3 text-xs text-fg"
                    >
                      {preview.prompt}
                    </pre>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
