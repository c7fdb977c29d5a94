"use client";

import { useActionState, useState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { CheckboxList, Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { ShownOnce } from "@/components/ui/shown-once";
import { API_SCOPE_LABELS, API_SCOPES, TOKEN_EXPIRY_CHOICES } from "@/lib/api/scopes";
import { createApiTokenAction } from "../actions";

/** Name, scopes and expiry; after creating, the token once, with a copy button. */
export function CreateTokenForm() {
  const [result, submit, pending] = useActionState(createApiTokenAction, null);
  const f = formFeedback(result, "token");
  const created = result?.ok ? result.data : null;
  const [ticked, setTicked] = useState<Set<string>>(new Set(["tasks:read"]));

  return (
    <form action={submit} className="max-w-xl space-y-4" noValidate>
      <Field label="Name" hint="What uses it, e.g. “release bot”." {...f.field("name")}>
        {(control) => <Input {...control} defaultValue={f.value("name", "")} maxLength={100} />}
      </Field>
      <Fieldset legend="Scopes" {...f.field("scope")}>
        <CheckboxList
          name="scope"
          options={API_SCOPES.map((scope) => ({
            value: scope,
            label: (
              <span>
                <code className="font-mono">{scope}</code>{" "}
                <span className="text-fg-muted">{API_SCOPE_LABELS[scope]}</span>
              </span>
            ),
          }))}
          isTicked={(scope) => ticked.has(scope)}
          onToggle={(scope, on) =>
            setTicked((previous) => {
              const next = new Set(previous);
              if (on) next.add(scope);
              else next.delete(scope);
              return next;
            })
          }
          className="space-y-2"
        />
      </Fieldset>
      <Field label="Expires after" {...f.field("expiresInDays")}>
        {(control) => (
          <Select {...control} defaultValue={f.value("expiresInDays", "90")} className="max-w-48">
            {TOKEN_EXPIRY_CHOICES.map((days) => (
              <option key={days} value={days}>
                {days === 365 ? "1 year" : `${days} days`}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <SubmitButton pending={pending} pendingLabel="Creating…" size="lg">
        Create token
      </SubmitButton>
      <FormMessage result={result} />
      {created ? (
        <div role="status" className="space-y-2 rounded-md border border-line bg-canvas p-3 text-sm text-fg">
          <ShownOnce
            title={`Your token “${created.name}” (shown only this once; store it where your program keeps secrets):`}
            label="API token"
            copyLabel="Copy the token"
            value={created.token}
            testId="new-api-token"
          />
        </div>
      ) : null}
    </form>
  );
}
