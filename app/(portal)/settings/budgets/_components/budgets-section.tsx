"use client";

import { useActionState } from "react";
import { AssigneeOptions } from "@/components/assignee-options";
import { ActionButton } from "@/components/ui/action-button";
import { SubmitButton } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Checkbox, Input, Select } from "@/components/ui/input";
import type { BudgetDto } from "@/lib/dal/budgets";
import { cn } from "@/components/ui/cn";
import { AdminListSection } from "../../_components/admin-list-section";
import { deleteBudgetAction, overrideBudgetAction, saveBudgetAction } from "../actions";

type Option = { id: string; name: string };
type Person = { id: string; login: string };

export function BudgetsSection({
  budgets,
  teams,
  people,
  campaigns,
}: {
  budgets: BudgetDto[];
  teams: Option[];
  people: Person[];
  campaigns: Option[];
}) {
  const options = { teams, people, campaigns };
  return (
    <AdminListSection
      id="budgets"
      title="Budgets"
      intro={
        <div className="max-w-3xl space-y-2 text-sm text-fg-muted">
          <p>
            Monthly credit budgets per team, person and campaign. A start counts against the budget of the
            person whose GitHub identity starts it, of each of their teams, and of its campaign; spending
            counts the credits of tasks created this UTC month and starts from zero when a month begins.
          </p>
          <p>
            At 80% and 100% the owners are notified (the bell and their webhooks). At 100% a{" "}
            <strong className="text-fg">hard</strong> budget refuses new starts it covers and pauses the
            campaigns it covers until the month ends, unless you override it for this month; a{" "}
            <strong className="text-fg">soft</strong> budget only warns.
          </p>
        </div>
      }
      items={budgets}
      empty="No budgets yet: nothing limits what tasks may cost."
      listLabel="Budgets"
      renderItem={(budget) => <BudgetCard budget={budget} options={options} />}
      newId="new-budget"
      newTitle="New budget"
      newForm={<BudgetForm options={options} />}
    />
  );
}

function BudgetCard({
  budget,
  options,
}: {
  budget: BudgetDto;
  options: { teams: Option[]; people: Person[]; campaigns: Option[] };
}) {
  const headingId = `budget-${budget.id}-heading`;
  return (
    <article
      aria-labelledby={headingId}
      className="space-y-2 rounded-lg border border-line bg-surface p-4"
      data-testid={`budget-card-${budget.id}`}
    >
      <div className="flex flex-wrap items-baseline gap-x-3">
        <h3 id={headingId} className="font-semibold">
          {budget.name}
        </h3>
        <span className="text-sm text-fg-muted">{budget.hard ? "Hard budget" : "Soft budget"}</span>
      </div>
      <p className={cn("text-sm tabular-nums", budget.exceeded && "font-semibold text-needs-human")}>
        This month: {budget.spentText} of {budget.limitText} credits ({budget.percent}%)
        {budget.blocking
          ? " — used up: new starts it covers are refused."
          : budget.overridden
            ? " — overridden by an admin for this month."
            : budget.exceeded
              ? " — used up (soft: starts only warn)."
              : ""}
      </p>
      <div className="flex flex-wrap items-start gap-3">
        {budget.hard ? (
          <ActionButton
            action={overrideBudgetAction}
            fields={{ id: budget.id, override: budget.overridden ? "false" : "true" }}
            label={budget.overridden ? "Restore the limit" : "Override for this month"}
            accessibleLabel={`${budget.overridden ? "Restore the limit of" : "Override for this month"} ${budget.name}`}
            confirm={
              budget.overridden
                ? "Starts it covers are refused again while it is used up."
                : "Starts it covers go ahead until the month ends, and campaigns it paused resume. This is recorded."
            }
            success={budget.overridden ? "Limit restored." : "Overridden for this month."}
          />
        ) : null}
        <ActionButton
          action={deleteBudgetAction}
          fields={{ id: budget.id }}
          label="Delete"
          accessibleLabel={`Delete the budget of ${budget.name}`}
          confirm="Nothing will limit what it spends."
          success="Deleted."
        />
      </div>
      <details>
        <summary className="cursor-pointer text-sm text-accent">Change limit or type</summary>
        <BudgetForm budget={budget} options={options} />
      </details>
    </article>
  );
}

function BudgetForm({
  budget,
  options,
}: {
  budget?: BudgetDto;
  options: { teams: Option[]; people: Person[]; campaigns: Option[] };
}) {
  const [result, save, pending] = useActionState(saveBudgetAction, null);
  const form = formFeedback(result, budget ? `budget-${budget.id}` : "new-budget");
  const hard = form.value("hard", budget ? String(budget.hard) : "true") !== "false";
  return (
    <form action={save} className="mt-3 space-y-4" noValidate>
      {budget ? (
        <input type="hidden" name="target" value={budget.target} />
      ) : (
        <Field label="For" required {...form.field("target")}>
          {(control) => (
            <Select {...control} defaultValue={form.value("target", "")}>
              <option value="" disabled>
                Choose a team, a person or a campaign
              </option>
              <AssigneeOptions people={options.people} teams={options.teams} teamsFirst />
              {options.campaigns.length ? (
                <optgroup label="Campaigns">
                  {options.campaigns.map((campaign) => (
                    <option key={campaign.id} value={`campaign:${campaign.id}`}>
                      {campaign.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </Select>
          )}
        </Field>
      )}
      <Field label="Monthly limit, in credits" required hint="E.g. 500 or 12.5." {...form.field("limit")}>
        {(control) => (
          <Input
            {...control}
            inputMode="decimal"
            autoComplete="off"
            defaultValue={form.value("limit", budget?.limit ?? "")}
            className="max-w-xs"
          />
        )}
      </Field>
      <Fieldset id={form.id("hard")} legend="At 100%" error={form.errorOf("hard")}>
        {(
          [
            ["true", "Hard: refuse new starts and pause the campaigns it covers"],
            ["false", "Soft: only warn"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <Checkbox type="radio" name="hard" value={value} defaultChecked={(value === "true") === hard} />
            {label}
          </label>
        ))}
      </Fieldset>
      <SubmitButton pending={pending}>{budget ? "Save budget" : "Add budget"}</SubmitButton>
      <FormMessage result={result} success={budget ? "Saved." : "Budget added."} />
    </form>
  );
}
