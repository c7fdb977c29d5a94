"use client";

import Form from "next/form";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { STATE_LABELS, TASK_STATES } from "@/lib/tasks/states";
import type { TaskFilters } from "@/lib/validations/task-filters";

const field = "mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg";
const label = "block text-sm font-medium text-fg";

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
      action="/tasks"
      className="space-y-4 rounded-lg border border-line bg-surface p-4"
      aria-label="Filter tasks"
    >
      <div className="grid gap-3 md:grid-cols-4">
        <label className={`${label} md:col-span-2`}>
          Search names and prompts
          <input
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            className={field}
            placeholder="e.g. retry, lodash"
          />
        </label>
        <label className={label}>
          Repository
          <select name="repo" defaultValue={filters.repo[0] ?? ""} className={field}>
            <option value="">Any repository</option>
            {[...new Set([...filters.repo, ...options.repositories])].map((repo) => (
              <option key={repo} value={repo}>
                {repo}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          Whose
          <select name="scope" defaultValue={filters.scope} className={field}>
            <option value="all">Everyone&apos;s</option>
            <option value="mine">Mine</option>
            <option value="team">My teams&apos;</option>
          </select>
        </label>
      </div>
      <fieldset>
        <legend className={label}>States</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {TASK_STATES.map((state) => (
            <label key={state} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                name="state"
                value={state}
                checked={states.includes(state)}
                onChange={(event) =>
                  setStates((current) =>
                    event.target.checked ? [...current, state] : current.filter((s) => s !== state),
                  )
                }
                className="size-4"
              />
              {STATE_LABELS[state]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-3 md:grid-cols-4">
        <label className={label}>
          Pull request
          <select name="pr" defaultValue={filters.pr ?? ""} className={field}>
            <option value="">Either</option>
            <option value="yes">Has a pull request</option>
            <option value="no">No pull request</option>
          </select>
        </label>
        <label className={label}>
          Sort by
          <select name="sort" defaultValue={filters.sort} className={field}>
            <option value="updated">Last update</option>
            <option value="created">Created</option>
            <option value="in_state">Time in state</option>
            <option value="cost">Cost</option>
          </select>
        </label>
        <label className={label}>
          Order
          <select name="dir" defaultValue={filters.dir} className={field}>
            <option value="desc">Newest / most first</option>
            <option value="asc">Oldest / least first</option>
          </select>
        </label>
        <div className="flex items-end gap-2">
          <button
            type="submit"
            className="rounded-md bg-accent px-4 py-1.5 text-sm font-semibold text-on-accent"
          >
            Apply filters
          </button>
          <Link href="/tasks" className="rounded-md px-3 py-1.5 text-sm text-accent underline">
            Reset
          </Link>
        </div>
      </div>
      <details open={advancedCount > 0}>
        <summary className="cursor-pointer text-sm font-medium text-accent">
          More filters{advancedCount > 0 ? ` (${advancedCount} set)` : ""}
        </summary>
        <div className="mt-3 grid gap-3 md:grid-cols-4">
          <label className={label}>
            Creator
            <select name="creator" defaultValue={filters.creator[0] ?? ""} className={field}>
              <option value="">Anyone</option>
              {[...new Set([...filters.creator, ...options.creators])].map((login) => (
                <option key={login} value={login}>
                  {login}
                </option>
              ))}
            </select>
          </label>
          <label className={label}>
            Model
            <select name="model" defaultValue={filters.model[0] ?? ""} className={field}>
              <option value="">Any model</option>
              {options.models.map((model) => (
                <option key={model} value={model}>
                  {model}
                </option>
              ))}
            </select>
          </label>
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
          <label className={label}>
            Created from
            <input
              type="date"
              name="createdFrom"
              defaultValue={filters.createdFrom ?? ""}
              className={field}
            />
          </label>
          <label className={label}>
            Created until
            <input type="date" name="createdTo" defaultValue={filters.createdTo ?? ""} className={field} />
          </label>
          <label className={label}>
            Updated from
            <input
              type="date"
              name="updatedFrom"
              defaultValue={filters.updatedFrom ?? ""}
              className={field}
            />
          </label>
          <label className={label}>
            Updated until
            <input type="date" name="updatedTo" defaultValue={filters.updatedTo ?? ""} className={field} />
          </label>
          <label className={label}>
            Archived tasks
            <select name="archived" defaultValue={filters.archived} className={field}>
              <option value="exclude">Hide archived</option>
              <option value="include">Include archived</option>
              <option value="only">Only archived</option>
            </select>
          </label>
        </div>
      </details>
    </Form>
  );
}

/** A select of named things by id; an id in the URL that is not listed (any more) stays selectable. */
function NamedSelect({
  label: text,
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
    <label className={label}>
      {text}
      <select name={name} defaultValue={value ?? ""} className={field}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
        {value && !options.some((option) => option.id === value) ? (
          <option value={value}>{value}</option>
        ) : null}
      </select>
    </label>
  );
}
