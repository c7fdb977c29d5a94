import { Field, Fieldset } from "@/components/ui/field";
import type { FormFeedback } from "@/components/ui/form";
import { Input } from "@/components/ui/input";

export type CampaignLimits = {
  maxInFlight: number;
  startsPerMinute: number;
  canarySize: number | null;
  canarySuccessThreshold: number | null;
  failurePauseThreshold: number | null;
  failurePauseMinFinished: number;
};

const percent = (share: number | null) => (share === null ? "" : String(Math.round(share * 100)));

/** How fast and how far a campaign goes by itself: in flight, pace, canary wave, auto-pause. */
export function LimitFields({ f, limits }: { f: FormFeedback; limits: CampaignLimits | undefined }) {
  return (
    <Fieldset
      id={f.id("limits")}
      legend="Limits"
      legendClassName="px-1 text-lg font-semibold"
      className="space-y-4 rounded-lg border border-line bg-surface p-4"
    >
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField
          f={f}
          name="maxInFlight"
          label="Max tasks in flight"
          stored={limits?.maxInFlight ?? 10}
          min={1}
          max={200}
        />
        <NumberField
          f={f}
          name="startsPerMinute"
          label="Starts per minute"
          stored={limits?.startsPerMinute ?? 60}
          min={1}
          max={80}
          hint="At most 80: GitHub's content-creation limit."
        />
        <NumberField
          f={f}
          name="canarySize"
          label="Canary size"
          optional
          stored={limits?.canarySize ?? ""}
          min={0}
          max={100}
          hint="Start this many first, then wait. Blank or 0: no canary wave."
        />
        <NumberField
          f={f}
          name="canarySuccessThreshold"
          label="Canary success to continue (%)"
          optional
          stored={percent(limits?.canarySuccessThreshold ?? null)}
          min={1}
          max={100}
          hint="Blank: wait for someone to approve the canary."
        />
        <NumberField
          f={f}
          name="failurePauseThreshold"
          label="Pause at failure rate (%)"
          optional
          stored={limits ? percent(limits.failurePauseThreshold) : "50"}
          min={1}
          max={100}
          hint="Of finished tasks. Blank: never pause by itself."
        />
        <NumberField
          f={f}
          name="failurePauseMinFinished"
          label="…once this many finished"
          stored={limits?.failurePauseMinFinished ?? 5}
          min={1}
          max={1000}
        />
      </div>
    </Fieldset>
  );
}

function NumberField({
  f,
  name,
  label,
  stored,
  min,
  max,
  hint,
  optional,
}: {
  f: FormFeedback;
  name: string;
  label: string;
  stored: number | string;
  min: number;
  max: number;
  hint?: string;
  optional?: boolean;
}) {
  return (
    <Field label={label} hint={hint} optional={optional} {...f.field(name)}>
      {(control) => (
        <Input
          {...control}
          type="number"
          min={min}
          max={max}
          inputMode="numeric"
          defaultValue={f.value(name, stored)}
        />
      )}
    </Field>
  );
}
