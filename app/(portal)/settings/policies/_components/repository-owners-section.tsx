"use client";

import { useActionState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import type { KnownRepositoryDto } from "@/lib/dal/repository-policies";
import type { TeamOption } from "@/lib/dal/teams";
import { setRepositoryOwnerAction } from "../actions";
import { Section } from "@/components/ui/section";
import { TeamOptions } from "@/components/assignee-options";

export function RepositoryOwnersSection({
  repositories,
  teams,
}: {
  repositories: KnownRepositoryDto[];
  teams: TeamOption[];
}) {
  const owned = repositories.filter((repository) => repository.owningTeam);
  return (
    <Section id="repository-owners" title="Repository owners" className="space-y-3">
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
        <Table
          caption="Repositories with an owning team"
          className="max-w-3xl"
          columns={["Repository", "Owning team", { header: <span className="sr-only">Actions</span> }]}
        >
          {owned.map((repository) => (
            <TableRow key={repository.id}>
              <TableRowHeader className="font-mono">{repository.fullName}</TableRowHeader>
              <TableCell>{repository.owningTeam!.name}</TableCell>
              <TableCell>
                <ActionButton
                  action={setRepositoryOwnerAction}
                  fields={{ repository: repository.fullName, teamId: "" }}
                  label="Clear"
                  accessibleLabel={`Clear the owning team of ${repository.fullName}`}
                  size="sm"
                />
              </TableCell>
            </TableRow>
          ))}
        </Table>
      )}
      <Section id="set-owner" title="Set an owning team" level={3} size="base" card className="max-w-3xl">
        <OwnerForm repositories={repositories} teams={teams} />
      </Section>
    </Section>
  );
}

function OwnerForm({ repositories, teams }: { repositories: KnownRepositoryDto[]; teams: TeamOption[] }) {
  const [result, save, pending] = useActionState(setRepositoryOwnerAction, null);
  const form = formFeedback(result, "repository-owner");
  return (
    <form action={save} className="mt-3 space-y-4" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Repository"
          hint={`owner/name of a repository Switchyard knows (${repositories.length.toLocaleString("en")} so far).`}
          {...form.field("repository")}
        >
          {(control) => (
            <Input
              {...control}
              list={form.id("repositories")}
              defaultValue={form.value("repository")}
              className="font-mono"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <datalist id={form.id("repositories")}>
          {repositories.map((repository) => (
            <option key={repository.id} value={repository.fullName} />
          ))}
        </datalist>
        <Field label="Owning team" {...form.field("teamId")}>
          {(control) => (
            <Select {...control} defaultValue={form.value("teamId")}>
              <option value="">No owning team</option>
              <TeamOptions teams={teams} />
            </Select>
          )}
        </Field>
      </div>
      <SubmitButton pending={pending}>Save owner</SubmitButton>
      <FormMessage
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
