"use client";

import { useActionState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { SubmitButton } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { CheckboxField, Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import type { PersonOption } from "@/lib/dal/people";
import type { TeamDto } from "@/lib/dal/teams";
import { AdminListSection } from "../../_components/admin-list-section";
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
    <AdminListSection
      id="teams"
      title="Teams"
      intro={
        <p className="max-w-3xl text-sm text-fg-muted">
          Routing rules and CODEOWNERS can send work to a team. Members are people who have signed in to
          Switchyard. A team can mirror a GitHub team: when CODEOWNERS names that team, its members are read
          from GitHub. A team webhook gets a message (Slack-compatible) when work reaches the team.
        </p>
      }
      items={teams}
      empty="No teams yet. Create one below; a team also appears when CODEOWNERS names a GitHub team."
      listClassName="grid gap-4 lg:grid-cols-2"
      renderItem={(team) => <TeamCard team={team} people={people} />}
      newId="new-team"
      newTitle="New team"
      newForm={<TeamForm />}
    />
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
      {team.githubOrg && team.githubSlug ? (
        // Mirror now: read the GitHub team's members with the admin's own token.
        <ActionButton
          action={syncTeamFromGitHubAction}
          fields={{ id: team.id }}
          label="Sync members from GitHub"
          pendingLabel="Reading members…"
          size="sm"
          success={(data) => `${data.members} member${data.members === 1 ? "" : "s"} known to Switchyard.`}
        />
      ) : null}
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
                  size="sm"
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
  const form = formFeedback(result, `team-${team.id}-add`);
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
      <Field label={`Add a member to ${team.name}`} className="grow" {...form.field("userId")}>
        {(control) => (
          <Select {...control} defaultValue={form.value("userId")}>
            <option value="">Choose a person</option>
            {candidates.map((person) => (
              <option key={person.id} value={person.id}>
                {person.login}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <SubmitButton
        pending={pending}
        pendingLabel="Adding…"
        variant="secondary"
        aria-label={`Add to ${team.name}`}
      >
        Add
      </SubmitButton>
      {result && !result.ok && !form.errorOf("userId") ? (
        <FormMessage result={result} className="basis-full" />
      ) : null}
    </form>
  );
}

function TeamForm({ team }: { team?: TeamDto }) {
  const [result, save, pending] = useActionState(saveTeamAction, null);
  const form = formFeedback(result, team ? `team-${team.id}` : "new-team");
  const saved = result?.ok ? result.data : null;
  return (
    <form action={save} className="mt-3 space-y-4" noValidate>
      {team ? <input type="hidden" name="id" value={team.id} /> : null}
      <Field label="Team name" required {...form.field("name")}>
        {(control) => <Input {...control} maxLength={80} defaultValue={form.value("name", team?.name)} />}
      </Field>
      <Fieldset id={form.id("github")} legend="Mirror a GitHub team" optional legendClassName="font-semibold">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Organisation" hint="e.g. acme" {...form.field("githubOrg")}>
            {(control) => <Input {...control} defaultValue={form.value("githubOrg", team?.githubOrg)} />}
          </Field>
          <Field label="Team slug" hint="e.g. payments, as in @acme/payments" {...form.field("githubSlug")}>
            {(control) => <Input {...control} defaultValue={form.value("githubSlug", team?.githubSlug)} />}
          </Field>
        </div>
      </Fieldset>
      <Fieldset id={form.id("webhook")} legend="Webhook" optional legendClassName="font-semibold">
        <Field
          label="Webhook URL"
          hint={
            team?.webhookHost
              ? `Leave blank to keep the current webhook (${team.webhookHost}). https:// only.`
              : "A Slack-compatible incoming webhook: an https:// address on the internet (standard port)."
          }
          {...form.field("webhookUrl")}
        >
          {(control) => (
            <Input
              {...control}
              type="url"
              inputMode="url"
              autoComplete="off"
              defaultValue={form.value("webhookUrl")}
            />
          )}
        </Field>
        {team?.webhookHost ? (
          <CheckboxField
            label="Remove the webhook"
            defaultChecked={form.checked("removeWebhook")}
            {...form.field("removeWebhook")}
          />
        ) : null}
        <CheckboxField
          label={team?.hasWebhookSecret ? "Replace the signing secret" : "Generate a signing secret"}
          hint="Signs each message (X-Switchyard-Signature). Shown once, right after saving."
          defaultChecked={form.checked("newSecret")}
          {...form.field("newSecret")}
        />
        <Field
          label="Digest every (minutes)"
          hint="Blank: send each message at once. Otherwise 5 to 1,440."
          {...form.field("digestMinutes")}
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={5}
              max={1440}
              defaultValue={form.value("digestMinutes", team?.digestMinutes)}
            />
          )}
        </Field>
      </Fieldset>
      <SubmitButton pending={pending}>{team ? "Save team" : "Create team"}</SubmitButton>
      <FormMessage
        result={result}
        success={
          saved ? (
            <>
              <p>{team ? `Saved ${saved.name}.` : `Created team ${saved.name}.`}</p>
              {saved.secret ? (
                <div className="mt-2 rounded-md border border-line bg-surface p-2 text-fg">
                  <p className="font-medium">Signing secret (copy it now: it is not shown again)</p>
                  <div className="mt-1 flex items-center gap-2">
                    <code className="block break-all text-xs" data-testid="webhook-secret">
                      {saved.secret}
                    </code>
                    <CopyButton value={saved.secret} label="Copy the signing secret" />
                  </div>
                </div>
              ) : null}
            </>
          ) : null
        }
      />
    </form>
  );
}
