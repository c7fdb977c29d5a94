"use client";

import { useQuery } from "@tanstack/react-query";
import { useActionState } from "react";
import { StateBadge } from "@/components/state-badge";
import type { TaskState } from "@/components/task-states";
import { TASK_MODELS } from "@/lib/github/schemas";
import {
  getTaskAction,
  startTaskAction,
  type ActionResult,
  type StartedTaskSummary,
} from "@/lib/tasks/actions";

const SETTLED = new Set(["completed", "failed", "timed_out", "cancelled"]);

const inputClass = "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-fg";

function FieldError({ result, name }: { result: ActionResult<StartedTaskSummary> | null; name: string }) {
  const messages = result && !result.ok ? result.fieldErrors?.[name] : undefined;
  if (!messages?.length) return null;
  return (
    <p id={`${name}-error`} className="mt-1 text-sm text-needs-human">
      {messages.join(" ")}
    </p>
  );
}

/**
 * `initial` prefills the form (Edit and retry); `previousTaskId` links the new task to the one it
 * retries, so triage closes the original's item when this attempt completes.
 */
export function StartTaskForm({
  initial = {},
  previousTaskId,
}: { initial?: Record<string, string>; previousTaskId?: string } = {}) {
  const [result, submit, pending] = useActionState(startTaskAction, null);
  const typed = (name: string) => (result && !result.ok ? result.values?.[name] : undefined) ?? initial[name];
  const invalid = (name: string) => Boolean(result && !result.ok && result.fieldErrors?.[name]);

  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <form action={submit} className="space-y-4" noValidate>
        {previousTaskId ? <input type="hidden" name="previous_task_id" value={previousTaskId} /> : null}
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label className="block text-sm font-medium text-fg">
              Owner
              <input
                name="owner"
                required
                defaultValue={typed("owner") ?? "acme"}
                className={inputClass}
                aria-invalid={invalid("owner")}
                aria-describedby="owner-error"
              />
            </label>
            <FieldError result={result} name="owner" />
          </div>
          <div>
            <label className="block text-sm font-medium text-fg">
              Repository
              <input
                name="repo"
                defaultValue={typed("repo")}
                required
                className={inputClass}
                aria-invalid={invalid("repo")}
                aria-describedby="repo-error"
              />
            </label>
            <FieldError result={result} name="repo" />
          </div>
        </div>
        <div>
          <label className="block text-sm font-medium text-fg">
            Base branch <span className="font-normal text-fg-muted">(optional: the repository default)</span>
            <input
              name="base_ref"
              defaultValue={typed("base_ref")}
              className={inputClass}
              aria-invalid={invalid("base_ref")}
              aria-describedby="base_ref-error"
            />
          </label>
          <FieldError result={result} name="base_ref" />
        </div>
        <div>
          <label className="block text-sm font-medium text-fg">
            Prompt
            <textarea
              name="prompt"
              defaultValue={typed("prompt")}
              required
              rows={6}
              className={inputClass}
              aria-invalid={invalid("prompt")}
              aria-describedby="prompt-error"
            />
          </label>
          <FieldError result={result} name="prompt" />
        </div>
        <label className="block text-sm font-medium text-fg">
          Model
          <select name="model" defaultValue={typed("model") ?? ""} className={inputClass}>
            <option value="">Automatic</option>
            {TASK_MODELS.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-fg">
          <input
            type="checkbox"
            name="create_pull_request"
            defaultChecked={(typed("create_pull_request") ?? "on") === "on"}
          />
          Open a pull request
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-accent px-4 py-2.5 text-sm font-semibold text-on-accent disabled:opacity-60"
        >
          {pending ? "Starting…" : "Start task"}
        </button>
        {result && !result.ok ? (
          <p
            role="alert"
            className="rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-fg"
          >
            {result.message}
            {result.signInAgain ? (
              <>
                {" "}
                <a href="/sign-in?reason=token_expired" className="font-medium underline">
                  Sign in again
                </a>
              </>
            ) : null}
          </p>
        ) : null}
      </form>
      {result?.ok ? <LiveTask task={result.data} /> : null}
    </div>
  );
}

function LiveTask({ task }: { task: StartedTaskSummary }) {
  const query = useQuery({
    queryKey: ["task", task.id],
    queryFn: async () => {
      const result = await getTaskAction(task.id);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    refetchInterval: (q) => (q.state.data && SETTLED.has(q.state.data.state) ? false : 2_000),
    refetchIntervalInBackground: false,
  });
  const state = (query.data?.state ?? task.state) as TaskState;
  return (
    <section
      aria-labelledby="started-task"
      className="self-start rounded-lg border border-line bg-surface p-5"
    >
      <h2 id="started-task" className="text-lg font-semibold text-fg">
        Task started in {task.repo}
      </h2>
      <p className="mt-3 flex items-center gap-2 text-sm text-fg" aria-live="polite">
        State: <StateBadge state={state} />
        <span data-testid="task-state" className="sr-only">
          {state}
        </span>
      </p>
      {query.data?.error ? <p className="mt-2 text-sm text-fg">Error: {query.data.error}</p> : null}
      {query.error ? <p className="mt-2 text-sm text-needs-human">{query.error.message}</p> : null}
      {task.htmlUrl ? (
        <a href={task.htmlUrl} className="mt-3 inline-block text-sm font-medium text-accent underline">
          Open on GitHub
        </a>
      ) : null}
    </section>
  );
}
