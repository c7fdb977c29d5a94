"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, useSyncExternalStore, type ReactNode } from "react";
import type { TemplateParameter } from "@/lib/templates/parameters";

export const inputClass =
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-fg";

export type FieldErrors = Record<string, string[]> | undefined;

export function FieldError({ errors, name }: { errors: FieldErrors; name: string }) {
  const messages = errors?.[name];
  if (!messages?.length) return null;
  return (
    <p id={`${name}-error`} className="mt-1 text-sm text-needs-human">
      {messages.join(" ")}
    </p>
  );
}

const noSubscription = () => () => {};

/**
 * false in the server render and until hydration. The pickers are controlled inputs: typing before
 * React takes over would be wiped, so forms keep their fields disabled until then.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** The value after `delay` ms without change (pickers ask the server as people type). */
export function useDebounced<T>(value: T, delay = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

type Option = { value: string; label: ReactNode; hint?: string };

/**
 * A text input with a list of suggestions (WAI-ARIA combobox with a listbox popup): typing filters,
 * ↓/↑ move, Enter picks, Escape closes. Anything typed stays valid input, so the list only helps.
 */
export function Combobox({
  label,
  name,
  value,
  onChange,
  onPick,
  options,
  loading,
  status,
  invalid,
  required,
  placeholder,
  onOpenChange,
}: {
  label: ReactNode;
  name: string;
  value: string;
  onChange: (value: string) => void;
  onPick?: (value: string) => void;
  /** The list opened or closed: suggestions are fetched only while someone looks at them. */
  onOpenChange?: (open: boolean) => void;
  options: Option[];
  loading?: boolean;
  /** Shown under the list (e.g. why there are no suggestions). */
  status?: string | null;
  invalid?: boolean;
  required?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpenState] = useState(false);
  const setOpen = (next: boolean) => {
    setOpenState(next);
    onOpenChange?.(next);
  };
  const [active, setActive] = useState(-1);
  const shown = open && (options.length > 0 || Boolean(status) || loading);
  const pick = (option: Option) => {
    onChange(option.value);
    onPick?.(option.value);
    setOpen(false);
    setActive(-1);
  };
  return (
    <div className="relative">
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
      </label>
      <input
        id={id}
        name={name}
        value={value}
        required={required}
        placeholder={placeholder}
        autoComplete="off"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid}
        aria-describedby={`${name}-error`}
        className={inputClass}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
            setActive((index) => Math.min(index + 1, options.length - 1));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((index) => Math.max(index - 1, 0));
          } else if (event.key === "Enter" && shown && active >= 0 && options[active]) {
            event.preventDefault();
            pick(options[active]);
          } else if (event.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={typeof label === "string" ? `${label} suggestions` : "Suggestions"}
        hidden={!shown}
        className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-line bg-surface py-1 text-sm shadow-lg"
      >
        {options.map((option, index) => (
          <li
            key={option.value}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={`cursor-pointer px-3 py-1.5 ${index === active ? "bg-accent text-on-accent" : "text-fg"}`}
            // mousedown, not click: the input's blur would close the list first.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(option);
            }}
          >
            {option.label}
            {option.hint ? (
              <span className={index === active ? " text-on-accent" : " text-fg-muted"}>
                {" "}
                · {option.hint}
              </span>
            ) : null}
          </li>
        ))}
        {loading ? (
          <li role="option" aria-selected={false} aria-disabled="true" className="px-3 py-1.5 text-fg-muted">
            Loading…
          </li>
        ) : null}
        {!loading && status ? (
          <li role="option" aria-selected={false} aria-disabled="true" className="px-3 py-1.5 text-fg-muted">
            {status}
          </li>
        ) : null}
      </ul>
    </div>
  );
}

type RepoResult = {
  repositories: { fullName: string; visibility: string | null; defaultBranch: string | null }[];
  total: number;
};

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `Request failed (${response.status})`);
  return body;
}

/**
 * Repositories the person can push to, searched as they type (GET /api/launch/repositories). Asks
 * only while the list is open and once typing has paused: a field filled and left asks nothing.
 */
export function useRepositorySearch(text: string, enabled = true) {
  const key = enabled ? text.trim() : null;
  const settled = useDebounced(key);
  return useQuery({
    queryKey: ["launch-repositories", settled],
    enabled: key !== null && settled === key,
    queryFn: () => getJson<RepoResult>(`/api/launch/repositories?q=${encodeURIComponent(settled ?? "")}`),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

/** Branches of owner/name, read while the branch list is open. */
export function useBranches(fullName: string | null, enabled = true) {
  const key = enabled && fullName && /^[^/\s]+\/[^/\s]+$/.test(fullName) ? fullName : null;
  const settled = useDebounced(key);
  return useQuery({
    queryKey: ["launch-branches", settled],
    queryFn: () =>
      getJson<{ branches: string[] }>(`/api/launch/branches?repo=${encodeURIComponent(settled ?? "")}`),
    enabled: key !== null && settled === key,
    staleTime: 30_000,
    retry: false,
  });
}

/** A repository picker that holds owner/name in one field (template parameters). */
export function RepositoryField({
  label,
  name,
  value,
  onChange,
  invalid,
  required,
}: {
  label: ReactNode;
  name: string;
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  required?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const search = useRepositorySearch(value, open);
  const repositories = search.data?.repositories ?? [];
  return (
    <Combobox
      label={label}
      name={name}
      value={value}
      onChange={onChange}
      onOpenChange={setOpen}
      invalid={invalid}
      required={required}
      placeholder="owner/name"
      loading={search.isFetching && repositories.length === 0}
      status={
        search.error
          ? search.error.message
          : repositories.length === 0
            ? "No repository you can push to matches."
            : null
      }
      options={repositories.map((repo) => ({
        value: repo.fullName,
        label: repo.fullName,
        hint: repo.visibility ?? undefined,
      }))}
    />
  );
}

export function BranchField({
  label,
  name,
  value,
  onChange,
  repository,
  invalid,
  placeholder,
}: {
  label: ReactNode;
  name: string;
  value: string;
  onChange: (value: string) => void;
  repository: string | null;
  invalid?: boolean;
  placeholder?: string;
}) {
  const [open, setOpen] = useState(false);
  const branches = useBranches(repository, open);
  const text = value.trim().toLowerCase();
  const options = (branches.data?.branches ?? [])
    .filter((branch) => branch.toLowerCase().includes(text))
    .slice(0, 50)
    .map((branch) => ({ value: branch, label: branch }));
  return (
    <Combobox
      label={label}
      name={name}
      value={value}
      onChange={onChange}
      onOpenChange={setOpen}
      invalid={invalid}
      placeholder={placeholder}
      loading={branches.isFetching && options.length === 0}
      status={
        !repository
          ? "Choose a repository to see its branches."
          : branches.error
            ? branches.error.message
            : options.length === 0 && branches.isSuccess
              ? "No branch matches."
              : null
      }
      options={options}
    />
  );
}

/** Form fields for a template's typed parameters, named `param.<name>`. */
export function ParameterFields({
  parameters,
  initial,
  errors,
  repository,
}: {
  parameters: TemplateParameter[];
  /** Values to show (typed earlier, or the defaults). */
  initial: Record<string, string | undefined>;
  errors: FieldErrors;
  /** owner/name the branch parameters list branches of. */
  repository: string | null;
}) {
  if (parameters.length === 0)
    return <p className="text-sm text-fg-muted">This template has no parameters.</p>;
  return (
    <fieldset className="space-y-4 rounded-lg border border-line p-4">
      <legend className="px-1 text-sm font-semibold text-fg">Template parameters</legend>
      {parameters.map((parameter) => (
        <ParameterField
          key={parameter.name}
          parameter={parameter}
          initial={initial[parameter.name]}
          errors={errors}
          repository={repository}
        />
      ))}
    </fieldset>
  );
}

function ParameterField({
  parameter,
  initial,
  errors,
  repository,
}: {
  parameter: TemplateParameter;
  initial: string | undefined;
  errors: FieldErrors;
  repository: string | null;
}) {
  const name = `param.${parameter.name}`;
  const fallback = typeof parameter.default === "string" ? parameter.default : "";
  const [value, setValue] = useState(initial ?? fallback);
  const invalid = Boolean(errors?.[name]);
  const label = (
    <>
      {parameter.label}
      {parameter.required ? <span className="font-normal text-fg-muted"> (required)</span> : null}
    </>
  );
  const help = parameter.help ? <p className="mt-1 text-xs text-fg-muted">{parameter.help}</p> : null;
  const described = `${name}-error`;
  let field: ReactNode;
  if (parameter.type === "boolean") {
    const checked = initial === undefined ? parameter.default === true : ["on", "true"].includes(initial);
    field = (
      <label className="flex items-center gap-2 text-sm text-fg">
        <input type="checkbox" name={name} defaultChecked={checked} aria-describedby={described} />
        {parameter.label}
      </label>
    );
  } else if (parameter.type === "choice") {
    field = (
      <label className="block text-sm font-medium text-fg">
        {label}
        <select
          name={name}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className={inputClass}
          aria-invalid={invalid}
          aria-describedby={described}
        >
          {parameter.required ? null : <option value="">—</option>}
          {(parameter.choices ?? []).map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      </label>
    );
  } else if (parameter.type === "repository") {
    field = (
      <RepositoryField
        label={label}
        name={name}
        value={value}
        onChange={setValue}
        invalid={invalid}
        required={parameter.required}
      />
    );
  } else if (parameter.type === "branch") {
    field = (
      <BranchField
        label={label}
        name={name}
        value={value}
        onChange={setValue}
        repository={repository}
        invalid={invalid}
      />
    );
  } else if (parameter.multiline) {
    field = (
      <label className="block text-sm font-medium text-fg">
        {label}
        <textarea
          name={name}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          rows={4}
          required={parameter.required}
          className={inputClass}
          aria-invalid={invalid}
          aria-describedby={described}
        />
      </label>
    );
  } else {
    field = (
      <label className="block text-sm font-medium text-fg">
        {label}
        <input
          name={name}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          required={parameter.required}
          className={inputClass}
          aria-invalid={invalid}
          aria-describedby={described}
        />
      </label>
    );
  }
  return (
    <div>
      {field}
      {help}
      <FieldError errors={errors} name={name} />
    </div>
  );
}
