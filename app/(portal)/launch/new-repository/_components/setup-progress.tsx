"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { StateBadge } from "@/components/state-badge";
import { Button } from "@/components/ui/button";
import { STATE_LABELS, type TaskState } from "@/lib/task-states";
import type { RepositorySetupView, SetupStepState } from "@/lib/dal/repository-setups";
import { dataOrThrow } from "@/lib/queries/fetch-json";
import { repositorySetupQuery } from "@/lib/queries/repository-setups";
import { resumeRepositorySetupAction } from "../actions";
import { needsAttention, SETUP_STATUS_LABELS } from "./setup-status";

const STEP_WORDS: Record<SetupStepState, string> = {
  pending: "Waiting",
  running: "In progress",
  done: "Done",
  failed: "Failed",
  unknown: "Not confirmed",
};

function Step({
  number,
  title,
  state,
  children,
}: {
  number: number;
  title: string;
  state: SetupStepState;
  children?: ReactNode;
}) {
  const tone =
    state === "done"
      ? "border-finished bg-finished-soft"
      : state === "failed" || state === "unknown"
        ? "border-needs-human bg-needs-human-soft"
        : state === "running"
          ? "border-in-flight bg-in-flight-soft"
          : "border-line bg-surface";
  return (
    <li className={`rounded-lg border p-4 ${tone}`} data-testid={`setup-step-${number}`} data-state={state}>
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-semibold text-fg">
          {number}. {title}
        </span>
        <span className="text-sm text-fg" data-testid={`setup-step-${number}-state`}>
          {STEP_WORDS[state]}
        </span>
      </div>
      {children ? <div className="mt-2 space-y-2 text-sm text-fg">{children}</div> : null}
    </li>
  );
}

/** Both steps of a setup, kept live: the setup row, and the task as the worker syncs it. */
export function SetupProgress({ initial }: { initial: RepositorySetupView }) {
  const queryClient = useQueryClient();
  const setupQuery = repositorySetupQuery(initial.id);
  const query = useQuery({ ...setupQuery, initialData: initial });
  const resume = useMutation({
    mutationFn: async () => dataOrThrow(await resumeRepositorySetupAction({ id: initial.id })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: setupQuery.queryKey }),
  });
  const view = query.data;
  const task = view.task;
  return (
    <div className="max-w-3xl space-y-6">
      <p className="text-sm" aria-live="polite" data-testid="setup-status">
        Status:{" "}
        <strong className={needsAttention(view.status) ? "text-needs-human" : "text-fg"}>
          {view.status === "task_started" && task
            ? `Setup task ${(STATE_LABELS[task.state as TaskState] ?? task.state).toLowerCase()}`
            : (SETUP_STATUS_LABELS[view.status] ?? view.status)}
        </strong>
      </p>
      <ol className="space-y-3">
        <Step number={1} title="Create the repository" state={view.repositoryStep}>
          <p>
            {view.repositoryUrl ? (
              <a href={view.repositoryUrl} className="font-medium text-accent underline">
                {view.repository}
              </a>
            ) : (
              view.repository
            )}{" "}
            · {view.visibility}
            {view.templateRepository ? ` · from ${view.templateRepository}` : " · empty with a README"}
            {view.owningTeam ? ` · owned by ${view.owningTeam}` : ""}
            {view.defaultBranch ? ` · default branch ${view.defaultBranch}` : ""}
          </p>
        </Step>
        <Step number={2} title="Start the setup task" state={view.taskStep}>
          {view.templateName ? <p>Template: {view.templateName}</p> : null}
          {task ? (
            <p className="flex flex-wrap items-center gap-3">
              <StateBadge state={task.state as TaskState} />
              <span data-testid="setup-task-state" className="sr-only">
                {task.state}
              </span>
              <Link href={`/tasks/${task.id}`} className="font-medium text-accent underline">
                Open the task page
              </Link>
              {task.htmlUrl ? (
                <a href={task.htmlUrl} className="text-accent underline">
                  Open on GitHub
                </a>
              ) : null}
            </p>
          ) : null}
          {task?.errorMessage ? <p>Error: {task.errorMessage}</p> : null}
        </Step>
      </ol>
      {view.errorMessage && view.status !== "task_started" ? (
        <div
          role="alert"
          className="rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-fg"
        >
          <p>{view.errorMessage}</p>
          {view.status === "task_unknown" ? (
            <p className="mt-1">
              Switchyard checks GitHub for the task before anything is started again; this page updates when
              it knows.
            </p>
          ) : null}
        </div>
      ) : null}
      {view.canResume ? (
        <div className="space-y-2">
          <Button variant="primary" size="lg" onClick={() => resume.mutate()} disabled={resume.isPending}>
            {resume.isPending ? "Resuming…" : "Resume"}
          </Button>
          <p className="text-sm text-fg-muted">
            Resume runs only the missing step
            {view.repositoryStep === "done" ? ": the repository exists, so only the setup task starts." : "."}
          </p>
        </div>
      ) : null}
      {resume.error ? (
        <p role="alert" className="text-sm text-needs-human">
          {resume.error.message}
        </p>
      ) : null}
      {query.error ? <p className="text-sm text-needs-human">{query.error.message}</p> : null}
      {view.prompt ? (
        <details className="rounded-lg border border-line bg-surface p-4">
          <summary className="cursor-pointer text-sm font-semibold text-fg">
            Prompt sent to the setup task
          </summary>
          <pre className="mt-2 whitespace-pre-wrap font-mono text-xs text-fg">{view.prompt}</pre>
        </details>
      ) : null}
    </div>
  );
}
