"use client";

import { ParameterFields } from "@/components/parameter-fields";
import { Field } from "@/components/ui/field";
import type { FormFeedback } from "@/components/ui/form";
import { Select } from "@/components/ui/input";
import type { TemplateOption } from "@/lib/dal/campaigns";
import { shownParameterValues } from "@/lib/templates/parameters";

type Version = TemplateOption["versions"][number];

/**
 * Which template version the campaign sends, and its parameters. The template select only narrows
 * the versions (it is not submitted); the version is. Parameters show the draft's saved values
 * while it keeps its version, else the new version's defaults.
 */
export function TemplateFields({
  f,
  templates,
  templateId,
  version,
  onTemplateChange,
  onVersionChange,
  storedParameters,
}: {
  f: FormFeedback;
  templates: TemplateOption[];
  templateId: string;
  version: Version | undefined;
  onTemplateChange: (templateId: string) => void;
  onVersionChange: (versionId: string) => void;
  /** The draft's parameter values, when `version` is the draft's. */
  storedParameters: Record<string, string | boolean> | undefined;
}) {
  const template = templates.find((t) => t.id === templateId);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="campaign-template" label="Template" hint={template?.description || undefined}>
          {(control) => (
            <Select
              {...control}
              value={templateId}
              onChange={(event) => onTemplateChange(event.target.value)}
            >
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Version" {...f.field("templateVersionId")}>
          {(control) => (
            <Select
              {...control}
              value={version?.id ?? ""}
              onChange={(event) => onVersionChange(event.target.value)}
            >
              {template?.versions.map((v, index) => (
                <option key={v.id} value={v.id}>
                  v{v.version}
                  {index === 0 ? " (latest)" : ""}
                  {v.changeNote ? ` – ${v.changeNote}` : ""}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {version && version.parameters.length > 0 ? (
        <ParameterFields
          key={version.id}
          legend="Parameters"
          idPrefix={f.id("template")}
          parameters={version.parameters}
          values={shownParameterValues(version.parameters, {
            submitted: f.failed?.values,
            stored: storedParameters,
          })}
          errors={f.failed?.fieldErrors}
          repository={null}
          noRepository="Each target repository has its own branches: type the branch name."
        />
      ) : null}
    </>
  );
}
