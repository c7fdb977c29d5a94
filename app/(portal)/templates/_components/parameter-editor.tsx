"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field, Fieldset } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import {
  PARAMETER_TYPE_LABELS,
  PARAMETER_TYPES,
  type TemplateParameter,
  type TemplateParameterType,
} from "@/lib/templates/parameters";

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
    <Fieldset
      id={`${idPrefix}-parameters`}
      legend="Parameters"
      legendClassName="font-semibold"
      hint={
        <>
          Each parameter becomes a form field when the template is used, and {"{{params.<name>}}"} in the
          prompt.
        </>
      }
      error={errors.parameters}
    >
      <input type="hidden" name="parameters" value={JSON.stringify(rows.map(toParameter))} />
      {rows.length === 0 ? <p className="text-sm text-fg-muted">No parameters.</p> : null}
      <ol className="space-y-3">
        {rows.map((row, index) => {
          const id = (field: string) => `${idPrefix}-param-${row.key}-${field}`;
          const errorOf = (field: string) => errors[`parameters.${index}.${field}`];
          const text = (name: "name" | "label" | "help", label: string, placeholder?: string) => (
            <Field id={id(name)} label={label} optional={name === "help"} error={errorOf(name)}>
              {(control) => (
                <Input
                  {...control}
                  value={row[name]}
                  placeholder={placeholder}
                  onChange={(event) => update(row.key, { [name]: event.target.value })}
                />
              )}
            </Field>
          );
          const title = row.name || `Parameter ${index + 1}`;
          return (
            <li key={row.key} className="space-y-2 rounded-md border border-line p-3" aria-label={title}>
              <div className="grid gap-2 sm:grid-cols-3">
                {text("name", "Name", "targetVersion")}
                {text("label", "Label", "Target version")}
                <Field id={id("type")} label="Type" error={errorOf("type")}>
                  {(control) => (
                    <Select
                      {...control}
                      value={row.type}
                      onChange={(event) =>
                        update(row.key, { type: event.target.value as TemplateParameterType })
                      }
                    >
                      {PARAMETER_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {PARAMETER_TYPE_LABELS[type]}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
              <div className="grid gap-2 sm:grid-cols-3">
                {row.type === "boolean" ? (
                  <CheckboxField
                    id={id("defaultBool")}
                    label="Ticked by default"
                    checked={row.defaultBool}
                    onChange={(event) => update(row.key, { defaultBool: event.target.checked })}
                    className="sm:pt-6"
                  />
                ) : (
                  <Field id={id("defaultText")} label="Default" optional error={errorOf("default")}>
                    {(control) => (
                      <Input
                        {...control}
                        value={row.defaultText}
                        onChange={(event) => update(row.key, { defaultText: event.target.value })}
                      />
                    )}
                  </Field>
                )}
                {text("help", "Help text")}
                <div className="flex flex-col gap-1 sm:pt-6">
                  {row.type !== "boolean" ? (
                    <CheckboxField
                      id={id("required")}
                      label="Required"
                      checked={row.required}
                      onChange={(event) => update(row.key, { required: event.target.checked })}
                    />
                  ) : null}
                  {row.type === "text" ? (
                    <CheckboxField
                      id={id("multiline")}
                      label="Several lines"
                      checked={row.multiline}
                      onChange={(event) => update(row.key, { multiline: event.target.checked })}
                    />
                  ) : null}
                </div>
              </div>
              {row.type === "choice" ? (
                <Field id={id("choices")} label="Choices" hint="One per line." error={errorOf("choices")}>
                  {(control) => (
                    <Textarea
                      {...control}
                      rows={3}
                      value={row.choices}
                      onChange={(event) => update(row.key, { choices: event.target.value })}
                    />
                  )}
                </Field>
              ) : null}
              <div className="flex gap-2">
                <Button
                  size="sm"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label={`Move ${title} up`}
                >
                  Up
                </Button>
                <Button
                  size="sm"
                  disabled={index === rows.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={`Move ${title} down`}
                >
                  Down
                </Button>
                <Button
                  size="sm"
                  onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
                  aria-label={`Remove ${title}`}
                >
                  Remove
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <Button size="sm" onClick={add}>
        Add parameter
      </Button>
    </Fieldset>
  );
}
