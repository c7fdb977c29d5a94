"use client";

import { useActionState, useState } from "react";
import { ParameterFields } from "@/components/parameter-fields";
import { ModelField, PullRequestField } from "@/components/task-option-fields";
import { SubmitButton } from "@/components/ui/button";
import { Combobox } from "@/components/ui/combobox";
import { Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback, submitKeepingValues } from "@/components/ui/form";
import { useHydrated } from "@/components/ui/hooks";
import { Checkbox, Input, Select } from "@/components/ui/input";
import { shownParameterValues, type TemplateParameter } from "@/lib/templates/parameters";
import { createRepositorySetupAction } from "../actions";
import { TeamOptions } from "@/components/assignee-options";

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
  const f = formFeedback(result, "setup");
  const [org, setOrg] = useState(orgs[0] ?? "");
  const hydrated = useHydrated();
  const orgOptions = orgs
    // Once an organisation is chosen, offer all of them again.
    .filter((name) => orgs.includes(org) || name.toLowerCase().includes(org.trim().toLowerCase()))
    .map((name) => ({ value: name }));

  return (
    <form onSubmit={submitKeepingValues(submit)} className="max-w-3xl space-y-5" noValidate>
      <input type="hidden" name="template_version_id" value={template.versionId} />
      <fieldset disabled={!hydrated} className="min-w-0 space-y-5">
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <Field label="Organisation" required {...f.field("org")}>
            {(control) => (
              <Combobox
                {...control}
                value={org}
                onChange={setOrg}
                options={orgOptions}
                listLabel="Your organisations"
                status={orgs.length === 0 ? "You are not a member of any organisation." : null}
              />
            )}
          </Field>
          <Field label="Repository name" required {...f.field("name")}>
            {(control) => <Input {...control} defaultValue={f.value("name")} autoComplete="off" />}
          </Field>
        </div>
        <Fieldset id={f.id("visibility")} legend="Visibility" error={f.errorOf("visibility")}>
          <div className="grid gap-2 sm:grid-cols-3">
            {VISIBILITIES.map((option) => (
              <label
                key={option.value}
                className="flex gap-2 rounded-md border border-line bg-surface p-2 text-sm text-fg"
              >
                <Checkbox
                  type="radio"
                  name="visibility"
                  value={option.value}
                  defaultChecked={f.value("visibility", "private") === option.value}
                  className="mt-0.5"
                />
                <span>
                  {option.label}
                  <span className="block text-xs text-fg-muted">{option.help}</span>
                </span>
              </label>
            ))}
          </div>
        </Fieldset>
        <Field label="Description" optional {...f.field("description")}>
          {(control) => <Input {...control} defaultValue={f.value("description")} />}
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Owning team in Switchyard"
            hint="Triage routes this repository’s tasks to the team."
            {...f.field("owning_team_id")}
          >
            {(control) => (
              <Select {...control} defaultValue={f.value("owning_team_id")}>
                <option value="">No team yet</option>
                <TeamOptions teams={teams} />
              </Select>
            )}
          </Field>
          <Field
            label="Template repository"
            hint="GitHub generates from a template as public or private (internal becomes private)."
            {...f.field("template_repository")}
          >
            {(control) => (
              <Select {...control} defaultValue={f.value("template_repository")}>
                <option value="">None: an empty repository with a README</option>
                {templateRepos.map((repo) => (
                  <option key={repo} value={repo}>
                    {repo}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <div className="space-y-3">
          <p className="text-sm text-fg">
            Setup task: <strong>{template.name}</strong> v{template.version}, started on the new repository’s
            default branch.
          </p>
          <ParameterFields
            legend="Template parameters"
            idPrefix="setup"
            parameters={template.parameters}
            values={shownParameterValues(template.parameters, { submitted: f.failed?.values })}
            errors={f.failed?.fieldErrors}
            repository={null}
            noRepository="The repository does not exist yet: type the branch name."
          />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <ModelField
            id={f.id("model")}
            defaultValue={f.value("model", template.defaultModel)}
            error={f.errorOf("model")}
          />
          <PullRequestField
            id={f.id("create_pull_request")}
            defaultChecked={f.checked("create_pull_request", template.defaultCreatePullRequest)}
            className="self-end pb-2"
          />
        </div>
        <SubmitButton pending={pending} pendingLabel="Creating…" size="lg">
          Create repository and start setup
        </SubmitButton>
      </fieldset>
      <FormMessage result={result} />
    </form>
  );
}
