"use client";

import { useState } from "react";
import { Field, Fieldset } from "@/components/ui/field";
import type { FormFeedback } from "@/components/ui/form";
import { Checkbox, Input, Textarea } from "@/components/ui/input";
import type { TargetSpec } from "@/lib/campaigns/targets";

const TARGET_KINDS = [
  { value: "list", label: "A list of repositories" },
  { value: "org", label: "Every repository in an organisation" },
  { value: "topic", label: "An organisation's repositories with a topic" },
  { value: "pattern", label: "An organisation's repositories matching a name pattern" },
] as const;

/** Where the campaign goes: a list, an organisation, a topic or a name pattern. */
export function TargetFields({ f, spec }: { f: FormFeedback; spec: TargetSpec | null | undefined }) {
  const [kind, setKind] = useState<string>(f.value("targetKind", spec?.kind ?? "pattern"));
  return (
    <Fieldset
      id={f.id("targets")}
      legend="Target repositories"
      legendClassName="px-1 text-lg font-semibold"
      className="space-y-4 rounded-lg border border-line bg-surface p-4"
      hint="Archived repositories are skipped. The dry run checks each repository with your GitHub access before anything starts."
      error={f.errorOf("targetKind")}
    >
      <div className="space-y-1" role="radiogroup" aria-label="How to pick repositories">
        {TARGET_KINDS.map((option) => (
          <label key={option.value} className="flex items-center gap-2 text-sm">
            <Checkbox
              type="radio"
              name="targetKind"
              value={option.value}
              checked={kind === option.value}
              onChange={() => setKind(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
      <div hidden={kind !== "list"}>
        <Field
          label="Repositories"
          hint="One owner/name per line (or separated by commas)."
          {...f.field("repositories")}
        >
          {(control) => (
            <Textarea
              {...control}
              rows={5}
              defaultValue={f.value(
                "repositories",
                spec?.kind === "list" ? spec.repositories.join("\n") : "",
              )}
              className="font-mono"
            />
          )}
        </Field>
      </div>
      <div hidden={kind === "list"} className="grid gap-4 sm:grid-cols-2">
        <Field label="Organisation" {...f.field("org")}>
          {(control) => (
            <Input {...control} defaultValue={f.value("org", spec && spec.kind !== "list" ? spec.org : "")} />
          )}
        </Field>
        <div hidden={kind !== "topic"}>
          <Field label="Topic" {...f.field("topic")}>
            {(control) => (
              <Input {...control} defaultValue={f.value("topic", spec?.kind === "topic" ? spec.topic : "")} />
            )}
          </Field>
        </div>
        <div hidden={kind !== "pattern"}>
          <Field
            label="Name pattern"
            hint={
              <>
                The repository name, any case: <code>*</code> matches any characters, <code>?</code> one, e.g.{" "}
                <code>payments-*</code>.
              </>
            }
            {...f.field("pattern")}
          >
            {(control) => (
              <Input
                {...control}
                defaultValue={f.value("pattern", spec?.kind === "pattern" ? spec.pattern : "")}
                className="font-mono"
              />
            )}
          </Field>
        </div>
      </div>
    </Fieldset>
  );
}
