"use client";

import { useActionState, useState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { CheckboxList, Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback, submitKeepingValues } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { EVENT_TYPE_LABELS, EVENT_TYPES } from "@/lib/events/types";
import { STATE_LABELS, TASK_STATES } from "@/lib/task-states";
import { createSubscriptionAction } from "../actions";

type Option = { id: string; name: string };

/** A new event subscription: where, in which format, for which events; the secret is shown once. */
export function SubscriptionForm({
  isAdmin,
  teams,
  templates,
  campaigns,
}: {
  isAdmin: boolean;
  teams: Option[];
  templates: Option[];
  campaigns: Option[];
}) {
  const [result, submit, pending] = useActionState(createSubscriptionAction, null);
  const f = formFeedback(result, "subscription");
  const [scope, setScope] = useState(f.value("scope", "user"));
  const [types, setTypes] = useState<string[]>([]);
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((item) => item !== value);
  const [states, setStates] = useState<string[]>([]);

  return (
    <form onSubmit={submitKeepingValues(submit)} className="max-w-2xl space-y-4" noValidate>
      <Field label="Name" required {...f.field("name")}>
        {(control) => <Input {...control} defaultValue={f.value("name")} placeholder="Release bot" />}
      </Field>
      {isAdmin ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="For" {...f.field("scope")}>
            {(control) => (
              <Select {...control} value={scope} onChange={(event) => setScope(event.target.value)}>
                <option value="user">Me</option>
                <option value="team">A team</option>
                <option value="all">All of Switchyard</option>
              </Select>
            )}
          </Field>
          {scope === "team" ? (
            <Field label="Team" required {...f.field("teamId")}>
              {(control) => (
                <Select {...control} defaultValue={f.value("teamId")}>
                  <option value="">Choose…</option>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          ) : null}
        </div>
      ) : (
        <input type="hidden" name="scope" value="user" />
      )}
      <Field
        label="Receiver URL"
        required
        hint="https:// on the internet (standard port): a Slack incoming webhook or your own receiver."
        {...f.field("url")}
      >
        {(control) => <Input {...control} type="url" inputMode="url" defaultValue={f.value("url")} />}
      </Field>
      <Field label="Format" {...f.field("format")}>
        {(control) => (
          <Select {...control} defaultValue={f.value("format", "json")}>
            <option value="json">JSON envelope (id, type, time, subject, data)</option>
            <option value="slack">Slack message (the envelope rides along as event)</option>
          </Select>
        )}
      </Field>
      <Fieldset legend="Events" optional="none ticked: all" {...f.field("types")}>
        <CheckboxList
          name="types"
          className="grid gap-1 sm:grid-cols-2"
          options={EVENT_TYPES.map((type) => ({ value: type, label: EVENT_TYPE_LABELS[type] }))}
          isTicked={(value) => types.includes(value)}
          onToggle={(value, on) => setTypes((list) => toggle(list, value, on))}
        />
      </Fieldset>
      <Fieldset legend="Task states (task state changes)" optional="none ticked: all" {...f.field("states")}>
        <CheckboxList
          name="states"
          className="flex flex-wrap gap-x-4 gap-y-1"
          options={TASK_STATES.map((state) => ({ value: state, label: STATE_LABELS[state] }))}
          isTicked={(value) => states.includes(value)}
          onToggle={(value, on) => setStates((list) => toggle(list, value, on))}
        />
      </Fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Repositories" optional="pattern, e.g. acme/web-*" {...f.field("repositoryPattern")}>
          {(control) => <Input {...control} defaultValue={f.value("repositoryPattern")} />}
        </Field>
        <Field label="Template" optional {...f.field("templateId")}>
          {(control) => (
            <Select {...control} defaultValue={f.value("templateId")}>
              <option value="">Any</option>
              {templates.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Campaign" optional {...f.field("campaignId")}>
          {(control) => (
            <Select {...control} defaultValue={f.value("campaignId")}>
              <option value="">Any</option>
              {campaigns.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <FormMessage
        result={result}
        success={
          result?.ok ? (
            <span className="block space-y-1">
              <span className="block">Subscribed. Its signing secret, shown only now:</span>
              <span className="flex flex-wrap items-center gap-2">
                <code className="font-mono break-all" data-testid="subscription-secret">
                  {result.data.secret}
                </code>
                <CopyButton value={result.data.secret} label="Copy secret" />
              </span>
            </span>
          ) : null
        }
      />
      <SubmitButton pending={pending} pendingLabel="Subscribing…">
        Subscribe
      </SubmitButton>
    </form>
  );
}
