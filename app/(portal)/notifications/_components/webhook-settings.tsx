"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { ShownOnce } from "@/components/ui/shown-once";
import { savePersonalWebhookAction } from "../actions";

/** Your webhook: where Switchyard posts your triage notifications, signed with your secret. */
export function WebhookSettings({
  webhookUrl,
  digestMinutes,
  hasSecret,
}: {
  webhookUrl: string | null;
  digestMinutes: number | null;
  hasSecret: boolean;
}) {
  const [result, submit, pending] = useActionState(savePersonalWebhookAction, null);
  const f = formFeedback(result, "webhook");
  // After a save, show what was saved; after a rejected one, what was typed.
  const saved = result?.ok ? result.data : null;
  const url = f.value("url", saved ? saved.url : webhookUrl);
  const minutes = f.value("digestMinutes", saved ? saved.digestMinutes : digestMinutes);
  const secretExists = hasSecret || Boolean(saved?.secret);

  return (
    <form action={submit} className="max-w-xl space-y-4" noValidate>
      <Field
        label="Webhook URL"
        optional="Slack incoming webhook or your own receiver"
        hint="An https:// address on the internet (standard port). Leave empty to stop webhook messages."
        {...f.field("url")}
      >
        {(control) => (
          <Input
            {...control}
            key={`url-${url}`}
            type="url"
            inputMode="url"
            defaultValue={url}
            placeholder="https://hooks.slack.com/services/…"
          />
        )}
      </Field>
      <Field
        label="Digest every"
        optional="minutes, 5–1440; empty = send each at once"
        {...f.field("digestMinutes")}
      >
        {(control) => (
          <Input
            {...control}
            key={`minutes-${minutes}`}
            type="number"
            min={5}
            max={1440}
            step={1}
            defaultValue={minutes}
            className="max-w-40"
          />
        )}
      </Field>
      <CheckboxField
        key={`secret-${secretExists}`}
        id={f.id("newSecret")}
        name="newSecret"
        label="Generate a new signing secret"
        defaultChecked={!secretExists}
        hint={
          <>
            {secretExists
              ? "A secret is set. A new one replaces it: update your receiver right away."
              : "No secret yet: messages are sent unsigned until you generate one."}{" "}
            Each message carries <code className="font-mono">X-Switchyard-Signature: sha256=…</code>, an
            HMAC-SHA256 of the body.
          </>
        }
      />
      <SubmitButton pending={pending} size="lg">
        Save webhook
      </SubmitButton>

      <FormMessage result={result} />
      {saved ? (
        <div role="status" className="space-y-2 rounded-md border border-line bg-canvas p-3 text-sm text-fg">
          <p>{saved.url ? "Webhook saved." : "Webhook removed."}</p>
          {saved.secret ? (
            <ShownOnce
              title="Your signing secret (shown only this once; copy it to your receiver now):"
              label="Signing secret"
              copyLabel="Copy the signing secret"
              value={saved.secret}
              testId="webhook-secret"
            />
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
