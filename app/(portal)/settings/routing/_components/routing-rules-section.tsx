"use client";

import { useActionState } from "react";
import type { PersonOption } from "@/lib/dal/people";
import type { RoutingRuleDto } from "@/lib/dal/routing-rules";
import type { TeamOption } from "@/lib/dal/teams";
import { SLA_STATES, triageStateLabel } from "@/lib/triage/sla";
import { SubmitButton } from "@/components/ui/button";
import { CheckboxField, CheckboxList, Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { AdminListSection, type ListPosition } from "../../_components/admin-list-section";
import { OrderedRowControls } from "../../_components/ordered-row-controls";
import { useTicked } from "../../_components/use-ticked";
import { deleteRoutingRuleAction, moveRoutingRuleAction, saveRoutingRuleAction } from "../actions";
import { AssigneeOptions } from "@/components/assignee-options";

export function RoutingRulesSection({
  rules,
  people,
  teams,
}: {
  rules: RoutingRuleDto[];
  people: PersonOption[];
  teams: TeamOption[];
}) {
  return (
    <AdminListSection
      id="routing"
      title="Routing rules"
      intro={
        <div className="max-w-3xl text-sm text-fg-muted">
          <p>When a task needs a human, Switchyard gives the triage item an owner, trying in this order:</p>
          <ol className="mt-1 list-decimal pl-6">
            <li>the first routing rule below that matches, from the top;</li>
            <li>the campaign&apos;s owner;</li>
            <li>the repository&apos;s owning team (set under Policies);</li>
            <li>the repository&apos;s CODEOWNERS (the owners of the repository root);</li>
            <li>the person who launched the task;</li>
            <li>otherwise it stays Unowned.</li>
          </ol>
        </div>
      }
      items={rules}
      empty={
        <>
          No routing rules yet: items go to the campaign owner, the repository&apos;s owning team, CODEOWNERS,
          then the launcher.
        </>
      }
      ordered
      listLabel="Routing rules, first match wins"
      renderItem={(rule, position) => (
        <RuleCard rule={rule} position={position} people={people} teams={teams} />
      )}
      newId="new-rule"
      newTitle="New routing rule"
      newForm={<RuleForm people={people} teams={teams} />}
    />
  );
}

function conditions(rule: RoutingRuleDto): string[] {
  const parts: string[] = [];
  if (rule.repositoryPattern) parts.push(`repository ${rule.repositoryPattern}`);
  if (rule.organisation) parts.push(`organisation ${rule.organisation}`);
  if (rule.campaignId) parts.push(`campaign ${rule.campaignId}`);
  if (rule.templateId) parts.push(`template ${rule.templateId}`);
  if (rule.states.length)
    parts.push(`state ${rule.states.map((state) => triageStateLabel(state).toLowerCase()).join(" or ")}`);
  return parts;
}

function RuleCard({
  rule,
  position: { number, first, last },
  people,
  teams,
}: {
  rule: RoutingRuleDto;
  position: ListPosition;
  people: PersonOption[];
  teams: TeamOption[];
}) {
  const headingId = `rule-${rule.id}-heading`;
  const matches = conditions(rule);
  return (
    <article aria-labelledby={headingId} className="space-y-2 rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <span className="text-sm text-fg-muted" data-testid="rule-number">
          Rule {number}
        </span>
        <h3 id={headingId} className="font-semibold">
          {rule.name}
        </h3>
      </div>
      <p className="text-sm">
        <span className="text-fg-muted">Matches: </span>
        {matches.length ? matches.join(", ") : "every item"}
      </p>
      <p className="text-sm">
        <span className="text-fg-muted">Sends work to: </span>
        {rule.target ? (
          `${rule.target.type === "team" ? "team" : "person"} ${rule.target.name}`
        ) : (
          <span className="font-medium text-needs-human">
            nobody: its target was deleted, so this rule is skipped. Edit it to pick a new one.
          </span>
        )}
      </p>
      <OrderedRowControls
        id={rule.id}
        noun="rule"
        name={rule.name}
        move={{ action: moveRoutingRuleAction, first, last }}
        remove={deleteRoutingRuleAction}
        edit={<RuleForm rule={rule} people={people} teams={teams} />}
      />
    </article>
  );
}

function RuleForm({
  rule,
  people,
  teams,
}: {
  rule?: RoutingRuleDto;
  people: PersonOption[];
  teams: TeamOption[];
}) {
  const [result, save, pending] = useActionState(saveRoutingRuleAction, null);
  const form = formFeedback(result, rule ? `rule-${rule.id}` : "new-rule");
  const storedTarget = rule?.targetUserId
    ? `user:${rule.targetUserId}`
    : rule?.targetTeamId
      ? `team:${rule.targetTeamId}`
      : "";
  const states = useTicked(rule?.states ?? [], result);
  const hasMatcher = Boolean(
    rule &&
    (rule.repositoryPattern || rule.organisation || rule.campaignId || rule.templateId || rule.states.length),
  );
  const text = (
    name: "name" | "repositoryPattern" | "organisation" | "campaignId" | "templateId",
    label: string,
    hint?: string,
  ) => (
    <Field label={label} hint={hint} required={name === "name"} {...form.field(name)}>
      {(control) => <Input {...control} autoComplete="off" defaultValue={form.value(name, rule?.[name])} />}
    </Field>
  );
  return (
    <form action={save} className="mt-3 space-y-4" noValidate>
      {rule ? <input type="hidden" name="id" value={rule.id} /> : null}
      {text("name", "Rule name", "Shown on each item it routes, e.g. “Payments repositories”.")}
      <Fieldset
        id={form.id("matchers")}
        legend="Conditions"
        legendClassName="font-semibold"
        hint="An item must match every condition given; blank ones are ignored."
        error={form.errorOf("matchers")}
        className="space-y-3"
      >
        <div className="grid gap-3 sm:grid-cols-2">
          {text(
            "repositoryPattern",
            "Repository pattern",
            "owner/name; * matches any characters but /, ? one, ** anything. E.g. acme/payments-*",
          )}
          {text("organisation", "Organisation", "The repository owner, e.g. acme.")}
          {text("campaignId", "Campaign id")}
          {text("templateId", "Template id")}
        </div>
        <Fieldset
          id={form.id("states")}
          legend="States"
          hint="None ticked: every item, failures, questions and reviews alike. Tick Review alone to route pull requests awaiting review."
          error={form.errorOf("states")}
        >
          <CheckboxList
            name="states"
            options={SLA_STATES.map((state) => ({ value: state, label: triageStateLabel(state) }))}
            isTicked={states.isTicked}
            onToggle={states.toggle}
            resettable
            className="flex flex-wrap gap-4"
          />
        </Fieldset>
        <CheckboxField
          label="Match every item (no conditions)"
          defaultChecked={form.checked("matchAll", Boolean(rule) && !hasMatcher)}
          {...form.field("matchAll")}
        />
      </Fieldset>
      <Field label="Send the work to" required {...form.field("target")}>
        {(control) => (
          <Select {...control} defaultValue={form.value("target", storedTarget)}>
            <option value="">Choose a person or a team</option>
            <AssigneeOptions
              people={people}
              teams={teams}
              peopleLabel="People who have signed in"
              teamsFirst
            />
          </Select>
        )}
      </Field>
      <SubmitButton pending={pending}>{rule ? "Save rule" : "Add rule"}</SubmitButton>
      <FormMessage
        result={result}
        success={
          result?.ok ? (rule ? `Saved ${result.data.name}.` : `Added rule ${result.data.name}.`) : null
        }
      />
    </form>
  );
}
