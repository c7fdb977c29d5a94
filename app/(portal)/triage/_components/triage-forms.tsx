"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { StateBadge } from "@/components/state-badge";
import type { ActionFailure } from "@/lib/result";
import { Button, buttonVariants } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form";
import { Checkbox, Input, Select, Textarea } from "@/components/ui/input";
import type { FailureCluster, TriageItemDto, TriagePullDto } from "@/lib/dal/triage";
import type { PlaybookMode } from "@/lib/triage/operations";
import { FlagList } from "@/components/outcomes";
import { CHECKS_LABELS, PULL_STATE_LABELS, REVIEW_LABELS } from "@/lib/outcomes/labels";
import type { TriageView } from "@/lib/triage/access";
import { formatDuration } from "@/lib/format/time";
import { retryItemsAction, triageItemAction } from "../actions";
import { Section } from "@/components/ui/section";
import { AssigneeOptions } from "@/components/assignee-options";
import { BranchName, RepositoryName } from "@/components/github-links";
import { CopyButton } from "@/components/ui/copy-button";
import { toastResult } from "@/components/ui/toast";

type Assignees = { users: { id: string; login: string }[]; teams: { id: string; name: string }[] };

/** A failure in words: the field's own message when the input was refused (e.g. a snooze too far ahead). */
function inWords<T extends { ok: boolean }>(state: T | null): T | null {
  if (!state || state.ok) return state;
  const failure = state as T & ActionFailure;
  return { ...failure, message: Object.values(failure.fieldErrors ?? {}).flat()[0] ?? failure.message };
}

type OperationResult = Awaited<ReturnType<typeof triageItemAction>>;

function successText(state: OperationResult | null): string | null {
  if (!state?.ok) return null;
  return state.data.reasons
    ? `Done for ${state.data.changed} of ${state.data.changed + state.data.skipped} items.${state.data.reasons.length ? ` Left alone: ${state.data.reasons.join("; ")}.` : ""}`
    : `Done${state.data.changed !== 1 ? ` for ${state.data.changed} items` : ""}${state.data.skipped ? ` (${state.data.skipped} not yours)` : ""}.`;
}

function Result({ state }: { state: OperationResult | null }) {
  return <FormMessage compact result={inWords(state)} success={successText(state)} />;
}

/**
 * Also says the result in a toast when the form that ran is out of sight: a bulk action after the
 * list refreshed, or an item's action run by keyboard (`e`) with its actions folded away.
 */
function useToastWhenHidden(state: OperationResult | null, form: React.RefObject<HTMLFormElement | null>) {
  useEffect(() => {
    const element = form.current;
    if (!state || !element) return;
    const folded = element.closest("details")?.open === false;
    const rect = element.getBoundingClientRect();
    const offScreen = rect.bottom < 0 || rect.top > window.innerHeight;
    if (folded || offScreen) toastResult(inWords(state), successText(state) ?? "Done.");
  }, [state, form]);
}

/** One small form per action, posting the item id; results are announced. */
function ItemForm({ itemId, children, label }: { itemId: string; children: ReactNode; label: string }) {
  const [state, act, pending] = useActionState(triageItemAction, null);
  const form = useRef<HTMLFormElement>(null);
  useToastWhenHidden(state, form);
  return (
    <form
      ref={form}
      action={act}
      aria-label={label}
      data-op={label}
      className="flex flex-wrap items-center gap-2"
      aria-busy={pending}
    >
      <input type="hidden" name="itemId" value={itemId} />
      {children}
      <Result state={state} />
    </form>
  );
}

function RetryForm({
  itemIds,
  mode,
  children,
  label,
  after = "The item closes when it completes.",
}: {
  itemIds: string[];
  mode: PlaybookMode;
  children: ReactNode;
  label: string;
  /** What happens to the item next, said after the start. */
  after?: string;
}) {
  const [state, act, pending] = useActionState(retryItemsAction, null);
  return (
    <form action={act} aria-label={label} className="space-y-2" aria-busy={pending}>
      {itemIds.map((id) => (
        <input key={id} type="hidden" name="itemId" value={id} />
      ))}
      <input type="hidden" name="mode" value={mode} />
      {children}
      <FormMessage
        compact
        result={inWords(state)}
        success={
          state?.ok ? (
            <>
              Started{" "}
              {state.data.started.map((s, i) => (
                <span key={s.taskId}>
                  {i > 0 ? ", " : ""}
                  <Link href={`/tasks/${s.taskId}`} className="underline">
                    the next attempt
                  </Link>
                </span>
              ))}
              . {after}
              {state.data.failed.length ? ` Not started: ${state.data.failed.join(" · ")}` : ""}
            </>
          ) : null
        }
      />
    </form>
  );
}

export function TriageItemCard({
  item,
  assignees,
  now,
}: {
  item: TriageItemDto;
  assignees: Assignees;
  now: number;
}) {
  const due = Date.parse(item.slaDueAt) - now;
  const title = item.taskName ?? item.taskId;
  return (
    <li
      className={`scroll-mt-4 rounded-lg border bg-surface p-4 focus:outline-2 focus:outline-offset-2 focus:outline-accent ${item.overdue ? "border-needs-human" : "border-line"}`}
      tabIndex={-1}
      data-testid="triage-item"
      data-task-id={item.taskId}
      aria-labelledby={`item-${item.id}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            {item.canAct ? (
              <Checkbox name="itemId" value={item.id} form={BULK_FORM} aria-label={`Select ${title}`} />
            ) : null}
            {item.kind === "review" ? <ReviewBadge draft={item.pull?.state === "draft"} /> : null}
            <StateBadge state={item.state} />
            <span
              className={item.overdue ? "text-sm font-semibold text-needs-human" : "text-sm text-fg-muted"}
            >
              {item.overdue
                ? `SLA breached ${formatDuration(-due)} ago`
                : `SLA: due in ${formatDuration(due)}`}
              {item.escalationLevel > 0 ? ` · escalated${item.escalationLevel > 1 ? " twice" : ""}` : ""}
            </span>
            <span className="text-sm text-fg-muted">
              · open for {formatDuration(now - Date.parse(item.openedAt))}
            </span>
          </div>
          <h3 id={`item-${item.id}`} className="text-lg font-semibold">
            <Link href={`/tasks/${item.taskId}`} className="text-accent underline-offset-2 hover:underline">
              {title}
            </Link>
          </h3>
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-fg-muted">
            <RepositoryName repository={item.repository} />
            {item.headRef ? <BranchName repository={item.repository} branch={item.headRef} /> : null}
            {item.campaignId ? (
              <Link href={`/campaigns/${item.campaignId}`} className="underline">
                campaign
              </Link>
            ) : null}
            <span className="inline-flex items-center gap-1">
              task <code className="font-mono text-xs">{item.taskId}</code>
              <CopyButton value={item.taskId} label={`Copy task id ${item.taskId}`} />
            </span>
          </p>
          <FlagList flags={item.flags} />
        </div>
        <div className="text-right text-sm">
          <div>
            Owner: <strong data-testid="triage-owner">{item.owner ?? "Unowned"}</strong>
          </div>
          <div className="text-fg-muted" data-testid="triage-reason">
            {item.ownerReason}
          </div>
          {item.acknowledgedBy ? (
            <div className="text-fg-muted">Acknowledged by {item.acknowledgedBy}</div>
          ) : null}
        </div>
      </div>

      {/* The playbook for this kind and state. */}
      <div className="mt-3 rounded-md bg-canvas p-3 text-sm">
        {item.kind === "review" ? (
          <ReviewPlaybook item={item} title={title} />
        ) : item.state === "failed" ? (
          <div className="space-y-2">
            <p className="text-needs-human">
              <strong>Error:</strong> {item.errorMessage ?? "GitHub has not reported the error yet."}
            </p>
            {item.htmlUrl ? (
              // A link on its own line between the error and the buttons: padded to a 24 px target.
              <a
                href={item.htmlUrl}
                className="inline-block py-1 text-accent underline"
                target="_blank"
                rel="noreferrer"
              >
                Session log on GitHub
              </a>
            ) : null}
            {item.canAct ? (
              <div className="flex flex-wrap items-start gap-2">
                <RetryForm itemIds={[item.id]} mode="retry" label={`Retry ${title}`}>
                  <ConfirmButton label="Retry" pendingLabel="Starting…" variant="primary" size="sm" />
                </RetryForm>
                <Link href={`/launch?from=${item.taskId}`} className={buttonVariants({ size: "sm" })}>
                  Edit and retry
                </Link>
              </div>
            ) : null}
          </div>
        ) : item.state === "waiting_for_user" ? (
          <div className="space-y-2">
            <p>
              The agent asked a question.{" "}
              {item.htmlUrl ? (
                <a href={item.htmlUrl} className="text-accent underline" target="_blank" rel="noreferrer">
                  Read and answer it on GitHub
                </a>
              ) : null}
            </p>
            {item.canAct ? (
              <RetryForm itemIds={[item.id]} mode="follow_up" label={`Follow up on ${title}`}>
                <label className="block space-y-1 font-medium">
                  <span className="block">
                    Or follow up here: a new task on <code>{item.headRef ?? "the same branch"}</code> with
                    your answer
                  </span>
                  <Textarea name="prompt" rows={2} required />
                </label>
                <ConfirmButton label="Follow up" pendingLabel="Starting…" variant="primary" size="sm" />
              </RetryForm>
            ) : null}
          </div>
        ) : (
          <div className="space-y-2">
            <p>The agent ran out of time. Retry with a narrower prompt.</p>
            {item.canAct ? (
              <RetryForm
                itemIds={[item.id]}
                mode="narrower_retry"
                label={`Retry ${title} with a narrower prompt`}
              >
                <div className="grid gap-3 md:grid-cols-2">
                  <div>
                    <p className="font-medium">Original prompt</p>
                    <pre className="mt-1 whitespace-pre-wrap font-mono text-xs text-fg-muted">
                      {item.prompt}
                    </pre>
                  </div>
                  <label className="block space-y-1 font-medium">
                    <span className="block">Narrower prompt</span>
                    <Textarea name="prompt" rows={4} defaultValue={item.prompt ?? ""} required />
                  </label>
                </div>
                <ConfirmButton
                  label="Retry with this prompt"
                  pendingLabel="Starting…"
                  variant="primary"
                  size="sm"
                />
              </RetryForm>
            ) : null}
          </div>
        )}
      </div>

      {item.notes.length ? (
        <ul className="mt-3 space-y-1 text-sm" aria-label="Notes">
          {item.notes.map((note, index) => (
            <li key={index}>
              <strong>{note.author}</strong>: {note.body}
            </li>
          ))}
        </ul>
      ) : null}

      {item.canAct ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-accent">
            Claim, reassign, snooze, note, resolve
          </summary>
          <div className="mt-2 space-y-2">
            <div className="flex flex-wrap gap-2">
              <ItemForm itemId={item.id} label="Claim">
                <input type="hidden" name="op" value="claim" />
                <ConfirmButton label="Claim" size="sm" />
              </ItemForm>
              <ItemForm itemId={item.id} label="Acknowledge">
                <input type="hidden" name="op" value="acknowledge" />
                <ConfirmButton label="Acknowledge" size="sm" />
              </ItemForm>
            </div>
            <ItemForm itemId={item.id} label="Reassign">
              <input type="hidden" name="op" value="reassign" />
              <label className="text-sm">
                Reassign to{" "}
                <Select name="assignee" defaultValue="" className="inline-block w-auto">
                  <option value="" disabled>
                    Choose…
                  </option>
                  <AssigneeOptions people={assignees.users} teams={assignees.teams} />
                </Select>
              </label>
              <ConfirmButton label="Reassign" size="sm" />
            </ItemForm>
            <ItemForm itemId={item.id} label="Snooze">
              <input type="hidden" name="op" value="snooze" />
              <label className="text-sm">
                Snooze until{" "}
                <Input type="datetime-local" name="until" required className="inline-block w-auto" />
              </label>
              <ConfirmButton label="Snooze" size="sm" />
            </ItemForm>
            <ItemForm itemId={item.id} label="Add a note">
              <input type="hidden" name="op" value="note" />
              <label className="grow text-sm">
                Note <Input name="body" maxLength={4000} />
              </label>
              <ConfirmButton label="Add note" size="sm" />
            </ItemForm>
            <ItemForm itemId={item.id} label="Resolve">
              <input type="hidden" name="op" value="resolve" />
              <label className="text-sm">
                Resolve as{" "}
                <Select name="resolution" defaultValue="fixed_by_hand" className="inline-block w-auto">
                  <option value="retried">Retried</option>
                  <option value="answered_on_github">Answered on GitHub</option>
                  <option value="fixed_by_hand">Fixed by hand</option>
                  <option value="wont_do">Won&apos;t do</option>
                </Select>
              </label>
              <ConfirmButton label="Resolve" size="sm" />
            </ItemForm>
          </div>
        </details>
      ) : (
        <p className="mt-3 text-sm text-fg-muted">
          Only its owner, their team or an admin can act on this item.
        </p>
      )}
    </li>
  );
}

function ReviewBadge({ draft }: { draft: boolean }) {
  return (
    <span className="inline-flex items-center whitespace-nowrap rounded-full border border-accent px-2.5 py-0.5 text-xs font-semibold text-accent">
      {draft ? "Review · draft PR" : "Review"}
    </span>
  );
}

function PullFacts({ pull }: { pull: TriagePullDto }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-4" data-testid="review-facts">
      <div>
        <dt className="text-xs text-fg-muted">State</dt>
        <dd>{PULL_STATE_LABELS[pull.state]}</dd>
      </div>
      <div>
        <dt className="text-xs text-fg-muted">Review</dt>
        <dd>{REVIEW_LABELS[pull.reviewDecision]}</dd>
      </div>
      <div>
        <dt className="text-xs text-fg-muted">Checks</dt>
        <dd>
          {CHECKS_LABELS[pull.checksState]}
          {pull.checksTotal > 0 ? ` (${pull.checksFailing} of ${pull.checksTotal} failing)` : ""}
        </dd>
      </div>
      <div>
        <dt className="text-xs text-fg-muted">Review requested from</dt>
        <dd>{pull.requestedReviewers.length > 0 ? pull.requestedReviewers.join(", ") : "Nobody"}</dd>
      </div>
    </dl>
  );
}

/**
 * A review item's playbook: open the PR, approve waiting workflows, ask the agent for changes (a
 * follow-up on the PR's branch), or close it. Merging and closing happen on GitHub; the item follows.
 */
function ReviewPlaybook({ item, title }: { item: TriageItemDto; title: string }) {
  const pull = item.pull;
  if (!pull) return <p>Its pull request is no longer tracked.</p>;
  return (
    <div className="space-y-3">
      <p>
        <a
          href={pull.htmlUrl}
          className="inline-block py-1 font-medium text-accent underline"
          target="_blank"
          rel="noreferrer"
        >
          #{pull.number} {pull.title}
        </a>
        {pull.state === "draft" ? " (draft)" : ""}
      </p>
      <PullFacts pull={pull} />
      <ol className="list-decimal space-y-2 pl-5">
        <li>
          <a href={pull.htmlUrl} className="text-accent underline" target="_blank" rel="noreferrer">
            Open the pull request on GitHub
          </a>{" "}
          and review it.
        </li>
        {pull.workflowsAwaitingApproval > 0 ? (
          <li data-testid="workflows-waiting">
            {pull.workflowsAwaitingApproval} workflow run
            {pull.workflowsAwaitingApproval === 1 ? " waits" : "s wait"} for approval: GitHub does not run
            workflows on the agent&apos;s pushes until someone with write access approves them.{" "}
            <a href={pull.checksUrl} className="text-accent underline" target="_blank" rel="noreferrer">
              Approve workflows on GitHub
            </a>
          </li>
        ) : null}
        <li>
          {item.canAct ? (
            <RetryForm
              itemIds={[item.id]}
              mode="request_changes"
              label={`Request changes on ${title}`}
              after="It pushes to the same pull request; this item stays until the PR is merged or closed."
            >
              <label className="block space-y-1 font-medium">
                <span className="block">
                  Request changes through the agent: a follow-up task on{" "}
                  <code>{item.headRef ?? "its branch"}</code> with your words
                </span>
                <Textarea name="prompt" rows={3} required />
              </label>
              <ConfirmButton label="Request changes" pendingLabel="Starting…" variant="primary" size="sm" />
            </RetryForm>
          ) : (
            "Its owner can ask the agent for changes here."
          )}
        </li>
        <li>
          Not wanted?{" "}
          <a href={pull.htmlUrl} className="text-accent underline" target="_blank" rel="noreferrer">
            Close the pull request on GitHub
          </a>
          . The item resolves itself when the pull request is merged or closed.
        </li>
      </ol>
      {item.nextTaskId ? (
        <p>
          <Link href={`/tasks/${item.nextTaskId}`} className="text-accent underline">
            The follow-up task
          </Link>{" "}
          works on this pull request.
        </p>
      ) : null}
    </div>
  );
}

/** "N tasks: same failure" with one action to retry them all, after a confirmation stating the count. */
export function FailureClusters({ clusters }: { clusters: FailureCluster[] }) {
  if (clusters.length === 0) return null;
  return (
    <Section id="clusters" title="Failure clusters" className="space-y-2">
      <ul className="space-y-2">
        {clusters.map((cluster) => (
          <li
            key={cluster.key}
            className="rounded-lg border border-line bg-surface p-3"
            data-testid="failure-cluster"
          >
            <p>
              <strong>{cluster.count} tasks:</strong> {cluster.sample}
            </p>
            <RetryForm itemIds={cluster.itemIds} mode="retry" label={`Retry all ${cluster.count}`}>
              <ConfirmButton
                label={`Retry all ${cluster.count}…`}
                confirm={`This starts ${cluster.count} new tasks under your GitHub account (each costs credits).`}
                confirmLabel={`Start ${cluster.count} retries`}
                pendingLabel="Starting…"
                className="mt-2"
              />
            </RetryForm>
          </li>
        ))}
      </ul>
    </Section>
  );
}

const BULK_FORM = "triage-bulk";

/**
 * Bulk action over the selected items, or (with none selected) everything in the current view,
 * stating the count it will touch; the server checks that count before acting.
 */
export function BulkBar({
  view,
  count,
  assignees,
}: {
  view: TriageView;
  count: number;
  assignees: Assignees;
}) {
  const [state, act, pending] = useActionState(triageItemAction, null);
  // The list refreshes under the bar (and the bar goes when the view empties): always say it.
  useEffect(() => toastResult(inWords(state), successText(state) ?? "Done."), [state]);
  const [op, setOp] = useState("acknowledge");
  const [selected, setSelected] = useState(0);
  useEffect(() => {
    const recount = () =>
      setSelected(document.querySelectorAll(`input[form="${BULK_FORM}"][name="itemId"]:checked`).length);
    document.addEventListener("change", recount);
    return () => document.removeEventListener("change", recount);
  }, []);
  if (count === 0) return null;
  const target =
    selected > 0
      ? `the ${selected} selected item${selected === 1 ? "" : "s"}`
      : `all ${count} items in this view (every page)`;
  return (
    <form
      id={BULK_FORM}
      action={act}
      aria-label="Act on several items"
      className="flex flex-wrap items-end gap-2 rounded-lg border border-line bg-surface p-3"
    >
      <input type="hidden" name="view" value={view} />
      <input type="hidden" name="confirmCount" value={count} />
      <label className="text-sm font-medium">
        For {target}
        <Select
          name="op"
          value={op}
          onChange={(e) => setOp(e.target.value)}
          className="ml-2 inline-block w-auto"
        >
          <option value="acknowledge">Acknowledge</option>
          <option value="claim">Claim</option>
          <option value="reassign">Reassign</option>
          <option value="resolve">Resolve</option>
        </Select>
      </label>
      {op === "reassign" ? (
        <Select name="assignee" aria-label="Reassign to" defaultValue="" className="w-auto">
          <option value="" disabled>
            Choose…
          </option>
          <AssigneeOptions people={assignees.users} teams={assignees.teams} />
        </Select>
      ) : null}
      {op === "resolve" ? (
        <Select name="resolution" aria-label="Resolution" defaultValue="fixed_by_hand" className="w-auto">
          <option value="fixed_by_hand">Fixed by hand</option>
          <option value="answered_on_github">Answered on GitHub</option>
          <option value="wont_do">Won&apos;t do</option>
        </Select>
      ) : null}
      {selected > 0 ? (
        <Button type="submit" disabled={pending}>
          Apply to {selected} items
        </Button>
      ) : (
        // The whole view, as the server counts it: the server re-applies the view and refuses if the
        // count changed meanwhile.
        <ConfirmButton
          variant="primary"
          label={`Apply to all ${count} items`}
          confirm={`This changes all ${count} items of this view, including those on other pages.`}
          confirmLabel={`Yes, apply to ${count} items`}
        />
      )}
      <Result state={state} />
    </form>
  );
}
