"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { TASK_MODELS } from "@/lib/github/schemas";
import { createTemplateAction, createTemplateVersionAction } from "../actions";
import { TEMPLATE_CATEGORIES } from "@/lib/templates/categories";
import type { TemplateParameter } from "@/lib/templates/parameters";
import { TEMPLATE_VARIABLES } from "@/lib/templates/render";
import { ParameterEditor } from "./parameter-editor";

const inputClass =
  "mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg aria-[invalid=true]:border-needs-human";

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

  const failed = result && !result.ok ? result : null;
  const value = (name: string, stored: string | null) =>
    failed ? (failed.values?.[name] ?? "") : (stored ?? "");
  const errorOf = (name: string) => failed?.fieldErrors?.[name]?.join(" ");
  const prefix = editing ? "edit" : "new";
  const describe = (name: string, hint = false) => {
    const ids = [
      hint ? `${prefix}-${name}-hint` : null,
      errorOf(name) ? `${prefix}-${name}-error` : null,
    ].filter(Boolean);
    return {
      id: `${prefix}-${name}`,
      name,
      "aria-invalid": errorOf(name) ? true : undefined,
      "aria-describedby": ids.join(" ") || undefined,
    };
  };
  const error = (name: string) =>
    errorOf(name) ? (
      <div id={`${prefix}-${name}-error`} className="mt-1 text-sm text-needs-human">
        {failed?.fieldErrors?.[name]?.map((message) => (
          <p key={message}>{message}</p>
        ))}
      </div>
    ) : null;
  const parameters = (() => {
    if (!failed?.values?.parameters) return initial.parameters;
    try {
      return JSON.parse(failed.values.parameters) as TemplateParameter[];
    } catch {
      return initial.parameters;
    }
  })();
  const createPr = failed
    ? failed.values?.defaultCreatePullRequest === "on"
    : initial.defaultCreatePullRequest;

  return (
    <form action={save} className="space-y-5" noValidate>
      {editing ? (
        <>
          <input type="hidden" name="templateId" value={initial.templateId} />
          <input type="hidden" name="basedOnVersion" value={initial.version} />
        </>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${prefix}-name`} className="block text-sm font-medium">
            Name
          </label>
          <input
            {...describe("name")}
            defaultValue={value("name", initial.name)}
            required
            maxLength={80}
            className={inputClass}
          />
          {error("name")}
        </div>
        <div>
          <label htmlFor={`${prefix}-category`} className="block text-sm font-medium">
            Category
          </label>
          <select
            {...describe("category")}
            defaultValue={value("category", initial.category)}
            className={inputClass}
          >
            {TEMPLATE_CATEGORIES.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </select>
          {error("category")}
        </div>
      </div>
      <div>
        <label htmlFor={`${prefix}-description`} className="block text-sm font-medium">
          Description <span className="font-normal text-fg-muted">(optional)</span>
        </label>
        <input
          {...describe("description")}
          defaultValue={value("description", initial.description)}
          className={inputClass}
        />
        {error("description")}
      </div>
      <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
        <div>
          <label htmlFor={`${prefix}-body`} className="block text-sm font-medium">
            Prompt
          </label>
          <textarea
            {...describe("body", true)}
            defaultValue={value("body", initial.body)}
            rows={16}
            required
            spellCheck
            className={`${inputClass} font-mono`}
          />
          <p id={`${prefix}-body-hint`} className="mt-1 text-xs text-fg-muted">
            Mustache: {"{{facts.testCommand}}"} inserts a value;{" "}
            {"{{#facts.testCommand}}…{{/facts.testCommand}}"} only when there is one;{" "}
            {"{{^facts.testCommand}}…{{/facts.testCommand}}"} only when there is none. Nothing is escaped.
          </p>
          {error("body")}
        </div>
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
        key={failed ? "failed" : "initial"}
        initial={parameters}
        errors={failed?.fieldErrors}
        idPrefix={prefix}
      />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Defaults when launching</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={`${prefix}-defaultModel`} className="block text-sm font-medium">
              Model
            </label>
            <select
              {...describe("defaultModel")}
              defaultValue={value("defaultModel", initial.defaultModel)}
              className={inputClass}
            >
              <option value="">Automatic</option>
              {TASK_MODELS.map((model) => (
                <option key={model} value={model}>
                  {model}
                </option>
              ))}
            </select>
            {error("defaultModel")}
          </div>
          <div>
            <label htmlFor={`${prefix}-defaultBaseRef`} className="block text-sm font-medium">
              Base branch <span className="font-normal text-fg-muted">(optional)</span>
            </label>
            <input
              {...describe("defaultBaseRef", true)}
              defaultValue={value("defaultBaseRef", initial.defaultBaseRef)}
              placeholder="The repository's default branch"
              className={inputClass}
            />
            <p id={`${prefix}-defaultBaseRef-hint`} className="mt-1 text-xs text-fg-muted">
              Empty: each repository&apos;s default branch.
            </p>
            {error("defaultBaseRef")}
          </div>
        </div>
        <div className="flex items-center gap-2">
          <input
            id={`${prefix}-defaultCreatePullRequest`}
            type="checkbox"
            name="defaultCreatePullRequest"
            defaultChecked={createPr}
          />
          <label htmlFor={`${prefix}-defaultCreatePullRequest`} className="text-sm">
            Open a pull request (repository policies may still turn this off)
          </label>
        </div>
      </fieldset>
      <div>
        <label htmlFor={`${prefix}-changeNote`} className="block text-sm font-medium">
          What changed <span className="font-normal text-fg-muted">(optional, shown in the history)</span>
        </label>
        <input {...describe("changeNote")} defaultValue={value("changeNote", "")} className={inputClass} />
        {error("changeNote")}
      </div>
      {failed ? (
        <p
          role="alert"
          className="rounded-md border border-needs-human bg-needs-human-soft p-2 text-sm text-fg"
        >
          {failed.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-accent px-4 py-2 text-sm font-semibold text-on-accent disabled:opacity-60"
      >
        {pending ? "Saving…" : editing ? `Save as version ${(initial.version ?? 0) + 1}` : "Create template"}
      </button>
    </form>
  );
}
