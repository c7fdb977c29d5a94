import type { PersonOption } from "@/lib/dal/people";
import { ERROR_CODES } from "@/lib/actions/result";

const inputClass =
  "mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg aria-[invalid=true]:border-needs-human";

/** Target types recorded today, offered as suggestions (any type can be typed). */
const TARGET_TYPES = [
  "agent_task",
  "campaign",
  "template",
  "triage_item",
  "repository_setup",
  "team",
  "routing_rule",
  "repository_policy",
  "repository",
  "sla_target",
  "saved_view",
  "audit_log",
];

type Field = { name: string; label: string; hint?: string; list?: string; type?: string };

const FIELDS: Field[] = [
  {
    name: "actor",
    label: "Person",
    hint: "A GitHub login, or switchyard for the worker.",
    list: "audit-people",
  },
  { name: "action", label: "Action", hint: "An action or its start, e.g. campaign. or team.create." },
  { name: "targetType", label: "Target type", list: "audit-target-types" },
  { name: "targetId", label: "Target id" },
  { name: "from", label: "From (UTC)", type: "datetime-local" },
  { name: "to", label: "Until (UTC)", type: "datetime-local" },
];

/** The audit log's filters: a plain GET form, so they live in the URL and work without JavaScript. */
export function AuditFiltersForm({
  values,
  people,
  fieldErrors = {},
}: {
  values: Record<string, string>;
  people: PersonOption[];
  fieldErrors?: Record<string, string[]>;
}) {
  const describe = (name: string, hint?: string) => {
    const ids = [hint ? `audit-${name}-hint` : null, fieldErrors[name] ? `audit-${name}-error` : null].filter(
      Boolean,
    );
    return {
      id: `audit-${name}`,
      name,
      "aria-invalid": fieldErrors[name] ? true : undefined,
      "aria-describedby": ids.length ? ids.join(" ") : undefined,
    };
  };
  const errorOf = (name: string) =>
    fieldErrors[name] ? (
      <p id={`audit-${name}-error`} className="mt-1 text-sm text-needs-human">
        {fieldErrors[name].join(" ")}
      </p>
    ) : null;
  return (
    <form
      method="get"
      action="/settings/audit"
      role="search"
      aria-label="Filter the audit log"
      className="space-y-3 rounded-lg border border-line bg-surface p-4"
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {FIELDS.map((field) => (
          <div key={field.name}>
            <label htmlFor={`audit-${field.name}`} className="block text-sm font-medium">
              {field.label}
            </label>
            <input
              type={field.type ?? "text"}
              defaultValue={values[field.name] ?? ""}
              list={field.list}
              autoComplete="off"
              spellCheck={false}
              className={inputClass}
              {...describe(field.name, field.hint)}
            />
            {field.hint ? (
              <p id={`audit-${field.name}-hint`} className="mt-1 text-xs text-fg-muted">
                {field.hint}
              </p>
            ) : null}
            {errorOf(field.name)}
          </div>
        ))}
        <div>
          <label htmlFor="audit-outcome" className="block text-sm font-medium">
            Outcome
          </label>
          <select defaultValue={values.outcome ?? ""} className={inputClass} {...describe("outcome")}>
            <option value="">Any</option>
            <option value="ok">Done (ok)</option>
            <option value="failure">Refused or failed (any)</option>
            {ERROR_CODES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
          {errorOf("outcome")}
        </div>
      </div>
      <datalist id="audit-people">
        {people.map((person) => (
          <option key={person.id} value={person.login} />
        ))}
        <option value="switchyard" />
      </datalist>
      <datalist id="audit-target-types">
        {TARGET_TYPES.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      {errorOf("cursor")}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-semibold text-on-accent"
        >
          Filter
        </button>
        <a href="/settings/audit" className="text-sm text-accent underline">
          Clear filters
        </a>
      </div>
    </form>
  );
}
