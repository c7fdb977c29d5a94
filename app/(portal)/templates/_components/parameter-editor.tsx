"use client";

import { useState } from "react";
import {
  PARAMETER_TYPE_LABELS,
  PARAMETER_TYPES,
  type TemplateParameter,
  type TemplateParameterType,
} from "@/lib/templates/parameters";

const inputClass =
  "mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg aria-[invalid=true]:border-needs-human";
const smallButton =
  "rounded-md border border-line px-2 py-1 text-xs font-medium text-fg hover:border-accent disabled:opacity-50";

type Row = {
  key: number;
  name: string;
  label: string;
  type: TemplateParameterType;
  required: boolean;
  defaultText: string;
  defaultBool: boolean;
  choices: string;
  help: string;
  multiline: boolean;
};

function toRow(parameter: TemplateParameter, key: number): Row {
  return {
    key,
    name: parameter.name,
    label: parameter.label,
    type: parameter.type,
    required: parameter.required ?? false,
    defaultText: typeof parameter.default === "string" ? parameter.default : "",
    defaultBool: parameter.default === true,
    choices: (parameter.choices ?? []).join("\n"),
    help: parameter.help ?? "",
    multiline: parameter.multiline ?? false,
  };
}

function toParameter(row: Row): TemplateParameter {
  const parameter: TemplateParameter = { name: row.name.trim(), label: row.label.trim(), type: row.type };
  if (row.required) parameter.required = true;
  if (row.type === "boolean") parameter.default = row.defaultBool;
  else if (row.defaultText.trim() !== "") parameter.default = row.defaultText.trim();
  if (row.type === "choice")
    parameter.choices = row.choices
      .split(/[\n,]/)
      .map((choice) => choice.trim())
      .filter(Boolean);
  if (row.help.trim()) parameter.help = row.help.trim();
  if (row.type === "text" && row.multiline) parameter.multiline = true;
  return parameter;
}

/**
 * Typed parameter editor: one row per parameter (name, label, type, required, default, choices),
 * serialised into a hidden `parameters` field as JSON. Errors arrive keyed "parameters.<i>.<field>".
 */
export function ParameterEditor({
  initial,
  errors = {},
  idPrefix,
}: {
  initial: TemplateParameter[];
  errors?: Record<string, string[] | undefined>;
  idPrefix: string;
}) {
  const [rows, setRows] = useState<Row[]>(() => initial.map(toRow));
  const [nextKey, setNextKey] = useState(initial.length);
  const update = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const move = (index: number, by: number) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
  const add = () => {
    setRows((current) => [
      ...current,
      {
        key: nextKey,
        name: "",
        label: "",
        type: "text",
        required: false,
        defaultText: "",
        defaultBool: false,
        choices: "",
        help: "",
        multiline: false,
      },
    ]);
    setNextKey(nextKey + 1);
  };

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-fg">Parameters</legend>
      <p className="text-xs text-fg-muted">
        Each parameter becomes a form field when the template is used, and {"{{params.<name>}}"} in the
        prompt.
      </p>
      <input type="hidden" name="parameters" value={JSON.stringify(rows.map(toParameter))} />
      {errors.parameters ? (
        <p className="text-sm text-needs-human" role="alert">
          {errors.parameters.join(" ")}
        </p>
      ) : null}
      {rows.length === 0 ? <p className="text-sm text-fg-muted">No parameters.</p> : null}
      <ol className="space-y-3">
        {rows.map((row, index) => {
          const id = (field: string) => `${idPrefix}-param-${row.key}-${field}`;
          const errorOf = (field: string) => errors[`parameters.${index}.${field}`]?.join(" ");
          const field = (name: keyof Row & string, label: string, extra: { placeholder?: string } = {}) => (
            <div>
              <label htmlFor={id(name)} className="block text-xs font-medium text-fg">
                {label}
              </label>
              <input
                id={id(name)}
                value={String(row[name])}
                onChange={(event) => update(row.key, { [name]: event.target.value })}
                className={inputClass}
                aria-invalid={errorOf(name) ? true : undefined}
                aria-describedby={errorOf(name) ? `${id(name)}-error` : undefined}
                {...extra}
              />
              {errorOf(name) ? (
                <p id={`${id(name)}-error`} className="mt-1 text-xs text-needs-human">
                  {errorOf(name)}
                </p>
              ) : null}
            </div>
          );
          const title = row.name || `Parameter ${index + 1}`;
          return (
            <li key={row.key} className="space-y-2 rounded-md border border-line p-3" aria-label={title}>
              <div className="grid gap-2 sm:grid-cols-3">
                {field("name", "Name", { placeholder: "targetVersion" })}
                {field("label", "Label", { placeholder: "Target version" })}
                <div>
                  <label htmlFor={id("type")} className="block text-xs font-medium text-fg">
                    Type
                  </label>
                  <select
                    id={id("type")}
                    value={row.type}
                    onChange={(event) =>
                      update(row.key, { type: event.target.value as TemplateParameterType })
                    }
                    className={inputClass}
                  >
                    {PARAMETER_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {PARAMETER_TYPE_LABELS[type]}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="grid gap-2 sm:grid-cols-3">
                {row.type === "boolean" ? (
                  <div className="flex items-center gap-2 pt-5">
                    <input
                      id={id("defaultBool")}
                      type="checkbox"
                      checked={row.defaultBool}
                      onChange={(event) => update(row.key, { defaultBool: event.target.checked })}
                    />
                    <label htmlFor={id("defaultBool")} className="text-xs font-medium text-fg">
                      Ticked by default
                    </label>
                  </div>
                ) : (
                  <div>
                    <label htmlFor={id("defaultText")} className="block text-xs font-medium text-fg">
                      Default (optional)
                    </label>
                    <input
                      id={id("defaultText")}
                      value={row.defaultText}
                      onChange={(event) => update(row.key, { defaultText: event.target.value })}
                      className={inputClass}
                      aria-invalid={errorOf("default") ? true : undefined}
                      aria-describedby={errorOf("default") ? `${id("defaultText")}-error` : undefined}
                    />
                    {errorOf("default") ? (
                      <p id={`${id("defaultText")}-error`} className="mt-1 text-xs text-needs-human">
                        {errorOf("default")}
                      </p>
                    ) : null}
                  </div>
                )}
                {field("help", "Help text (optional)")}
                <div className="flex flex-col gap-1 pt-5">
                  {row.type !== "boolean" ? (
                    <label className="flex items-center gap-2 text-xs font-medium text-fg">
                      <input
                        type="checkbox"
                        checked={row.required}
                        onChange={(event) => update(row.key, { required: event.target.checked })}
                      />
                      Required
                    </label>
                  ) : null}
                  {row.type === "text" ? (
                    <label className="flex items-center gap-2 text-xs font-medium text-fg">
                      <input
                        type="checkbox"
                        checked={row.multiline}
                        onChange={(event) => update(row.key, { multiline: event.target.checked })}
                      />
                      Several lines
                    </label>
                  ) : null}
                </div>
              </div>
              {row.type === "choice" ? (
                <div>
                  <label htmlFor={id("choices")} className="block text-xs font-medium text-fg">
                    Choices (one per line)
                  </label>
                  <textarea
                    id={id("choices")}
                    rows={3}
                    value={row.choices}
                    onChange={(event) => update(row.key, { choices: event.target.value })}
                    className={inputClass}
                    aria-invalid={errorOf("choices") ? true : undefined}
                    aria-describedby={errorOf("choices") ? `${id("choices")}-error` : undefined}
                  />
                  {errorOf("choices") ? (
                    <p id={`${id("choices")}-error`} className="mt-1 text-xs text-needs-human">
                      {errorOf("choices")}
                    </p>
                  ) : null}
                </div>
              ) : null}
              <div className="flex gap-2">
                <button
                  type="button"
                  className={smallButton}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label={`Move ${title} up`}
                >
                  Up
                </button>
                <button
                  type="button"
                  className={smallButton}
                  disabled={index === rows.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={`Move ${title} down`}
                >
                  Down
                </button>
                <button
                  type="button"
                  className={smallButton}
                  onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
                  aria-label={`Remove ${title}`}
                >
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" className={smallButton} onClick={add}>
        Add parameter
      </button>
    </fieldset>
  );
}
