import { CheckboxField, Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { TASK_MODELS } from "@/lib/github/models";

/** The model a task runs with ("Automatic" lets GitHub choose): launch, setup, campaign, template. */
export function ModelField({
  id,
  name = "model",
  defaultValue,
  error,
  hint,
  label = "Model",
}: {
  id: string;
  name?: string;
  defaultValue: string | null | undefined;
  error?: string;
  hint?: string;
  label?: string;
}) {
  return (
    <Field id={id} name={name} label={label} error={error} hint={hint}>
      {(control) => (
        <Select {...control} defaultValue={defaultValue ?? ""}>
          <option value="">Automatic</option>
          {TASK_MODELS.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** Whether the agent opens a pull request (a branch-only policy turns it off whatever this says). */
export function PullRequestField({
  id,
  name = "create_pull_request",
  defaultChecked,
  label = "Open a pull request",
  hint,
  className,
}: {
  id: string;
  name?: string;
  defaultChecked: boolean;
  label?: string;
  hint?: string;
  className?: string;
}) {
  return (
    <CheckboxField
      id={id}
      name={name}
      label={label}
      hint={hint}
      defaultChecked={defaultChecked}
      className={className}
    />
  );
}
