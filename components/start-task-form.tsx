"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useCallback, useEffect, useRef, useState } from "react";
import {
  BranchField,
  Combobox,
  FieldError,
  inputClass,
  ParameterFields,
  useDebounced,
  useHydrated,
  useRepositorySearch,
} from "@/components/launch-pickers";
import { TASK_MODELS } from "@/lib/github/schemas";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";
import type { LaunchPreview } from "@/lib/tasks/launch-form";
import type { StartedTaskSummary } from "@/lib/tasks/start";
import type { TemplateParameter } from "@/lib/templates/parameters";

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

/** The launch page's actions (app/(portal)/launch/actions.ts), passed in by the page. */
export type LaunchActions = {
  start: (previous: unknown, formData: FormData) => Promise<ActionResult<StartedTaskSummary>>;
  preview: (input: Record<string, unknown>) => Promise<ActionResult<LaunchPreview>>;
};

/**
 * `initial` prefills the form (Edit and retry); `previousTaskId` links the new task to the one it
 * retries, so triage closes the original's item when this attempt completes. With `template`, the
 * template's parameters replace the prompt and the server renders it for the chosen repository.
 */
export function StartTaskForm({
  actions,
  initial = {},
  previousTaskId,
  template = null,
}: {
  actions: LaunchActions;
  initial?: Record<string, string>;
  previousTaskId?: string;
  template?: LaunchTemplate | null;
}) {
  const [result, submit, pending] = useActionState(actions.start, null);
  const router = useRouter();
  // Started: the task page follows it from here (live while it runs).
  useEffect(() => {
    if (result?.ok) router.push(`/tasks/${result.data.id}?started=1`);
  }, [result, router]);
  const typed = (name: string) => (result && !result.ok ? result.values?.[name] : undefined) ?? initial[name];
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const invalid = (name: string) => Boolean(errors?.[name]);

  const [owner, setOwner] = useState(initial.owner ?? "acme");
  const [repo, setRepo] = useState(initial.repo ?? "");
  const [baseRef, setBaseRef] = useState(initial.base_ref ?? template?.defaultBaseRef ?? "");
  const fullName = owner.trim() && repo.trim() ? `${owner.trim()}/${repo.trim()}` : null;

  // The repository picker searches what is typed; picking "owner/name" fills both fields.
  const [repoListOpen, setRepoListOpen] = useState(false);
  const search = useRepositorySearch(
    repo.includes("/") ? repo : `${owner}/${repo}`.replace(/^\//, ""),
    repoListOpen,
  );
  const repositories = search.data?.repositories ?? [];

  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const [formState, setFormState] = useState("");
  const refresh = useCallback(() => setFormState(snapshot(formRef.current)), []);
  useEffect(refresh, [refresh, owner, repo, baseRef]);

  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <form
        ref={formRef}
        onChange={refresh}
        onSubmit={(event) => {
          // Submitted in a transition instead of through `action`, so React does not reset the form.
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          startTransition(() => submit(data));
        }}
        className="space-y-4"
        noValidate
      >
        {previousTaskId ? <input type="hidden" name="previous_task_id" value={previousTaskId} /> : null}
        {template ? <input type="hidden" name="template_version_id" value={template.versionId} /> : null}
        <fieldset disabled={!hydrated} className="contents space-y-4">
          <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,2fr)] gap-3">
            <div>
              <label className="block text-sm font-medium text-fg">
                Owner
                <input
                  name="owner"
                  required
                  value={owner}
                  onChange={(event) => setOwner(event.target.value)}
                  className={inputClass}
                  aria-invalid={invalid("owner")}
                  aria-describedby="owner-error"
                />
              </label>
              <FieldError errors={errors} name="owner" />
            </div>
            <div>
              <Combobox
                label="Repository"
                name="repo"
                value={repo}
                onOpenChange={setRepoListOpen}
                required
                invalid={invalid("repo")}
                onChange={(value) => {
                  const [first, second] = value.split("/");
                  if (second !== undefined && first) {
                    setOwner(first);
                    setRepo(second);
                  } else setRepo(value);
                }}
                loading={search.isFetching && repositories.length === 0}
                status={
                  search.error
                    ? search.error.message
                    : repositories.length === 0 && search.isSuccess
                      ? "No repository you can push to matches."
                      : null
                }
                options={repositories.map((option) => ({
                  value: option.fullName,
                  label: option.fullName,
                  hint: option.visibility ?? undefined,
                }))}
              />
              <FieldError errors={errors} name="repo" />
            </div>
          </div>
          <div>
            <BranchField
              label={
                <>
                  Base branch{" "}
                  <span className="font-normal text-fg-muted">(optional: the repository default)</span>
                </>
              }
              name="base_ref"
              value={baseRef}
              onChange={setBaseRef}
              repository={fullName}
              invalid={invalid("base_ref")}
            />
            <FieldError errors={errors} name="base_ref" />
          </div>
          {template ? (
            <ParameterFields
              parameters={template.parameters}
              initial={Object.fromEntries(
                template.parameters.map((parameter) => [parameter.name, typed(`param.${parameter.name}`)]),
              )}
              errors={errors}
              repository={fullName}
            />
          ) : (
            <div>
              <label className="block text-sm font-medium text-fg">
                Prompt
                <textarea
                  name="prompt"
                  defaultValue={typed("prompt")}
                  required
                  rows={6}
                  className={inputClass}
                  aria-invalid={invalid("prompt")}
                  aria-describedby="prompt-error"
                />
              </label>
              <FieldError errors={errors} name="prompt" />
            </div>
          )}
          <div className="grid grid-cols-2 gap-3">
            <label className="block text-sm font-medium text-fg">
              Model
              <select
                name="model"
                defaultValue={typed("model") ?? template?.defaultModel ?? ""}
                className={inputClass}
              >
                <option value="">Automatic</option>
                {TASK_MODELS.map((model) => (
                  <option key={model} value={model}>
                    {model}
                  </option>
                ))}
              </select>
            </label>
            <div>
              <label className="block text-sm font-medium text-fg">
                Custom agent <span className="font-normal text-fg-muted">(optional)</span>
                <input
                  name="custom_agent"
                  defaultValue={typed("custom_agent")}
                  placeholder="e.g. performance-optimizer"
                  className={inputClass}
                  aria-invalid={invalid("custom_agent")}
                  aria-describedby="custom_agent-error"
                />
              </label>
              <FieldError errors={errors} name="custom_agent" />
            </div>
          </div>
          <label className="flex items-center gap-2 text-sm text-fg">
            <input
              type="checkbox"
              name="create_pull_request"
              defaultChecked={
                (typed("create_pull_request") ??
                  (template?.defaultCreatePullRequest === false ? "off" : "on")) === "on"
              }
            />
            Open a pull request
          </label>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-accent px-4 py-2.5 text-sm font-semibold text-on-accent disabled:opacity-60"
          >
            {pending ? "Starting…" : "Start task"}
          </button>
        </fieldset>
        {result && !result.ok ? <StartProblem result={result} /> : null}
      </form>
      <div className="space-y-6">
        {result?.ok ? (
          <p role="status" className="rounded-lg border border-line bg-surface p-5 text-sm text-fg">
            Started in {result.data.repo}. Opening the task page…
          </p>
        ) : null}
        <LaunchPreviewPanel formState={formState} template={template} preview={actions.preview} />
      </div>
    </div>
  );
}

function StartProblem({ result }: { result: ActionFailure }) {
  const unknown = result.code === "outcome_unknown";
  return (
    <div
      role="alert"
      className={`rounded-md border p-3 text-sm text-fg ${unknown ? "border-in-flight bg-in-flight-soft" : "border-needs-human bg-needs-human-soft"}`}
    >
      {unknown ? <p className="font-semibold">Start not confirmed: do not start it again yet.</p> : null}
      <p>
        {result.message}
        {result.signInAgain ? (
          <>
            {" "}
            <a href="/sign-in?reason=token_expired" className="font-medium underline">
              Sign in again
            </a>
          </>
        ) : null}
      </p>
      {unknown ? (
        <p className="mt-1">
          <Link href="/tasks" className="font-medium underline">
            Look on the tasks page
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function LaunchPreviewPanel({
  formState,
  template,
  preview: previewLaunch,
}: {
  formState: string;
  template: LaunchTemplate | null;
  preview: LaunchActions["preview"];
}) {
  const debounced = useDebounced(formState, 400);
  const fields = (debounced ? JSON.parse(debounced) : {}) as Record<string, string>;
  const ready = Boolean(fields.owner?.trim() && fields.repo?.trim());
  const query = useQuery({
    queryKey: ["launch-preview", debounced],
    enabled: ready,
    staleTime: 15_000,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const result = await previewLaunch({
        templateVersionId: template?.versionId,
        owner: fields.owner?.trim(),
        repo: fields.repo?.trim(),
        baseRef: fields.base_ref?.trim() || undefined,
        model: fields.model || undefined,
        createPullRequest: fields.create_pull_request === "on",
        values: Object.fromEntries(Object.entries(fields).filter(([key]) => key.startsWith("param."))),
      });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
  });
  const preview = ready ? query.data : undefined;
  return (
    <section
      aria-labelledby="preview-heading"
      className="self-start rounded-lg border border-line bg-surface p-5"
    >
      <h2 id="preview-heading" className="text-lg font-semibold text-fg">
        {template ? "Prompt preview" : "Before you start"}
      </h2>
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
    </section>
  );
}
