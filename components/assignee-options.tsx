import type { ReactNode } from "react";

type Person = { id: string; login: string | null };
type Team = { id: string; name: string };

/**
 * The options of a "person or team" select, one group each (an empty group is left out). The
 * values are `user:<id>` and `team:<id>`, what lib/settings/inputs.ts, lib/triage/operations.ts
 * and lib/campaigns/draft.ts read back.
 */
export function AssigneeOptions({
  people,
  teams,
  peopleLabel = "People",
  teamsFirst,
}: {
  people: readonly Person[];
  teams: readonly Team[];
  peopleLabel?: string;
  teamsFirst?: boolean;
}) {
  const groups: ReactNode[] = [
    people.length ? (
      <optgroup key="people" label={peopleLabel}>
        {people.map((person) => (
          <option key={person.id} value={`user:${person.id}`}>
            {person.login ?? person.id}
          </option>
        ))}
      </optgroup>
    ) : null,
    teams.length ? (
      <optgroup key="teams" label="Teams">
        <TeamOptions teams={teams} value={(team) => `team:${team.id}`} />
      </optgroup>
    ) : null,
  ];
  return <>{teamsFirst ? groups.reverse() : groups}</>;
}

/** One option per team; `value` defaults to the team's id. */
export function TeamOptions({
  teams,
  value = (team) => team.id,
}: {
  teams: readonly Team[];
  value?: (team: Team) => string;
}) {
  return teams.map((team) => (
    <option key={team.id} value={value(team)}>
      {team.name}
    </option>
  ));
}
