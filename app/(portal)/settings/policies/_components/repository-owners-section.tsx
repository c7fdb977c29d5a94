"use client";

import { useActionState } from "react";
import type { KnownRepositoryDto } from "@/lib/dal/repository-policies";
import type { TeamOption } from "@/lib/dal/teams";
import {
  ActionButton,
  FieldError,
  FormOutcome,
  Hint,
  formFeedback,
  inputClass,
  primaryButtonClass,
} from "../../_components/form-bits";
import { setRepositoryOwnerAction } from "../actions";

export function RepositoryOwnersSection({
  repositories,
  teams,
}: {
  repositories: KnownRepositoryDto[];
  teams: TeamOption[];
}) {
  const owned = repositories.filter((repository) => repository.owningTeam);
  return (
    <section aria-labelledby="repository-owners-heading" className="space-y-3">
      <h2 id="repository-owners-heading" className="text-xl font-semibold">
        Repository owners
      </h2>
      <p className="max-w-3xl text-sm text-fg-muted">
        The team that owns a repository in Switchyard. Triage sends its tasks&apos; items there when no
        routing rule or campaign owner applies, before CODEOWNERS is read. New-repository setup registers it;
        here you can set or change it for any repository Switchyard knows.
      </p>
      {owned.length === 0 ? (
        <p className="rounded-lg border border-dashed border-line bg-surface p-4 text-sm text-fg-muted">
          No repository has an owning team yet.
        </p>
      ) : (
        <table className="w-full max-w-3xl text-left text-sm">
          <caption className="sr-only">Repositories with an owning team</caption>
          <thead className="text-fg-muted">
            <tr className="border-b border-line">
              <th scope="col" className="py-2 pr-4 font-medium">
                Repository
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Owning team
              </th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {owned.map((repository) => (
              <tr key={repository.id} className="border-b border-line">
                <td className="py-2 pr-4 font-mono">{repository.fullName}</td>
                <td className="py-2 pr-4">{repository.owningTeam!.name}</td>
                <td className="py-2">
                  <ActionButton
                    action={setRepositoryOwnerAction}
                    fields={{ repository: repository.fullName, teamId: "" }}
                    label="Clear"
                    accessibleLabel={`Clear the owning team of ${repository.fullName}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section
        aria-labelledby="set-owner-heading"
        className="max-w-3xl rounded-lg border border-line bg-surface p-4"
      >
        <h3 id="set-owner-heading" className="font-semibold">
          Set an owning team
        </h3>
        <OwnerForm repositories={repositories} teams={teams} />
      </section>
    </section>
  );
}

function OwnerForm({ repositories, teams }: { repositories: KnownRepositoryDto[]; teams: TeamOption[] }) {
  const [result, save, pending] = useActionState(setRepositoryOwnerAction, null);
  const idPrefix = "repository-owner";
  const form = formFeedback(result, idPrefix);
  return (
    <form action={save} className="mt-3 space-y-4" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${idPrefix}-repository`} className="block text-sm font-medium">
            Repository
          </label>
          <input
            name="repository"
            list={`${idPrefix}-repositories`}
            defaultValue={form.value("repository")}
            className={`${inputClass} font-mono`}
            autoComplete="off"
            spellCheck={false}
            {...form.describe("repository", true)}
          />
          <datalist id={`${idPrefix}-repositories`}>
            {repositories.map((repository) => (
              <option key={repository.id} value={repository.fullName} />
            ))}
          </datalist>
          <Hint id={`${idPrefix}-repository-hint`}>
            owner/name of a repository Switchyard knows ({repositories.length.toLocaleString("en")} so far).
          </Hint>
          <FieldError id={`${idPrefix}-repository-error`} message={form.errorOf("repository")} />
        </div>
        <div>
          <label htmlFor={`${idPrefix}-teamId`} className="block text-sm font-medium">
            Owning team
          </label>
          <select
            name="teamId"
            defaultValue={form.value("teamId")}
            className={inputClass}
            {...form.describe("teamId")}
          >
            <option value="">No owning team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
          <FieldError id={`${idPrefix}-teamId-error`} message={form.errorOf("teamId")} />
        </div>
      </div>
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Saving…" : "Save owner"}
      </button>
      <FormOutcome
        result={result}
        success={
          result?.ok
            ? result.data.teamName
              ? `${result.data.repository} is owned by ${result.data.teamName}.`
              : `${result.data.repository} has no owning team now.`
            : null
        }
      />
    </form>
  );
}
