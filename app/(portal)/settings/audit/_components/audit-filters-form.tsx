import { Button, buttonVariants } from "@/components/ui/button";
import { Field, FieldError } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ERROR_CODES } from "@/lib/result";
import type { PersonOption } from "@/lib/dal/people";

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

type TextFilter = { name: string; label: string; hint?: string; list?: string; type?: string };

const TEXT_FILTERS: TextFilter[] = [
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
  const field = (name: string) => ({ id: `audit-${name}`, name, error: fieldErrors[name] });
  return (
    <form
      method="get"
      action="/settings/audit"
      role="search"
      aria-label="Filter the audit log"
      className="space-y-3 rounded-lg border border-line bg-surface p-4"
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {TEXT_FILTERS.map((filter) => (
          <Field key={filter.name} label={filter.label} hint={filter.hint} {...field(filter.name)}>
            {(control) => (
              <Input
                {...control}
                type={filter.type ?? "text"}
                list={filter.list}
                defaultValue={values[filter.name] ?? ""}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        ))}
        <Field label="Outcome" {...field("outcome")}>
          {(control) => (
            <Select {...control} defaultValue={values.outcome ?? ""}>
              <option value="">Any</option>
              <option value="ok">Done (ok)</option>
              <option value="failure">Refused or failed (any)</option>
              {ERROR_CODES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </Select>
          )}
        </Field>
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
      <FieldError message={fieldErrors.cursor?.join(" ")} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary">
          Filter
        </Button>
        <a href="/settings/audit" className={buttonVariants({ variant: "link" })}>
          Clear filters
        </a>
      </div>
    </form>
  );
}
