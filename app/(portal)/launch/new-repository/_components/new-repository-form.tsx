"use client";

import { startTransition, useActionState, useState } from "react";
import { Combobox, FieldError, inputClass, ParameterFields, useHydrated } from "@/components/launch-pickers";
import { TASK_MODELS } from "@/lib/github/schemas";
import type { TemplateParameter } from "@/lib/templates/parameters";
import { createRepositorySetupAction } from "../actions";

export type SetupTemplate = {
  versionId: string;
  name: string;
  version: number;
  parameters: TemplateParameter[];
  defaultModel: string | null;
  defaultCreatePullRequest: boolean;
};

const VISIBILITIES = [
  { value: "private", label: "Private", help: "Only people given access." },
  { value: "internal", label: "Internal", help: "Everyone in the enterprise can read it." },
  { value: "public", label: "Public", help: "Anyone on the internet can read it." },
] as const;

export function NewRepositoryForm({
  orgs,
  templateRepos,
  teams,
  template,
}: {
  orgs: string[];
  templateRepos: string[];
  teams: { id: string; name: string }[];
  template: SetupTemplate;
}) {
  const [result, submit, pending] = useActionState(createRepositorySetupAction, null);
  const failed = result && !result.ok ? result : null;
  const typed = (name: string) => failed?.values?.[name];
  const errors = failed?.fieldErrors;
  const invalid = (name: string) => Boolean(errors?.[name]);
  const [org, setOrg] = useState(orgs[0] ?? "");
  const hydrated = useHydrated();
  const orgOptions = orgs
    // Once an organisation is chosen, offer all of them again.
    .filter((name) => orgs.includes(org) || name.toLowerCase().includes(org.trim().toLowerCase()))
    .map((name) => ({ value: name, label: name }));

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => submit(data));
      }}
      className="max-w-3xl space-y-5"
      noValidate
    >
      <input type="hidden" name="template_version_id" value={template.versionId} />
      <fieldset disabled={!hydrated} className="contents space-y-5">
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <div>
            <Combobox
              label="Organisation"
              name="org"
              value={org}
              onChange={setOrg}
              required
              invalid={invalid("org")}
              options={orgOptions}
              status={orgs.length === 0 ? "You are not a member of any organisation." : null}
            />
            <FieldError errors={errors} name="org" />
          </div>
          <div>
            <label className="block text-sm font-medium text-fg">
              Repository name
              <input
                name="name"
                required
                defaultValue={typed("name")}
                className={inputClass}
                aria-invalid={invalid("name")}
                aria-describedby="name-error"
                autoComplete="off"
              />
            </label>
            <FieldError errors={errors} name="name" />
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-fg">Visibility</legend>
          <div className="mt-1 grid gap-2 sm:grid-cols-3">
            {VISIBILITIES.map((option) => (
              <label
                key={option.value}
                className="flex gap-2 rounded-md border border-line bg-surface p-2 text-sm text-fg"
              >
                <input
                  type="radio"
                  name="visibility"
                  value={option.value}
                  defaultChecked={(typed("visibility") ?? "private") === option.value}
                />
                <span>
                  {option.label}
                  <span className="block text-xs text-fg-muted">{option.help}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError errors={errors} name="visibility" />
        </fieldset>
        <div>
          <label className="block text-sm font-medium text-fg">
            Description <span className="font-normal text-fg-muted">(optional)</span>
            <input
              name="description"
              defaultValue={typed("description")}
              className={inputClass}
              aria-invalid={invalid("description")}
              aria-describedby="description-error"
            />
          </label>
          <FieldError errors={errors} name="description" />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label className="block text-sm font-medium text-fg">
              Owning team in Switchyard
              <select
                name="owning_team_id"
                defaultValue={typed("owning_team_id") ?? ""}
                className={inputClass}
                aria-invalid={invalid("owning_team_id")}
                aria-describedby="owning_team_id-error"
              >
                <option value="">No team yet</option>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </label>
            <p className="mt-1 text-xs text-fg-muted">Triage routes this repository’s tasks to the team.</p>
            <FieldError errors={errors} name="owning_team_id" />
          </div>
          <div>
            <label className="block text-sm font-medium text-fg">
              Template repository
              <select
                name="template_repository"
                defaultValue={typed("template_repository") ?? ""}
                className={inputClass}
                aria-invalid={invalid("template_repository")}
                aria-describedby="template_repository-error"
              >
                <option value="">None: an empty repository with a README</option>
                {templateRepos.map((repo) => (
                  <option key={repo} value={repo}>
                    {repo}
                  </option>
                ))}
              </select>
            </label>
            <p className="mt-1 text-xs text-fg-muted">
              GitHub generates from a template as public or private (internal becomes private).
            </p>
            <FieldError errors={errors} name="template_repository" />
          </div>
        </div>
        <div className="space-y-3">
          <p className="text-sm text-fg">
            Setup task: <strong>{template.name}</strong> v{template.version}, started on the new repository’s
            default branch.
          </p>
          <ParameterFields
            parameters={template.parameters}
            initial={Object.fromEntries(
              template.parameters.map((parameter) => [parameter.name, typed(`param.${parameter.name}`)]),
            )}
            errors={errors}
            repository={null}
          />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="block text-sm font-medium text-fg">
            Model
            <select
              name="model"
              defaultValue={typed("model") ?? template.defaultModel ?? ""}
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
          <label className="flex items-center gap-2 self-end pb-2 text-sm text-fg">
            <input
              type="checkbox"
              name="create_pull_request"
              defaultChecked={
                (typed("create_pull_request") ?? (template.defaultCreatePullRequest ? "on" : "off")) === "on"
              }
            />
            Open a pull request
          </label>
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-accent px-4 py-2.5 text-sm font-semibold text-on-accent disabled:opacity-60"
        >
          {pending ? "Creating…" : "Create repository and start setup"}
        </button>
      </fieldset>
      {failed ? (
        <p
          role="alert"
          className="rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-fg"
        >
          {failed.message}
          {failed.signInAgain ? (
            <>
              {" "}
              <a href="/sign-in?reason=token_expired" className="font-medium underline">
                Sign in again
              </a>
            </>
          ) : null}
        </p>
      ) : null}
    </form>
  );
}
