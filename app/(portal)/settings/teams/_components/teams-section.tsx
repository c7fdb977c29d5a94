"use client";

import { useActionState } from "react";
import type { PersonOption } from "@/lib/dal/people";
import type { TeamDto } from "@/lib/dal/teams";
import {
  ActionButton,
  FieldError,
  FormOutcome,
  Hint,
  formFeedback,
  inputClass,
  primaryButtonClass,
  secondaryButtonClass,
} from "../../_components/form-bits";
import { OrderedRowControls } from "../../_components/ordered-row-controls";
import {
  addTeamMemberAction,
  deleteTeamAction,
  removeTeamMemberAction,
  saveTeamAction,
  syncTeamFromGitHubAction,
} from "../actions";

export function TeamsSection({ teams, people }: { teams: TeamDto[]; people: PersonOption[] }) {
  return (
    <section aria-labelledby="teams-heading" className="space-y-3">
      <h2 id="teams-heading" className="text-xl font-semibold">
        Teams
      </h2>
      <p className="max-w-3xl text-sm text-fg-muted">
        Routing rules and CODEOWNERS can send work to a team. Members are people who have signed in to
        Switchyard. A team can mirror a GitHub team: when CODEOWNERS names that team, its members are read
        from GitHub. A team webhook gets a message (Slack-compatible) when work reaches the team.
      </p>
      {teams.length === 0 ? (
        <p className="rounded-lg border border-dashed border-line bg-surface p-4 text-sm text-fg-muted">
          No teams yet. Create one below; a team also appears when CODEOWNERS names a GitHub team.
        </p>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {teams.map((team) => (
            <li key={team.id}>
              <TeamCard team={team} people={people} />
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-team-heading" className="rounded-lg border border-line bg-surface p-4">
        <h3 id="new-team-heading" className="font-semibold">
          New team
        </h3>
        <TeamForm />
      </section>
    </section>
  );
}

function TeamCard({ team, people }: { team: TeamDto; people: PersonOption[] }) {
  const headingId = `team-${team.id}-heading`;
  return (
    <article aria-labelledby={headingId} className="space-y-3 rounded-lg border border-line bg-surface p-4">
      <h3 id={headingId} className="text-lg font-semibold">
        {team.name}
      </h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-fg-muted">GitHub team</dt>
        <dd>{team.githubOrg ? `@${team.githubOrg}/${team.githubSlug}` : "Not mirrored"}</dd>
        <dt className="text-fg-muted">Webhook</dt>
        <dd>
          {team.webhookHost
            ? `${team.webhookHost}, ${team.hasWebhookSecret ? "signed" : "not signed"}`
            : "None"}
        </dd>
        {team.webhookHost ? (
          <>
            <dt className="text-fg-muted">Delivery</dt>
            <dd>
              {team.digestMinutes ? `A digest every ${team.digestMinutes} min` : "Each message at once"}
            </dd>
          </>
        ) : null}
      </dl>
      {team.githubOrg && team.githubSlug ? <SyncFromGitHub teamId={team.id} /> : null}
      <div>
        <h4 className="text-sm font-semibold">Members</h4>
        {team.members.length === 0 ? (
          <p className="mt-1 text-sm text-fg-muted">No members yet.</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {team.members.map((member) => (
              <li key={member.userId} className="flex items-center justify-between gap-2 text-sm">
                <span>{member.login}</span>
                <ActionButton
                  action={removeTeamMemberAction}
                  fields={{ teamId: team.id, userId: member.userId }}
                  label="Remove"
                  accessibleLabel={`Remove ${member.login} from ${team.name}`}
                />
              </li>
            ))}
          </ul>
        )}
        <AddMemberForm team={team} people={people} />
      </div>
      <OrderedRowControls
        id={team.id}
        noun="team"
        name={team.name}
        remove={deleteTeamAction}
        edit={<TeamForm team={team} />}
      />
    </article>
  );
}

function AddMemberForm({ team, people }: { team: TeamDto; people: PersonOption[] }) {
  const [result, add, pending] = useActionState(addTeamMemberAction, null);
  const idPrefix = `team-${team.id}-add`;
  const form = formFeedback(result, idPrefix);
  const memberIds = new Set(team.members.map((member) => member.userId));
  const candidates = people.filter((person) => !memberIds.has(person.id));
  if (candidates.length === 0)
    return (
      <p className="mt-2 text-sm text-fg-muted">
        {people.length === 0 ? "Nobody has signed in yet." : "Everyone who has signed in is a member."}
      </p>
    );
  return (
    <form action={add} className="mt-2 flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="teamId" value={team.id} />
      <div className="grow">
        <label htmlFor={`${idPrefix}-userId`} className="block text-sm font-medium">
          Add a member to {team.name}
        </label>
        <select
          name="userId"
          defaultValue={form.value("userId")}
          className={inputClass}
          {...form.describe("userId")}
        >
          <option value="">Choose a person</option>
          {candidates.map((person) => (
            <option key={person.id} value={person.id}>
              {person.login}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        disabled={pending}
        className={secondaryButtonClass}
        aria-label={`Add to ${team.name}`}
      >
        {pending ? "Adding…" : "Add"}
      </button>
      <div className="basis-full">
        <FieldError id={`${idPrefix}-userId-error`} message={form.errorOf("userId")} />
        {result && !result.ok && !form.errorOf("userId") ? <FormOutcome result={result} /> : null}
      </div>
    </form>
  );
}

function TeamForm({ team }: { team?: TeamDto }) {
  const [result, save, pending] = useActionState(saveTeamAction, null);
  const idPrefix = team ? `team-${team.id}` : "new-team";
  const form = formFeedback(result, idPrefix);
  const field = (name: string, label: string, stored: string | null, hint?: string, extra = {}) => (
    <div>
      <label htmlFor={`${idPrefix}-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        name={name}
        defaultValue={form.value(name, stored)}
        className={inputClass}
        {...form.describe(name, Boolean(hint))}
        {...extra}
      />
      {hint ? <Hint id={`${idPrefix}-${name}-hint`}>{hint}</Hint> : null}
      <FieldError id={`${idPrefix}-${name}-error`} message={form.errorOf(name)} />
    </div>
  );
  const saved = result?.ok ? result.data : null;
  return (
    <form action={save} className="mt-3 space-y-4" noValidate>
      {team ? <input type="hidden" name="id" value={team.id} /> : null}
      {field("name", "Team name", team?.name ?? null, undefined, { required: true, maxLength: 80 })}
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Mirror a GitHub team (optional)</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {field("githubOrg", "Organisation", team?.githubOrg ?? null, "e.g. acme")}
          {field("githubSlug", "Team slug", team?.githubSlug ?? null, "e.g. payments, as in @acme/payments")}
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Webhook (optional)</legend>
        {field(
          "webhookUrl",
          "Webhook URL",
          null,
          team?.webhookHost
            ? `Leave blank to keep the current webhook (${team.webhookHost}). https:// only.`
            : "A Slack-compatible incoming webhook. https:// only (http:// for localhost).",
          { type: "url", inputMode: "url", autoComplete: "off" },
        )}
        {team?.webhookHost ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="removeWebhook" defaultChecked={form.checked("removeWebhook")} />
            Remove the webhook
          </label>
        ) : null}
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="newSecret"
              defaultChecked={form.checked("newSecret")}
              {...form.describe("newSecret", true)}
              id={`${idPrefix}-newSecret`}
            />
            {team?.hasWebhookSecret ? "Replace the signing secret" : "Generate a signing secret"}
          </label>
          <Hint id={`${idPrefix}-newSecret-hint`}>
            Signs each message (X-Switchyard-Signature). Shown once, right after saving.
          </Hint>
          <FieldError id={`${idPrefix}-newSecret-error`} message={form.errorOf("newSecret")} />
        </div>
        {field(
          "digestMinutes",
          "Digest every (minutes)",
          team?.digestMinutes?.toString() ?? null,
          "Blank: send each message at once. Otherwise 5 to 1,440.",
          { type: "number", inputMode: "numeric", min: 5, max: 1440 },
        )}
      </fieldset>
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Saving…" : team ? "Save team" : "Create team"}
      </button>
      <FormOutcome
        result={result}
        success={
          saved ? (
            <>
              <p>{team ? `Saved ${saved.name}.` : `Created team ${saved.name}.`}</p>
              {saved.secret ? (
                <div className="mt-2 rounded-md border border-line bg-surface p-2 text-fg">
                  <p className="font-medium">Signing secret (copy it now: it is not shown again)</p>
                  <code className="mt-1 block break-all text-xs" data-testid="webhook-secret">
                    {saved.secret}
                  </code>
                </div>
              ) : null}
            </>
          ) : null
        }
      />
    </form>
  );
}

/** Mirror now: read the GitHub team's members with the admin's own token. */
function SyncFromGitHub({ teamId }: { teamId: string }) {
  const [state, sync, pending] = useActionState(syncTeamFromGitHubAction, null);
  return (
    <form action={sync} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="id" value={teamId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-line px-3 py-1 text-sm font-medium disabled:opacity-60"
      >
        {pending ? "Reading members…" : "Sync members from GitHub"}
      </button>
      <span role="status" className="text-sm">
        {state?.ok ? (
          <span className="text-finished">
            {state.data.members} member{state.data.members === 1 ? "" : "s"} known to Switchyard.
          </span>
        ) : state ? (
          <span className="text-needs-human">{state.message}</span>
        ) : null}
      </span>
    </form>
  );
}
