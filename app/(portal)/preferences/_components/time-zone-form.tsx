"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Select } from "@/components/ui/input";
import { useHydrated } from "@/components/ui/hooks";
import { AbsoluteTime } from "@/components/ui/time";
import { savePreferencesAction } from "../actions";

/** Your time zone: the browser's (the default) or one you choose, for every time Switchyard shows. */
export function TimeZoneForm({
  chosen,
  zones,
  now,
}: {
  chosen: string | null;
  zones: string[];
  now: string;
}) {
  const [result, submit, pending] = useActionState(savePreferencesAction, null);
  const f = formFeedback(result, "preferences");
  const saved = result?.ok ? result.data.timeZone : chosen;
  const current = f.value("timeZone", saved ?? "");
  // The browser's zone is known only once hydrated (the server renders "detecting…").
  const browser = useHydrated() ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;
  const options = zones;
  return (
    <form action={submit} className="max-w-xl space-y-4" noValidate>
      <Field
        label="Time zone"
        hint="Times, “today” on the dashboard and the task queue's date filters use it."
        {...f.field("timeZone")}
      >
        {(control) => (
          <Select {...control} key={`zone-${current}`} defaultValue={current}>
            <option value="">Your browser&apos;s ({browser ?? "detecting…"})</option>
            {(current && !options.includes(current) ? [current, ...options] : options).map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <p className="text-sm text-fg-muted">
        Now: <AbsoluteTime date={now} />
      </p>
      <FormMessage result={result} success="Saved: times now show in this zone." />
      <SubmitButton pending={pending}>Save</SubmitButton>
    </form>
  );
}
