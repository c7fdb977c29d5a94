"use client";

import { useRef, useState, useTransition } from "react";
import type { TemplatePreview } from "@/lib/templates/preview";
import { previewTemplateAction } from "../actions";
import type { TemplateParameter } from "@/lib/templates/parameters";
import { ParameterFields, parameterValuesFromForm } from "./parameter-fields";

const inputClass =
  "mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg aria-[invalid=true]:border-needs-human";

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
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [previews, setPreviews] = useState<TemplatePreview[] | null>(null);
  const [problem, setProblem] = useState<{ message: string; fieldErrors?: Record<string, string[]> } | null>(
    null,
  );

  const run = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const repositories = String(data.get("repositories") ?? "")
      .split(/[\s,]+/)
      .map((name) => name.trim())
      .filter(Boolean);
    if (repositories.length === 0) {
      setProblem({
        message: "Name at least one repository as owner/name.",
        fieldErrors: { repositories: ["Name at least one repository as owner/name."] },
      });
      return;
    }
    const values = parameterValuesFromForm(form, parameters);
    const baseRef = String(data.get("baseRef") ?? "").trim();
    startTransition(async () => {
      const result = await previewTemplateAction({
        templateVersionId: versionId,
        repositories,
        values,
        baseRef: baseRef || undefined,
      });
      if (result.ok) {
        setProblem(null);
        setPreviews(result.data);
      } else {
        setPreviews(null);
        setProblem({ message: result.message, fieldErrors: result.fieldErrors });
      }
    });
  };

  const repoError = problem?.fieldErrors?.repositories?.join(" ");
  return (
    <div className="space-y-4">
      <form ref={formRef} onSubmit={run} className="space-y-4" noValidate>
        <div>
          <label htmlFor="preview-repositories" className="block text-sm font-medium">
            Repositories
          </label>
          <textarea
            id="preview-repositories"
            name="repositories"
            rows={3}
            defaultValue="acme/checkout-api"
            className={`${inputClass} font-mono`}
            aria-describedby={`preview-repositories-hint${repoError ? " preview-repositories-error" : ""}`}
            aria-invalid={repoError ? true : undefined}
          />
          <p id="preview-repositories-hint" className="mt-1 text-xs text-fg-muted">
            owner/name, one per line or separated by commas (up to 20). Facts are read with your GitHub
            access.
          </p>
          {repoError ? (
            <p id="preview-repositories-error" className="mt-1 text-sm text-needs-human">
              {repoError}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="preview-baseRef" className="block text-sm font-medium">
            Base branch <span className="font-normal text-fg-muted">(optional)</span>
          </label>
          <input
            id="preview-baseRef"
            name="baseRef"
            defaultValue={defaultBaseRef ?? ""}
            placeholder="Each repository's default branch"
            className={inputClass}
          />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold">Parameters of version {version}</legend>
          <ParameterFields parameters={parameters} idPrefix="preview-param" errors={problem?.fieldErrors} />
        </fieldset>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-semibold text-on-accent disabled:opacity-60"
        >
          {pending ? "Rendering…" : "Preview prompts"}
        </button>
        {problem ? (
          <p
            role="alert"
            className="rounded-md border border-needs-human bg-needs-human-soft p-2 text-sm text-fg"
          >
            {problem.message}
          </p>
        ) : null}
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
