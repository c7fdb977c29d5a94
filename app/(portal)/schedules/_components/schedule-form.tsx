"use client";

import { useActionState, useMemo, useState } from "react";
import { LimitFields } from "@/components/campaign-limit-fields";
import { TargetFields } from "@/components/campaign-target-fields";
import { ParameterFields } from "@/components/parameter-fields";
import { SubmitButton } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback, submitKeepingValues, type FormFeedback } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { useTimeZone } from "@/components/ui/time";
import { cronProblem, describeCron, formatSlot, nextSlots } from "@/lib/schedules/cron";
import type { ParameterValues, TemplateParameter } from "@/lib/templates/parameters";
import { createScheduleAction } from "../actions";
import { TargetMatchCount } from "./target-match-count";

const TARGETS = [
  { value: "repository", label: "One repository", hint: "Each run starts one task there." },
  {
    value: "campaign",
    label: "A campaign over several repositories",
    hint: "Each run creates a campaign over the repositories below, dry-runs it and launches it, with its limits.",
  },
] as const;
const OVERLAP = [
  {
    value: "skip",
    label: "Skip this run",
    hint: "No new run while the previous run's task or campaign is still going.",
  },
  { value: "start_anyway", label: "Start anyway", hint: "Runs may overlap." },
] as const;
const MISSED = [
  {
    value: "run_once",
    label: "Run once",
    hint: "One run for all the times missed while Switchyard was down.",
  },
  {
    value: "skip",
    label: "Skip them",
    hint: "Missed times are recorded as skipped; the next one runs as usual.",
  },
] as const;

/**
 * A new schedule for one template, on one repository or as a campaign over a target spec (the
 * campaign form's target and limit fields, with the spec's current match count): when (cron + time zone, said in words with the
 * next five runs as you type), what happens on overlap and after downtime, and the parameters.
 */
export function ScheduleForm({
  template,
  parameters,
  values,
  defaults,
  zones,
}: {
  template: { id: string; name: string };
  parameters: TemplateParameter[];
  values: ParameterValues;
  defaults: { name: string; repository: string; cron: string; timeZone: string };
  zones: string[];
}) {
  const [result, submit, pending] = useActionState(createScheduleAction, null);
  const f = formFeedback(result, "schedule");
  const [target, setTarget] = useState(f.value("target", "repository"));
  // The target fields as typed, for the match count.
  const [targets, setTargets] = useState<Record<string, string>>({});
  const readTargets = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const fields = ["targetKind", "repositories", "org", "topic", "pattern"];
    setTargets(Object.fromEntries(fields.map((name) => [name, String(data.get(name) ?? "")])));
  };
  const [cron, setCron] = useState(f.value("cron", defaults.cron));
  // Until the person picks one, the schedule runs in their own time zone.
  const [picked, setPicked] = useState<string | null>(f.failed?.values ? f.value("timeZone") : null);
  const browserZone = useTimeZone();
  const timeZone = picked ?? (browserZone && zones.includes(browserZone) ? browserZone : defaults.timeZone);
  const preview = useMemo(() => {
    const problem = cronProblem(cron, timeZone);
    if (problem) return { problem, words: null, slots: [] };
    return {
      problem: null,
      words: describeCron(cron, timeZone),
      slots: nextSlots(cron, timeZone, new Date(), 5),
    };
  }, [cron, timeZone]);

  return (
    <form
      onSubmit={submitKeepingValues(submit)}
      onChange={(event) => readTargets(event.currentTarget)}
      className="max-w-2xl space-y-5"
      noValidate
    >
      <input type="hidden" name="templateId" value={template.id} />
      <Field label="Name" required {...f.field("name")}>
        {(control) => <Input {...control} defaultValue={f.value("name", defaults.name)} />}
      </Field>
      <Choices
        legend="Where it runs"
        name="target"
        options={TARGETS}
        feedback={f.field("target")}
        value={target}
        onChange={setTarget}
      />
      {target === "repository" ? (
        <Field label="Repository" required hint="owner/name; the task runs there." {...f.field("repository")}>
          {(control) => (
            <Input
              {...control}
              defaultValue={f.value("repository", defaults.repository)}
              placeholder="acme/web"
            />
          )}
        </Field>
      ) : (
        <>
          <TargetFields f={f} spec={null} />
          <TargetMatchCount fields={targets} />
          <LimitFields f={f} limits={undefined} />
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="When (cron)"
          required
          hint="minute hour day-of-month month day-of-week; 0 9 * * 1 is every Monday at 09:00."
          {...f.field("cron")}
        >
          {(control) => (
            <Input
              {...control}
              value={cron}
              onChange={(event) => setCron(event.target.value)}
              className="font-mono"
            />
          )}
        </Field>
        <Field label="Time zone" required {...f.field("timeZone")}>
          {(control) => (
            <Select {...control} value={timeZone} onChange={(event) => setPicked(event.target.value)}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="rounded-lg border border-line bg-surface p-3 text-sm" aria-live="polite">
        {preview.problem ? (
          <p className="text-fg-muted">{preview.problem}</p>
        ) : (
          <>
            <p className="font-medium" data-testid="schedule-words">
              {preview.words}
            </p>
            <p className="mt-1 text-fg-muted">Next runs:</p>
            <ol className="ml-5 list-decimal">
              {preview.slots.map((slot) => (
                <li key={slot.toISOString()}>
                  <time dateTime={slot.toISOString()} suppressHydrationWarning>
                    {formatSlot(slot, timeZone)}
                  </time>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
      <Choices
        legend="While the previous run is still going"
        name="overlap"
        options={OVERLAP}
        feedback={f.field("overlap")}
        value={f.value("overlap", "skip")}
      />
      <Choices
        legend="Runs missed while Switchyard was down"
        name="missed"
        options={MISSED}
        feedback={f.field("missed")}
        value={f.value("missed", "run_once")}
      />
      <ParameterFields
        legend={`${template.name}: parameters`}
        idPrefix="schedule"
        parameters={parameters}
        values={values}
        errors={f.failed?.fieldErrors}
        repository={null}
      />
      <p className="text-sm text-fg-muted">
        <code className="font-mono">{"{date}"}</code> in a parameter becomes the run&apos;s date (e.g.
        2026-12-07). Runs start as you, with your GitHub identity; repository policies apply to each, and a
        campaign larger than a policy allows waits for an admin&apos;s approval.
      </p>
      <FormMessage result={result} />
      <SubmitButton pending={pending} pendingLabel="Creating…">
        Create schedule
      </SubmitButton>
    </form>
  );
}

type Option = { value: string; label: string; hint: string };

/** A group of radio choices with a hint each; controlled when `onChange` is given. */
function Choices({
  legend,
  name,
  options,
  feedback,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly Option[];
  feedback: ReturnType<FormFeedback["field"]>;
  value: string;
  onChange?: (value: string) => void;
}) {
  return (
    <Fieldset legend={legend} {...feedback}>
      {options.map((option) => (
        <label key={option.value} className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name={name}
            value={option.value}
            {...(onChange
              ? { checked: value === option.value, onChange: () => onChange(option.value) }
              : { defaultChecked: value === option.value })}
            className="mt-1"
          />
          <span>
            <span className="font-medium">{option.label}</span>
            <span className="block text-fg-muted">{option.hint}</span>
          </span>
        </label>
      ))}
    </Fieldset>
  );
}
