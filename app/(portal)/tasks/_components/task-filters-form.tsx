"use client";

import Form from "next/form";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { CheckboxList, Field, Fieldset } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { STATE_LABELS, TASK_STATES } from "@/lib/task-states";
import type { TaskFilters } from "@/lib/validations/task-filters";

type Named = { id: string; name: string };
type Options = {
  repositories: string[];
  creators: string[];
  models: string[];
  campaigns: Named[];
  templates: Named[];
};

/** A plain GET form: filters land in the URL, so every view is a link (and works without JavaScript). */
export function TaskFiltersForm({
  query,
  filters,
  options,
}: {
  query: string;
  filters: TaskFilters;
  options: Options;
}) {
  // The inputs are uncontrolled (a plain GET form). When the URL changes without a reload (a saved
  // view, back/forward), set what they show from the filters the page was rendered with.
  const form = useRef<HTMLFormElement>(null);
  // States are controlled (the most used filter), and follow the URL when it changes.
  const [states, setStates] = useState<string[]>(filters.state);
  const [shownQuery, setShownQuery] = useState(query);
  if (shownQuery !== query) {
    setShownQuery(query);
    setStates(filters.state);
  }
  useEffect(() => {
    for (const element of Array.from(form.current?.elements ?? [])) {
      if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement)) continue;
      const value = filters[element.name as keyof TaskFilters];
      if (element instanceof HTMLInputElement && element.type === "checkbox") continue;
      if (element.name in filters || element.type !== "submit")
        element.value = Array.isArray(value) ? (value[0] ?? "") : String(value ?? "");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `query` is the filters' identity
  }, [query]);
  const advancedCount = [
    filters.creator.length,
    filters.model.length,
    filters.campaign,
    filters.template,
    filters.createdFrom,
    filters.createdTo,
    filters.updatedFrom,
    filters.updatedTo,
    filters.archived !== "exclude",
  ].filter(Boolean).length;
  return (
    <Form
      ref={form}
      action="/tasks"
      className="space-y-4 rounded-lg border border-line bg-surface p-4"
      aria-label="Filter tasks"
    >
      <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
        <Field id="filter-q" name="q" label="Search names and prompts" className="md:col-span-2">
          {(control) => (
            <Input
              {...control}
              type="search"
              data-page-search
              aria-keyshortcuts="/"
              defaultValue={filters.q ?? ""}
              placeholder="e.g. retry, lodash"
            />
          )}
        </Field>
        <NamedSelect
          label="Repository"
          name="repo"
          anyLabel="Any repository"
          value={filters.repo[0]}
          options={options.repositories.map(named)}
        />
        <Field id="filter-scope" name="scope" label="Whose">
          {(control) => (
            <Select {...control} defaultValue={filters.scope}>
              <option value="all">Everyone&apos;s</option>
              <option value="mine">Mine</option>
              <option value="team">My teams&apos;</option>
            </Select>
          )}
        </Field>
      </div>
      <Fieldset id="filter-states" legend="States" className="space-y-1">
        <CheckboxList
          name="state"
          options={TASK_STATES.map((state) => ({ value: state, label: STATE_LABELS[state] }))}
          isTicked={(state) => states.includes(state)}
          onToggle={(state, on) =>
            setStates((current) => (on ? [...current, state] : current.filter((s) => s !== state)))
          }
          className="flex flex-wrap gap-x-4 gap-y-1"
        />
      </Fieldset>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
        <Field id="filter-pr" name="pr" label="Pull request">
          {(control) => (
            <Select {...control} defaultValue={filters.pr ?? ""}>
              <option value="">Either</option>
              <option value="yes">Has a pull request</option>
              <option value="no">No pull request</option>
              <option value="merged">Pull request merged</option>
            </Select>
          )}
        </Field>
        <Field id="filter-sort" name="sort" label="Sort by">
          {(control) => (
            <Select {...control} defaultValue={filters.sort}>
              <option value="updated">Last update</option>
              <option value="created">Created</option>
              <option value="in_state">Time in state</option>
              <option value="cost">Cost</option>
            </Select>
          )}
        </Field>
        <Field id="filter-dir" name="dir" label="Order">
          {(control) => (
            <Select {...control} defaultValue={filters.dir}>
              <option value="desc">Newest / most first</option>
              <option value="asc">Oldest / least first</option>
            </Select>
          )}
        </Field>
        <div className="flex items-end gap-2">
          <Button type="submit" variant="primary">
            Apply filters
          </Button>
          <Link href="/tasks" className={buttonVariants({ variant: "link", className: "px-3 py-1.5" })}>
            Reset
          </Link>
        </div>
      </div>
      <details open={advancedCount > 0}>
        <summary className="cursor-pointer text-sm font-medium text-accent">
          More filters{advancedCount > 0 ? ` (${advancedCount} set)` : ""}
        </summary>
        <div className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-4">
          <NamedSelect
            label="Creator"
            name="creator"
            anyLabel="Anyone"
            value={filters.creator[0]}
            options={options.creators.map(named)}
          />
          <NamedSelect
            label="Model"
            name="model"
            anyLabel="Any model"
            value={filters.model[0]}
            options={options.models.map(named)}
          />
          <NamedSelect
            label="Campaign"
            name="campaign"
            anyLabel="Any campaign"
            value={filters.campaign}
            options={options.campaigns}
          />
          <NamedSelect
            label="Template"
            name="template"
            anyLabel="Any template"
            value={filters.template}
            options={options.templates}
          />
          {(
            [
              ["createdFrom", "Created from"],
              ["createdTo", "Created until"],
              ["updatedFrom", "Updated from"],
              ["updatedTo", "Updated until"],
            ] as const
          ).map(([name, text]) => (
            <Field key={name} id={`filter-${name}`} name={name} label={text}>
              {(control) => <Input {...control} type="date" defaultValue={filters[name] ?? ""} />}
            </Field>
          ))}
          <Field id="filter-archived" name="archived" label="Archived tasks">
            {(control) => (
              <Select {...control} defaultValue={filters.archived}>
                <option value="exclude">Hide archived</option>
                <option value="include">Include archived</option>
                <option value="only">Only archived</option>
              </Select>
            )}
          </Field>
        </div>
      </details>
    </Form>
  );
}

/** A plain value (a repository, a login, a model) as an option that names itself. */
const named = (value: string): Named => ({ id: value, name: value });

/** A select of named things by id; an id in the URL that is not listed (any more) stays selectable. */
function NamedSelect({
  label,
  name,
  anyLabel,
  value,
  options,
}: {
  label: string;
  name: string;
  anyLabel: string;
  value: string | undefined;
  options: Named[];
}) {
  return (
    <Field id={`filter-${name}`} name={name} label={label}>
      {(control) => (
        <Select {...control} defaultValue={value ?? ""}>
          <option value="">{anyLabel}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
          {value && !options.some((option) => option.id === value) ? (
            <option value={value}>{value}</option>
          ) : null}
        </Select>
      )}
    </Field>
  );
}
