"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { ParameterFields } from "@/components/parameter-fields";
import { BranchCombobox, RepositoryCombobox } from "@/components/repository-pickers";
import { ModelField, PullRequestField } from "@/components/task-option-fields";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { failureCode, FormMessage, formFeedback, submitKeepingValues } from "@/components/ui/form";
import { useDebounced, useHydrated } from "@/components/ui/hooks";
import { Input, Textarea } from "@/components/ui/input";
import { launchPreviewQuery, type LaunchPreviewInput } from "@/lib/queries/launch";
import { previewLaunchAction, startTaskAction } from "../actions";
import { shownParameterValues, type TemplateParameter } from "@/lib/templates/parameters";
import { Section } from "@/components/ui/section";

/** The template version a launch renders (the newest version of the chosen template). */
export type LaunchTemplate = {
  versionId: string;
  templateId: string;
  name: string;
  version: number;
  description: string;
  parameters: TemplateParameter[];
  defaultModel: string | null;
  defaultCreatePullRequest: boolean;
  defaultBaseRef: string | null;
};

/** What the preview is computed from: the form's fields, read on every change. */
function snapshot(form: HTMLFormElement | null): string {
  if (!form) return "";
  const data = new FormData(form);
  const values: Record<string, string> = {};
  for (const [key, value] of data.entries()) if (typeof value === "string") values[key] = value;
  return JSON.stringify(values);
}

/**
 * `initial` prefills the form (Edit and retry); `previousTaskId` links the new task to the one it
 * retries, so triage closes the original's item when this attempt completes. With `template`, the
 * template's parameters replace the prompt and the server renders it for the chosen repository.
 */
export function StartTaskForm({
  initial = {},
  previousTaskId,
  template = null,
}: { initial?: Record<string, string>; previousTaskId?: string; template?: LaunchTemplate | null } = {}) {
  const [result, submit, pending] = useActionState(startTaskAction, null);
  const router = useRouter();
  // Started: the task page follows it from here (live while it runs).
  useEffect(() => {
    if (result?.ok) router.push(`/tasks/${result.data.id}?started=1`);
  }, [result, router]);
  const f = formFeedback(result, "launch");

  const [owner, setOwner] = useState(initial.owner ?? "");
  const [repo, setRepo] = useState(initial.repo ?? "");
  const [baseRef, setBaseRef] = useState(initial.base_ref ?? template?.defaultBaseRef ?? "");
  const fullName = owner.trim() && repo.trim() ? `${owner.trim()}/${repo.trim()}` : null;

  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const [formState, setFormState] = useState("");
  const refresh = useCallback(() => setFormState(snapshot(formRef.current)), []);
  useEffect(refresh, [refresh, owner, repo, baseRef]);

  const unknown = failureCode(result) === "outcome_unknown";
  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <form
        ref={formRef}
        onChange={refresh}
        onSubmit={submitKeepingValues(submit)}
        className="space-y-4"
        noValidate
      >
        {previousTaskId ? <input type="hidden" name="previous_task_id" value={previousTaskId} /> : null}
        {template ? <input type="hidden" name="template_version_id" value={template.versionId} /> : null}
        {/* Disabled until hydrated: the pickers are controlled, and typing before would be lost. */}
        <fieldset disabled={!hydrated} className="min-w-0 space-y-4">
          <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,2fr)] gap-3">
            <Field label="Owner" required {...f.field("owner")}>
              {(control) => (
                <Input {...control} value={owner} onChange={(event) => setOwner(event.target.value)} />
              )}
            </Field>
            <Field label="Repository" required {...f.field("repo")}>
              {(control) => (
                <RepositoryCombobox
                  {...control}
                  value={repo}
                  // Typing a name alone searches within the owner; picking owner/name fills both.
                  search={repo.includes("/") ? repo : `${owner}/${repo}`.replace(/^\//, "")}
                  placeholder="name, or owner/name"
                  onChange={(value) => {
                    const [first, second] = value.split("/");
                    if (second !== undefined && first) {
                      setOwner(first);
                      setRepo(second);
                    } else setRepo(value);
                  }}
                />
              )}
            </Field>
          </div>
          <Field label="Base branch" optional="the repository default" {...f.field("base_ref")}>
            {(control) => (
              <BranchCombobox {...control} value={baseRef} onChange={setBaseRef} repository={fullName} />
            )}
          </Field>
          {template ? (
            <ParameterFields
              legend="Template parameters"
              idPrefix="launch"
              parameters={template.parameters}
              values={shownParameterValues(template.parameters, { submitted: f.failed?.values })}
              errors={f.failed?.fieldErrors}
              repository={fullName}
              onValueChange={refresh}
            />
          ) : (
            <Field label="Prompt" required {...f.field("prompt")}>
              {(control) => (
                <Textarea {...control} rows={6} defaultValue={f.value("prompt", initial.prompt)} />
              )}
            </Field>
          )}
          <div className="grid grid-cols-2 gap-3">
            <ModelField
              id={f.id("model")}
              defaultValue={f.value("model", initial.model ?? template?.defaultModel)}
              error={f.errorOf("model")}
            />
            <Field label="Custom agent" optional {...f.field("custom_agent")}>
              {(control) => (
                <Input
                  {...control}
                  defaultValue={f.value("custom_agent", initial.custom_agent)}
                  placeholder="e.g. performance-optimizer"
                />
              )}
            </Field>
          </div>
          <PullRequestField
            id={f.id("create_pull_request")}
            defaultChecked={f.checked(
              "create_pull_request",
              (initial.create_pull_request ??
                (template?.defaultCreatePullRequest === false ? "off" : "on")) === "on",
            )}
          />
          <SubmitButton pending={pending} pendingLabel="Starting…" size="lg">
            Start task
          </SubmitButton>
        </fieldset>
        <FormMessage
          result={result}
          tone={unknown ? "pending" : undefined}
          title={unknown ? "Start not confirmed: do not start it again yet." : undefined}
        >
          {unknown ? (
            <p>
              <Link href="/tasks" className="font-medium underline">
                Look on the tasks page
              </Link>
            </p>
          ) : null}
        </FormMessage>
      </form>
      <div className="space-y-6">
        {result?.ok ? (
          <p role="status" className="rounded-lg border border-line bg-surface p-5 text-sm text-fg">
            Started in {result.data.repo}. Opening the task page…
          </p>
        ) : null}
        <LaunchPreviewPanel formState={formState} template={template} />
      </div>
    </div>
  );
}

function LaunchPreviewPanel({ formState, template }: { formState: string; template: LaunchTemplate | null }) {
  const debounced = useDebounced(formState, 400);
  const fields = (debounced ? JSON.parse(debounced) : {}) as Record<string, string>;
  const ready = Boolean(fields.owner?.trim() && fields.repo?.trim());
  const input: LaunchPreviewInput = {
    templateVersionId: template?.versionId,
    owner: fields.owner?.trim() ?? "",
    repo: fields.repo?.trim() ?? "",
    baseRef: fields.base_ref?.trim() || undefined,
    model: fields.model || undefined,
    createPullRequest: fields.create_pull_request === "on",
    values: Object.fromEntries(Object.entries(fields).filter(([key]) => key.startsWith("param."))),
  };
  const query = useQuery({
    ...launchPreviewQuery(input, previewLaunchAction),
    enabled: ready,
    placeholderData: (previous) => previous,
  });
  const preview = ready ? query.data : undefined;
  return (
    <Section
      id="preview"
      title={template ? "Prompt preview" : "Before you start"}
      size="lg"
      titleClassName="text-fg"
      className="self-start rounded-lg border border-line bg-surface p-5"
    >
      {!ready ? (
        <p className="mt-2 text-sm text-fg-muted">
          Choose a repository to see {template ? "the exact prompt it will receive and " : ""}what its policy
          changes.
        </p>
      ) : query.isPending ? (
        <p className="mt-2 text-sm text-fg-muted">Rendering…</p>
      ) : query.error ? (
        <p className="mt-2 text-sm text-needs-human">{query.error.message}</p>
      ) : preview ? (
        <div className="mt-3 space-y-3 text-sm" aria-live="polite" data-testid="launch-preview">
          {preview.policyRefusal ? (
            <p className="rounded-md border border-needs-human bg-needs-human-soft p-2 text-fg">
              <strong>Policy:</strong> {preview.policyRefusal}
            </p>
          ) : null}
          {preview.policyNotes.map((note) => (
            <p
              key={note}
              className="rounded-md border border-in-flight bg-in-flight-soft p-2 text-fg"
              data-testid="policy-note"
            >
              <strong>Policy:</strong> {note}
            </p>
          ))}
          {preview.error ? <p className="text-needs-human">{preview.error}</p> : null}
          {preview.missingParameters.length > 0 ? (
            <p className="text-needs-human">Still needed: {preview.missingParameters.join(", ")}.</p>
          ) : null}
          {preview.warnings.length > 0 ? (
            <ul className="list-disc space-y-1 pl-5 text-fg" aria-label="Missing facts">
              {preview.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
          {preview.prompt !== null ? (
            <>
              <p className="text-fg-muted">{preview.repository} will receive exactly this prompt:</p>
              <pre
                data-testid="rendered-prompt"
                tabIndex={0}
                aria-label={`Prompt for ${preview.repository}`}
                className="max-h-96 overflow-auto whitespace-pre-wrap rounded-md border border-line bg-canvas p-3 font-mono text-xs text-fg"
              >
                {preview.prompt}
              </pre>
            </>
          ) : !template && preview.policyNotes.length === 0 && !preview.policyRefusal ? (
            <p className="text-fg-muted">No repository policy changes this start.</p>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}
