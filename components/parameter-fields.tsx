"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { BranchCombobox, RepositoryCombobox } from "@/components/repository-pickers";
import { CheckboxField, Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { ParameterValues, TemplateParameter } from "@/lib/templates/parameters";

type Shared = {
  idPrefix: string;
  /** Field errors, keyed by the form field (`param.<name>`). */
  errors?: Record<string, string[] | undefined>;
  /** owner/name whose branches the branch parameters offer; null when none is chosen. */
  repository: string | null;
  /** Said in a branch picker when there is no repository. */
  noRepository?: string;
  /** A picker set a value (picking sends no input event for a form's onChange to see). */
  onValueChange?: () => void;
};

/**
 * The one renderer for a template's typed parameters, as form fields named `param.<name>` (what
 * parseParameterValues reads): text, several lines of text, a choice, a yes/no box, and pickers for
 * repositories and branches. Required ones are `required`; optional ones say "(optional)"; help
 * text is each field's hint. Used by /launch, new-repository setup, the campaign form and the
 * template preview.
 */
export function ParameterFields({
  parameters,
  values,
  legend,
  ...shared
}: Shared & {
  parameters: TemplateParameter[];
  /** What each field shows, by parameter name (see shownParameterValues). */
  values: ParameterValues;
  legend: ReactNode;
}) {
  return (
    <fieldset className="space-y-4 rounded-lg border border-line p-4">
      <legend className="px-1 text-sm font-semibold text-fg">{legend}</legend>
      {parameters.length === 0 ? (
        <p className="text-sm text-fg-muted">This template has no parameters.</p>
      ) : (
        parameters.map((parameter) => (
          <ParameterField
            key={parameter.name}
            parameter={parameter}
            value={values[parameter.name]}
            {...shared}
          />
        ))
      )}
    </fieldset>
  );
}

function ParameterField({
  parameter,
  value,
  idPrefix,
  errors,
  repository,
  noRepository,
  onValueChange,
}: Shared & { parameter: TemplateParameter; value: string | boolean | undefined }) {
  const name = `param.${parameter.name}`;
  const common = {
    id: `${idPrefix}-param-${parameter.name}`,
    name,
    label: parameter.label,
    hint: parameter.help,
    error: errors?.[name],
  };
  const text = typeof value === "string" ? value : "";
  if (parameter.type === "boolean") return <CheckboxField {...common} defaultChecked={value === true} />;
  if (parameter.type === "repository" || parameter.type === "branch")
    return (
      <PickerField
        {...common}
        parameter={parameter}
        initial={text}
        repository={repository}
        noRepository={noRepository}
        onValueChange={onValueChange}
      />
    );
  return (
    <Field {...common} required={parameter.required} optional={!parameter.required}>
      {(control) =>
        parameter.type === "choice" ? (
          <Select {...control} defaultValue={text}>
            {!parameter.required ? (
              <option value="">None</option>
            ) : text === "" ? (
              <option value="">Choose…</option>
            ) : null}
            {(parameter.choices ?? []).map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </Select>
        ) : parameter.multiline ? (
          <Textarea {...control} rows={4} defaultValue={text} />
        ) : (
          <Input {...control} defaultValue={text} spellCheck />
        )
      }
    </Field>
  );
}

/** Repository and branch parameters: a picker whose value is what is typed or picked. */
function PickerField({
  parameter,
  initial,
  repository,
  noRepository,
  onValueChange,
  ...common
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string[];
  parameter: TemplateParameter;
  initial: string;
  repository: string | null;
  noRepository?: string;
  onValueChange?: () => void;
}) {
  const [value, setValue] = useState(initial);
  // Tell the form after the new value is in the DOM (its preview reads the form's fields).
  const changed = useRef(false);
  useEffect(() => {
    if (changed.current) onValueChange?.();
  }, [value, onValueChange]);
  const onChange = (next: string) => {
    changed.current = true;
    setValue(next);
  };
  return (
    <Field {...common} required={parameter.required} optional={!parameter.required}>
      {(control) =>
        parameter.type === "repository" ? (
          <RepositoryCombobox {...control} value={value} onChange={onChange} />
        ) : (
          <BranchCombobox
            {...control}
            value={value}
            onChange={onChange}
            repository={repository}
            noRepository={noRepository}
            placeholder="main"
          />
        )
      }
    </Field>
  );
}
