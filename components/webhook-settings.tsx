"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { SavedWebhook } from "@/lib/notifications/personal";

const inputClass = "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-fg";

type Result = ActionResult<SavedWebhook> | null;

function FieldError({ result, name }: { result: Result; name: string }) {
  const messages = result && !result.ok ? result.fieldErrors?.[name] : undefined;
  if (!messages?.length) return null;
  return (
    <p id={`webhook-${name}-error`} className="mt-1 text-sm text-needs-human">
      {messages.join(" ")}
    </p>
  );
}

/**
 * Your webhook: where Switchyard posts your triage notifications, signed with your secret. `saveAction`
 * is the page's action (app/(portal)/notifications/actions.ts).
 */
export function WebhookSettings({
  webhookUrl,
  digestMinutes,
  hasSecret,
  saveAction,
}: {
  webhookUrl: string | null;
  digestMinutes: number | null;
  hasSecret: boolean;
  saveAction: (previous: unknown, formData: FormData) => Promise<ActionResult<SavedWebhook>>;
}) {
  const [result, submit, pending] = useActionState(saveAction, null);
  // After a save, show what was saved; after a rejected one, what was typed.
  const saved = result?.ok ? result.data : null;
  const typed = result && !result.ok ? result.values : undefined;
  const url = typed?.url ?? saved?.url ?? webhookUrl ?? "";
  const minutes = typed?.digestMinutes ?? String(saved ? (saved.digestMinutes ?? "") : (digestMinutes ?? ""));
  const secretExists = hasSecret || Boolean(saved?.secret);
  const invalid = (name: string) => Boolean(result && !result.ok && result.fieldErrors?.[name]);

  return (
    <form action={submit} className="max-w-xl space-y-4" noValidate>
      <div>
        <label className="block text-sm font-medium text-fg">
          Webhook URL{" "}
          <span className="font-normal text-fg-muted">(Slack incoming webhook or your own receiver)</span>
          <input
            key={`url-${url}`}
            name="url"
            type="url"
            inputMode="url"
            defaultValue={url}
            placeholder="https://hooks.slack.com/services/…"
            className={inputClass}
            aria-invalid={invalid("url")}
            aria-describedby="webhook-url-help webhook-url-error"
          />
        </label>
        <p id="webhook-url-help" className="mt-1 text-sm text-fg-muted">
          An https:// address on the internet (standard port). Leave empty to stop webhook messages.
        </p>
        <FieldError result={result} name="url" />
      </div>
      <div>
        <label className="block text-sm font-medium text-fg">
          Digest every{" "}
          <span className="font-normal text-fg-muted">(minutes, 5–1440; empty = send each at once)</span>
          <input
            key={`minutes-${minutes}`}
            name="digestMinutes"
            type="number"
            min={5}
            max={1440}
            step={1}
            defaultValue={minutes}
            className={`${inputClass} max-w-40`}
            aria-invalid={invalid("digestMinutes")}
            aria-describedby="webhook-digestMinutes-error"
          />
        </label>
        <FieldError result={result} name="digestMinutes" />
      </div>
      <div>
        <label className="flex items-center gap-2 text-sm text-fg">
          <input
            key={`secret-${secretExists}`}
            type="checkbox"
            name="newSecret"
            defaultChecked={!secretExists}
          />
          Generate a new signing secret
        </label>
        <p className="mt-1 text-sm text-fg-muted">
          {secretExists
            ? "A secret is set. A new one replaces it: update your receiver right away."
            : "No secret yet: messages are sent unsigned until you generate one."}{" "}
          Each message carries <code className="font-mono">X-Switchyard-Signature: sha256=…</code>, an
          HMAC-SHA256 of the body.
        </p>
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-accent px-4 py-2.5 text-sm font-semibold text-on-accent disabled:opacity-60"
      >
        {pending ? "Saving…" : "Save webhook"}
      </button>

      {result && !result.ok ? (
        <p
          role="alert"
          className="rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-fg"
        >
          {result.message}
        </p>
      ) : null}
      {saved ? (
        <div role="status" className="rounded-md border border-line bg-canvas p-3 text-sm text-fg">
          <p>{saved.url ? "Webhook saved." : "Webhook removed."}</p>
          {saved.secret ? (
            <>
              <p className="mt-2 font-medium">
                Your signing secret (shown only this once; copy it to your receiver now):
              </p>
              <input
                readOnly
                value={saved.secret}
                aria-label="Signing secret"
                onFocus={(event) => event.currentTarget.select()}
                className={`${inputClass} font-mono`}
                data-testid="webhook-secret"
              />
            </>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
