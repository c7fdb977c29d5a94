"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { ModelField, PullRequestField } from "@/components/task-option-fields";
import { SubmitButton } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback, submitKeepingValues } from "@/components/ui/form";
import { Input, Select, Textarea } from "@/components/ui/input";
import { createTemplateAction, createTemplateVersionAction } from "../actions";
import { TEMPLATE_CATEGORIES } from "@/lib/templates/categories";
import type { TemplateParameter } from "@/lib/templates/parameters";
import { TEMPLATE_VARIABLES } from "@/lib/templates/render";
import { ParameterEditor } from "./parameter-editor";

export type EditorInitial = {
  templateId?: string;
  version?: number;
  name: string;
  description: string;
  category: string;
  body: string;
  parameters: TemplateParameter[];
  defaultModel: string | null;
  defaultCreatePullRequest: boolean;
  defaultBaseRef: string | null;
};

/** Create a template, or save a new version of one (editing never changes an existing version). */
export function TemplateEditor({ initial }: { initial: EditorInitial }) {
  const editing = Boolean(initial.templateId);
  const [result, save, pending] = useActionState(
    editing ? createTemplateVersionAction : createTemplateAction,
    null,
  );
  const router = useRouter();
  useEffect(() => {
    if (result?.ok) router.push(`/templates/${result.data.id}?saved=${result.data.version}`);
  }, [result, router]);

  const prefix = editing ? "edit" : "new";
  const f = formFeedback(result, prefix);
  const parameters = (() => {
    if (!f.failed?.values?.parameters) return initial.parameters;
    try {
      return JSON.parse(f.failed.values.parameters) as TemplateParameter[];
    } catch {
      return initial.parameters;
    }
  })();

  return (
    <form onSubmit={submitKeepingValues(save)} className="space-y-5" noValidate>
      {editing ? (
        <>
          <input type="hidden" name="templateId" value={initial.templateId} />
          <input type="hidden" name="basedOnVersion" value={initial.version} />
        </>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" required {...f.field("name")}>
          {(control) => <Input {...control} defaultValue={f.value("name", initial.name)} maxLength={80} />}
        </Field>
        <Field label="Category" {...f.field("category")}>
          {(control) => (
            <Select {...control} defaultValue={f.value("category", initial.category)}>
              {TEMPLATE_CATEGORIES.map((item) => (
                <option key={item.value} value={item.value}>
                  {item.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Field label="Description" optional {...f.field("description")}>
        {(control) => <Input {...control} defaultValue={f.value("description", initial.description)} />}
      </Field>
      <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
        <Field
          label="Prompt"
          required
          hint={
            <>
              Mustache: {"{{facts.testCommand}}"} inserts a value;{" "}
              {"{{#facts.testCommand}}…{{/facts.testCommand}}"} only when there is one;{" "}
              {"{{^facts.testCommand}}…{{/facts.testCommand}}"} only when there is none. Nothing is escaped.
            </>
          }
          {...f.field("body")}
        >
          {(control) => (
            <Textarea
              {...control}
              defaultValue={f.value("body", initial.body)}
              rows={16}
              spellCheck
              className="font-mono"
            />
          )}
        </Field>
        <details className="self-start rounded-md border border-line p-3 text-xs" open>
          <summary className="cursor-pointer font-semibold text-fg">Variables</summary>
          <dl className="mt-2 space-y-1">
            {TEMPLATE_VARIABLES.map((variable) => (
              <div key={variable.name}>
                <dt className="font-mono text-fg">{`{{${variable.name}}}`}</dt>
                <dd className="text-fg-muted">{variable.description}</dd>
              </div>
            ))}
            <div>
              <dt className="font-mono text-fg">{"{{params.<name>}}"}</dt>
              <dd className="text-fg-muted">A parameter below</dd>
            </div>
          </dl>
        </details>
      </div>
      <ParameterEditor
        key={f.failed ? "failed" : "initial"}
        initial={parameters}
        errors={f.failed?.fieldErrors}
        idPrefix={prefix}
      />
      <Fieldset id={f.id("defaults")} legend="Defaults when launching" legendClassName="font-semibold">
        <div className="grid gap-4 sm:grid-cols-2">
          <ModelField
            id={f.id("defaultModel")}
            name="defaultModel"
            defaultValue={f.value("defaultModel", initial.defaultModel)}
            error={f.errorOf("defaultModel")}
          />
          <Field
            label="Base branch"
            optional
            hint="Empty: each repository's default branch."
            {...f.field("defaultBaseRef")}
          >
            {(control) => (
              <Input
                {...control}
                defaultValue={f.value("defaultBaseRef", initial.defaultBaseRef)}
                placeholder="The repository's default branch"
              />
            )}
          </Field>
        </div>
        <PullRequestField
          id={f.id("defaultCreatePullRequest")}
          name="defaultCreatePullRequest"
          label="Open a pull request (repository policies may still turn this off)"
          defaultChecked={f.checked("defaultCreatePullRequest", initial.defaultCreatePullRequest)}
        />
      </Fieldset>
      <Field label="What changed" optional="shown in the history" {...f.field("changeNote")}>
        {(control) => <Input {...control} defaultValue={f.value("changeNote")} />}
      </Field>
      <FormMessage result={result} />
      <SubmitButton pending={pending}>
        {editing ? `Save as version ${(initial.version ?? 0) + 1}` : "Create template"}
      </SubmitButton>
    </form>
  );
}
