import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { StateBadge } from "@/components/state-badge";
import { isRunning, STATE_LABELS } from "@/lib/task-states";
import { requireUser } from "@/lib/auth/session";
import { getTaskDetail } from "@/lib/dal/tasks";
import { formatDuration } from "@/lib/format/time";
import { LiveRefresh } from "@/components/live-refresh";
import { CopyButton } from "@/components/ui/copy-button";
import { AbsoluteTime, RelativeTime } from "@/components/ui/time";
import { TaskActionButton } from "../_components/task-action-button";
import { Section } from "@/components/ui/section";
import {
  BranchName,
  PersonLink,
  PullRequestLink as BranchPullRequestsLink,
  RepositoryName,
} from "@/components/github-links";
import { FlagList, PullRequestLink } from "@/components/outcomes";
import { CHECKS_LABELS, REVIEW_LABELS } from "@/lib/outcomes/labels";
import { PanelBoundary } from "@/components/ui/panel-boundary";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ started?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requireUser();
  const { id } = await params;
  const task = /^[A-Za-z0-9-]{1,64}$/.test(id) ? await getTaskDetail({ id, viewer: user }) : null;
  return { title: task?.name ?? "Task" };
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-fg-muted">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children ?? <span className="text-fg-muted">—</span>}</dd>
    </div>
  );
}

/** An absolute time, in the viewer's time zone. */
const when = (iso: string | null) => (iso ? <AbsoluteTime date={iso} seconds /> : null);

/** A value people paste elsewhere (ids, branch names), with a button that copies it. */
function Copyable({ value, label }: { value: string | null; label: string }) {
  if (!value) return null;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <code className="font-mono text-xs break-all">{value}</code>
      <CopyButton value={value} label={label} />
    </span>
  );
}

export default async function TaskPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const { id } = await params;
  const justStarted = (await searchParams).started === "1";
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) notFound();
  // A task in a repository the person cannot see on GitHub is "not found", like one that does not exist.
  const task = await getTaskDetail({ id, viewer: user });
  if (!task) notFound();
  const now = new Date();
  return (
    <article className="space-y-8">
      <LiveRefresh active={isRunning(task.state)} />
      {justStarted ? (
        <section
          aria-labelledby="started-task"
          className="rounded-lg border border-line bg-surface p-4 text-sm text-fg"
        >
          <h2 id="started-task" className="font-semibold">
            Task started in {task.repository}
          </h2>
          <p className="mt-1" aria-live="polite">
            It runs under {task.launch?.identity ?? "your"}&apos;s GitHub identity; this page follows it live.
            State: <span data-testid="task-state">{task.state}</span>
          </p>
          {task.launch?.policyNotes.map((note) => (
            <p key={note} className="mt-1">
              <strong>Policy:</strong> {note}
            </p>
          ))}
        </section>
      ) : null}
      {!task.visibleOnGitHub ? (
        <p
          role="note"
          data-testid="admin-only-task"
          className="rounded-lg border border-line bg-surface p-3 text-sm"
        >
          <strong>Admin view:</strong> your GitHub account cannot see {task.repository}. You see this task
          because you are an admin; members who cannot see the repository on GitHub do not find it here.
        </p>
      ) : null}
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/tasks" className="text-accent underline">
          Tasks
        </Link>{" "}
        / <span className="text-fg-muted">{task.repository}</span>
      </nav>
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <StateBadge state={task.state} />
          <span className="text-sm text-fg-muted">
            for {formatDuration(now.getTime() - Date.parse(task.stateSince))}
            {task.archivedAt ? " · archived" : ""}
          </span>
        </div>
        <h1 className="text-3xl font-bold tracking-tight">{task.name ?? task.id}</h1>
        <div className="flex flex-wrap items-center gap-4 text-sm">
          {task.htmlUrl ? (
            <a href={task.htmlUrl} className="text-accent underline" target="_blank" rel="noreferrer">
              Open on GitHub
            </a>
          ) : null}
          <span className="text-fg-muted" data-testid="confirmed">
            Confirmed with GitHub <RelativeTime date={task.lastConfirmedAt} now={now} />
            {task.detailStale ? " (sessions are being refreshed)" : ""}
          </span>
          <TaskActionButton taskId={task.id} kind="refresh" />
        </div>
        {task.state === "failed" && task.errorMessage ? (
          <p
            role="note"
            className="rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-needs-human"
          >
            <strong>Failed:</strong> {task.errorMessage}
          </p>
        ) : null}
        {task.state === "waiting_for_user" ? (
          <p
            role="note"
            className="rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-needs-human"
          >
            The agent is waiting for an answer.{" "}
            {task.htmlUrl ? (
              <a href={task.htmlUrl} className="underline" target="_blank" rel="noreferrer">
                Answer it on GitHub
              </a>
            ) : null}
          </p>
        ) : null}
        <FlagList flags={task.flags} detailed />
        {task.flags.some((flag) => flag.kind === "branch_without_pr") ? (
          <TaskActionButton taskId={task.id} kind="open-pull-request" />
        ) : null}
      </header>

      {task.pull ? (
        <PanelBoundary title="Pull request">
          <Section id="pull-request" title={`Pull request #${task.pull.number}`} card>
            <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Fact label="State">
                <PullRequestLink pull={task.pull} />
                {task.pull.mergedAt ? <> {when(task.pull.mergedAt)}</> : null}
              </Fact>
              <Fact label="Review">{REVIEW_LABELS[task.pull.reviewDecision]}</Fact>
              <Fact label="Checks">
                {CHECKS_LABELS[task.pull.checksState]}
                {task.pull.checksTotal > 0
                  ? ` (${task.pull.checksFailing} of ${task.pull.checksTotal} failing)`
                  : ""}
              </Fact>
              <Fact label="Workflows awaiting approval">{String(task.pull.workflowsAwaitingApproval)}</Fact>
              <Fact label="Review requested from">
                {task.pull.requestedReviewers.length > 0 ? task.pull.requestedReviewers.join(", ") : null}
              </Fact>
              <Fact label="Read from GitHub">
                <RelativeTime date={task.pull.refreshedAt} now={now} />
              </Fact>
            </dl>
          </Section>
        </PanelBoundary>
      ) : null}

      <PanelBoundary title="Facts">
        <Section id="facts" title="Facts" hideTitle card>
          <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Fact label="Repository">
              <RepositoryName repository={task.repository} />
            </Fact>
            <Fact label="Task id">
              <Copyable value={task.id} label="Copy task id" />
            </Fact>
            <Fact label="Branch">
              {task.headRef ? <BranchName repository={task.repository} branch={task.headRef} /> : null}
            </Fact>
            <Fact label="Base">{task.baseRef ?? task.defaultBranch}</Fact>
            <Fact label="Pull request">
              {task.pull ? (
                <PullRequestLink pull={task.pull} />
              ) : task.hasPullRequest && task.headRef ? (
                <BranchPullRequestsLink repository={task.repository} pull={{ headRef: task.headRef }}>
                  Opened
                </BranchPullRequestsLink>
              ) : task.hasPullRequest ? (
                "Opened"
              ) : task.headRef ? (
                "Branch only"
              ) : (
                "None"
              )}
            </Fact>
            <Fact label="Model">{task.model ?? "Automatic"}</Fact>
            <Fact label="Custom agent">{task.customAgent}</Fact>
            <Fact label="Created by (GitHub)">
              {task.creator && !task.creator.startsWith("GitHub user #") ? (
                <PersonLink login={task.creator} />
              ) : (
                task.creator
              )}
            </Fact>
            <Fact label="Launched">
              {task.launch
                ? `from Switchyard by ${task.launch.by} as @${task.launch.identity}`
                : "outside Switchyard"}
            </Fact>
            <Fact label="Cost so far">
              {task.credits} credits
              {task.premiumRequests !== "0" ? ` · ${task.premiumRequests} premium requests` : ""}
            </Fact>
            <Fact label="Created">{when(task.createdAt)}</Fact>
            <Fact label="Updated on GitHub">{when(task.updatedAt)}</Fact>
            <Fact label="Campaign">
              {task.campaign ? (
                <Link href={`/campaigns/${task.campaign.id}`} className="text-accent underline">
                  {task.campaign.name}
                </Link>
              ) : null}
            </Fact>
            <Fact label="Template">
              {task.template ? (
                <Link href={`/templates/${task.template.id}`} className="text-accent underline">
                  {task.template.name} v{task.template.version}
                </Link>
              ) : null}
            </Fact>
          </dl>
        </Section>
      </PanelBoundary>

      <PanelBoundary title="The prompt">
        <Section id="prompt" title="Prompt" className="space-y-2">
          <pre className="whitespace-pre-wrap rounded-lg border border-line bg-surface p-4 font-mono text-sm">
            {task.launch?.prompt ?? task.prompt ?? "Not read yet."}
          </pre>
          {task.launch ? (
            <p className="text-sm text-fg-muted">
              Launch inputs: base {task.launch.baseRef ?? "default branch"}
              {task.launch.headRef ? `, head ${task.launch.headRef}` : ""}, model{" "}
              {task.launch.model ?? "automatic"}
              {task.launch.customAgent ? `, agent ${task.launch.customAgent}` : ""}, pull request{" "}
              {task.launch.createPullRequest === false ? "off" : "on"}.
            </p>
          ) : null}
          {!justStarted
            ? task.launch?.policyNotes.map((note) => (
                <p key={note} className="text-sm text-fg">
                  <strong>Policy:</strong> {note}
                </p>
              ))
            : null}
        </Section>
      </PanelBoundary>

      <PanelBoundary title="Sessions">
        <Section id="sessions" title={`Sessions (${task.sessions.length})`} className="space-y-3">
          {task.sessions.length === 0 ? (
            <p className="text-sm text-fg-muted">Sessions have not been read from GitHub yet.</p>
          ) : (
            <ol className="space-y-3">
              {task.sessions.map((session, index) => (
                <li
                  key={session.id}
                  className="rounded-lg border border-line bg-surface p-4"
                  data-testid="session"
                >
                  <div className="flex flex-wrap items-center gap-3">
                    <span className="font-semibold">Session {index + 1}</span>
                    <StateBadge state={session.state} />
                    <span className="text-sm text-fg-muted">
                      {when(session.createdAt)}
                      {session.completedAt ? (
                        <>
                          {" → "}
                          {when(session.completedAt)} (
                          {formatDuration(Date.parse(session.completedAt) - Date.parse(session.createdAt))})
                        </>
                      ) : null}
                    </span>
                  </div>
                  <dl className="mt-3 grid gap-3 sm:grid-cols-3">
                    <Fact label="Model">{session.model}</Fact>
                    <Fact label="Usage">{session.usage}</Fact>
                    <Fact label="Branch">
                      {session.headRef ? (
                        <Copyable value={session.headRef} label={`Copy the branch of session ${index + 1}`} />
                      ) : null}
                    </Fact>
                  </dl>
                  {session.errorMessage ? (
                    <p className="mt-2 text-sm text-needs-human">Error: {session.errorMessage}</p>
                  ) : null}
                  {index > 0 && session.prompt ? (
                    <p className="mt-2 text-sm">
                      <span className="text-fg-muted">Follow-up:</span> {session.prompt}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </Section>
      </PanelBoundary>

      <PanelBoundary title="The timeline">
        <Section id="timeline" title="Timeline" className="space-y-3">
          <ol className="relative space-y-3 border-l-2 border-line pl-5">
            {task.timeline.map((change) => (
              <li key={change.id} data-testid="timeline-entry" className="text-sm">
                <span className="font-medium">
                  {change.from
                    ? `${STATE_LABELS[change.from]} → ${STATE_LABELS[change.to]}`
                    : `First seen: ${STATE_LABELS[change.to]}`}
                </span>{" "}
                <span className="text-fg-muted">
                  at {when(change.at)} · observed via{" "}
                  {{
                    launch: "launch",
                    user_list: "sync",
                    repo_list: "repository sync",
                    detail: "task read",
                    refresh: "refresh now",
                  }[change.via] ?? change.via}
                </span>
              </li>
            ))}
          </ol>
        </Section>
      </PanelBoundary>

      {task.previousAttempt || task.nextAttempts.length > 0 ? (
        <PanelBoundary title="Attempts">
          <Section id="linked" title="Attempts" className="space-y-3">
            <ul className="space-y-2 text-sm">
              {task.previousAttempt ? (
                <li className="rounded-lg border border-line bg-surface p-3">
                  <div className="flex flex-wrap items-center gap-3">
                    <span className="font-medium">Previous attempt</span>
                    <StateBadge state={task.previousAttempt.state} />
                    <Link href={`/tasks/${task.previousAttempt.id}`} className="text-accent underline">
                      {task.previousAttempt.name ?? task.previousAttempt.id}
                    </Link>
                    <span className="text-fg-muted">({task.previousAttempt.kind.replace(/_/g, " ")})</span>
                  </div>
                  <p className="mt-1 text-fg-muted">
                    What changed: {task.previousAttempt.changes.join("; ")}.
                  </p>
                  {task.previousAttempt.changes.includes("The prompt changed") &&
                  task.previousAttempt.prompt ? (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-accent">Previous prompt</summary>
                      <pre className="mt-1 whitespace-pre-wrap font-mono text-xs">
                        {task.previousAttempt.prompt}
                      </pre>
                    </details>
                  ) : null}
                </li>
              ) : null}
              {task.nextAttempts.map((next) => (
                <li
                  key={next.id}
                  className="flex flex-wrap items-center gap-3 rounded-lg border border-line bg-surface p-3"
                >
                  <span className="font-medium">Next attempt</span>
                  <StateBadge state={next.state} />
                  <Link href={`/tasks/${next.id}`} className="text-accent underline">
                    {next.name ?? next.id}
                  </Link>
                  <span className="text-fg-muted">
                    {next.kind.replace(/_/g, " ")} by {next.by}
                  </span>
                </li>
              ))}
            </ul>
          </Section>
        </PanelBoundary>
      ) : null}

      {task.attempts.length > 0 ? (
        <PanelBoundary title="Other attempts">
          <Section id="attempts" title="Other attempts on this branch" className="space-y-3">
            <ul className="space-y-1 text-sm">
              {task.attempts.map((attempt) => (
                <li key={attempt.id} className="flex items-center gap-3">
                  <StateBadge state={attempt.state} />
                  <Link href={`/tasks/${attempt.id}`} className="text-accent underline">
                    {attempt.name ?? attempt.id}
                  </Link>
                  <span className="text-fg-muted">{when(attempt.createdAt)}</span>
                </li>
              ))}
            </ul>
          </Section>
        </PanelBoundary>
      ) : null}
    </article>
  );
}
