"use client";

import { useActionState } from "react";
import { STATE_LABELS } from "@/lib/tasks/states";
import type { SlaTargetDto } from "@/lib/dal/sla-targets";
import { MAX_SLA_MINUTES, MIN_SLA_MINUTES } from "@/lib/triage/sla";
import { saveSlaTargetsAction } from "../actions";
import {
  FieldError,
  FormOutcome,
  formFeedback,
  inputClass,
  primaryButtonClass,
} from "../../_components/form-bits";

/** Exact, short: 90 → "1 h 30 min", 1440 → "24 h", 4320 → "3 d". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes >= 2880 && minutes % 1440 === 0) return `${minutes / 1440} d`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export function SlaSection({ targets }: { targets: SlaTargetDto[] }) {
  const [result, save, pending] = useActionState(saveSlaTargetsAction, null);
  const form = formFeedback(result, "sla");
  return (
    <section aria-labelledby="sla-heading" className="space-y-3">
      <h2 id="sla-heading" className="text-xl font-semibold">
        SLA and escalation
      </h2>
      <p className="max-w-3xl text-sm text-fg-muted">
        How long a triage item may wait for its owner in each state. Past its target, the item is escalated to
        the owner&apos;s team; one more target period later, to whoever launched the task. A new target
        applies to items opened after it is saved.
      </p>
      <form action={save} className="space-y-4 rounded-lg border border-line bg-surface p-4" noValidate>
        <fieldset>
          <legend className="text-sm font-semibold">Target per state, in minutes</legend>
          <p className="mt-1 text-xs text-fg-muted">
            Leave a field blank to use the default. From {MIN_SLA_MINUTES} minutes to{" "}
            {MAX_SLA_MINUTES.toLocaleString("en")} (30 days).
          </p>
          <div className="mt-3 grid gap-4 sm:grid-cols-3">
            {targets.map((target) => {
              const name = target.state;
              return (
                <div key={name}>
                  <label htmlFor={`sla-${name}`} className="block text-sm font-medium">
                    {STATE_LABELS[name]}
                  </label>
                  <input
                    name={name}
                    type="number"
                    inputMode="numeric"
                    min={MIN_SLA_MINUTES}
                    max={MAX_SLA_MINUTES}
                    placeholder={String(target.defaultMinutes)}
                    defaultValue={form.value(name, target.overridden ? String(target.minutes) : "")}
                    className={inputClass}
                    {...form.describe(name, true)}
                  />
                  <p
                    id={`sla-${name}-hint`}
                    className="mt-1 text-xs text-fg-muted"
                    data-testid={`sla-${name}`}
                  >
                    Now {formatMinutes(target.minutes)}
                    {target.overridden
                      ? ` (default ${formatMinutes(target.defaultMinutes)})`
                      : " (the default)"}
                  </p>
                  <FieldError id={`sla-${name}-error`} message={form.errorOf(name)} />
                </div>
              );
            })}
          </div>
        </fieldset>
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Saving…" : "Save targets"}
        </button>
        <FormOutcome result={result} success="Saved the targets." />
      </form>
    </section>
  );
}
