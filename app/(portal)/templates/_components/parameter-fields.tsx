import type { ParameterValues, TemplateParameter } from "@/lib/templates/parameters";
import { defaultValue } from "@/lib/templates/parameters";

const inputClass =
  "mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-fg aria-[invalid=true]:border-needs-human";

/**
 * A template's typed parameters as form fields named `param.<name>` (what parseParameterValues
 * reads). `values` are what was typed before (e.g. after a failed submit), else the defaults.
 */
export function ParameterFields({
  parameters,
  idPrefix,
  values,
  errors = {},
  onChange,
}: {
  parameters: TemplateParameter[];
  idPrefix: string;
  values?: Record<string, string | boolean | undefined>;
  errors?: Record<string, string[] | undefined>;
  onChange?: (name: string, value: string | boolean) => void;
}) {
  if (parameters.length === 0)
    return <p className="text-sm text-fg-muted">This template has no parameters.</p>;
  return (
    <div className="space-y-3">
      {parameters.map((parameter) => {
        const id = `${idPrefix}-${parameter.name}`;
        const error = errors[parameter.name]?.join(" ");
        const given = values?.[parameter.name];
        const value = given === undefined ? defaultValue(parameter) : given;
        const described = [parameter.help ? `${id}-hint` : null, error ? `${id}-error` : null]
          .filter(Boolean)
          .join(" ");
        const common = {
          id,
          name: `param.${parameter.name}`,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": described || undefined,
        };
        const label = (
          <>
            {parameter.label}
            {parameter.required ? <span className="text-needs-human"> (required)</span> : null}
          </>
        );
        return (
          <div key={parameter.name}>
            {parameter.type === "boolean" ? (
              <div className="flex items-center gap-2">
                <input
                  type="checkbox"
                  {...common}
                  defaultChecked={value === true || value === "on" || value === "true"}
                  onChange={onChange ? (event) => onChange(parameter.name, event.target.checked) : undefined}
                />
                <label htmlFor={id} className="text-sm font-medium text-fg">
                  {label}
                </label>
              </div>
            ) : (
              <>
                <label htmlFor={id} className="block text-sm font-medium text-fg">
                  {label}
                </label>
                {parameter.type === "choice" ? (
                  <select
                    {...common}
                    defaultValue={String(value)}
                    className={inputClass}
                    onChange={onChange ? (event) => onChange(parameter.name, event.target.value) : undefined}
                  >
                    {!parameter.required || value === "" ? <option value="">Choose…</option> : null}
                    {(parameter.choices ?? []).map((choice) => (
                      <option key={choice} value={choice}>
                        {choice}
                      </option>
                    ))}
                  </select>
                ) : parameter.type === "text" && parameter.multiline ? (
                  <textarea
                    {...common}
                    rows={3}
                    defaultValue={String(value)}
                    className={inputClass}
                    onChange={onChange ? (event) => onChange(parameter.name, event.target.value) : undefined}
                  />
                ) : (
                  <input
                    {...common}
                    defaultValue={String(value)}
                    placeholder={
                      parameter.type === "repository"
                        ? "owner/name"
                        : parameter.type === "branch"
                          ? "main"
                          : undefined
                    }
                    spellCheck={parameter.type === "text"}
                    className={inputClass}
                    onChange={onChange ? (event) => onChange(parameter.name, event.target.value) : undefined}
                  />
                )}
              </>
            )}
            {parameter.help ? (
              <p id={`${id}-hint`} className="mt-1 text-xs text-fg-muted">
                {parameter.help}
              </p>
            ) : null}
            {error ? (
              <p id={`${id}-error`} className="mt-1 text-sm text-needs-human">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** Values for a preview or launch from the current form (`param.<name>` fields). */
export function parameterValuesFromForm(
  form: HTMLFormElement,
  parameters: TemplateParameter[],
): ParameterValues {
  const data = new FormData(form);
  const values: ParameterValues = {};
  for (const parameter of parameters) {
    const raw = data.get(`param.${parameter.name}`);
    values[parameter.name] = parameter.type === "boolean" ? raw === "on" : typeof raw === "string" ? raw : "";
  }
  return values;
}
