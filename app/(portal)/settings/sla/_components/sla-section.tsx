"use client";

import { useActionState } from "react";
import type { SlaTargetDto } from "@/lib/dal/sla-targets";
import { MAX_SLA_MINUTES, MIN_SLA_MINUTES, triageStateLabel } from "@/lib/triage/sla";
import { saveSlaTargetsAction } from "../actions";
import { SubmitButton } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Section } from "@/components/ui/section";

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
    <Section id="sla" title="SLA and escalation" className="space-y-3">
      <p className="max-w-3xl text-sm text-fg-muted">
        How long a triage item may wait for its owner in each state, and a review item (a completed
        task&apos;s open pull request) for its review. Past its target, the item is escalated to the
        owner&apos;s team; one more target period later, to whoever launched the task. A new target applies to
        items opened after it is saved.
      </p>
      <form action={save} className="space-y-4 rounded-lg border border-line bg-surface p-4" noValidate>
        <Fieldset
          id="sla-targets"
          legend="Target per state, in minutes"
          legendClassName="font-semibold"
          hint={`Leave a field blank to use the default. From ${MIN_SLA_MINUTES} minutes to ${MAX_SLA_MINUTES.toLocaleString("en")} (30 days).`}
        >
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {targets.map((target) => (
              <Field
                key={target.state}
                label={triageStateLabel(target.state)}
                hint={
                  <span data-testid={`sla-${target.state}`}>
                    Now {formatMinutes(target.minutes)}
                    {target.overridden
                      ? ` (default ${formatMinutes(target.defaultMinutes)})`
                      : " (the default)"}
                  </span>
                }
                {...form.field(target.state)}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="number"
                    inputMode="numeric"
                    min={MIN_SLA_MINUTES}
                    max={MAX_SLA_MINUTES}
                    placeholder={String(target.defaultMinutes)}
                    defaultValue={form.value(target.state, target.overridden ? target.minutes : "")}
                  />
                )}
              </Field>
            ))}
          </div>
        </Fieldset>
        <SubmitButton pending={pending}>Save targets</SubmitButton>
        <FormMessage result={result} success="Saved the targets." />
      </form>
    </Section>
  );
}
