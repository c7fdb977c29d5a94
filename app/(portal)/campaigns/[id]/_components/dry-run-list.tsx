"use client";

import clsx from "clsx";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import {
  CHECK_LABELS,
  DRY_RUN_FILTER_LABELS,
  DRY_RUN_FILTERS,
  DRY_RUN_PAGE_SIZE,
  type DryRunFilter,
} from "@/lib/campaigns/dry-run-labels";
import type { DryRunPage, DryRunRow } from "@/lib/dal/campaign-dry-run";
import { dryRunPromptQuery } from "@/lib/queries/campaigns";

/** A repository's prompt, read from the server only once opened (a thousand prompts would weigh the page down). */
function Prompt({ campaignId, target }: { campaignId: string; target: DryRunRow }) {
  const [open, setOpen] = useState(false);
  const prompt = useQuery({ ...dryRunPromptQuery(campaignId, target.id), enabled: open });
  return (
    <details className="mt-2" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="inline-flex min-h-6 cursor-pointer items-center text-sm font-medium text-accent">
        Prompt for {target.repository}
      </summary>
      {prompt.data ? (
        <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded-md border border-line bg-canvas p-3 font-mono text-xs">
          {prompt.data.prompt ?? ""}
        </pre>
      ) : prompt.error ? (
        <p role="alert" className="mt-2 text-sm text-needs-human">
          Could not read the prompt: {prompt.error.message}
        </p>
      ) : open ? (
        <p className="mt-2 text-sm text-fg-muted">Loading the prompt…</p>
      ) : null}
    </details>
  );
}

function TargetCard({ campaignId, target }: { campaignId: string; target: DryRunRow }) {
  return (
    <li className="rounded-lg border border-line bg-surface p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-medium break-all">
          {target.repository}
          {target.canary ? (
            <span className="ml-2 rounded-full border border-line px-1.5 text-xs font-normal text-fg-muted">
              canary
            </span>
          ) : null}
        </h3>
        <span
          className={
            target.status === "pending"
              ? "text-sm font-semibold text-finished"
              : "text-sm font-semibold text-needs-human"
          }
        >
          {target.status === "pending" ? "Eligible" : "Excluded"}
        </span>
      </div>
      {target.skipReason ? <p className="mt-1 text-sm text-needs-human">{target.skipReason}</p> : null}
      <ul
        className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2"
        aria-label={`Checks for ${target.repository}`}
      >
        {target.checks.map((check) => (
          <li key={check.check} className="flex gap-2">
            <span aria-hidden="true" className={check.ok ? "text-finished" : "text-needs-human"}>
              {check.ok ? "✓" : "✗"}
            </span>
            <span>
              <span className="font-medium">
                {CHECK_LABELS[check.check] ?? check.check}
                <span className="sr-only">{check.ok ? " passed" : " failed"}</span>:
              </span>{" "}
              <span className="text-fg-muted">{check.message}</span>
            </span>
          </li>
        ))}
      </ul>
      {target.warnings.length ? (
        <ul className="mt-2 list-disc pl-5 text-sm text-fg" aria-label={`Warnings for ${target.repository}`}>
          {target.warnings.map((warning) => (
            <li key={warning}>Warning: {warning}</li>
          ))}
        </ul>
      ) : null}
      {target.hasPrompt ? <Prompt campaignId={campaignId} target={target} /> : null}
    </li>
  );
}

/**
 * The dry run's result per repository: filtered (eligible, with warnings, excluded) and searched by
 * the server, whose counts are true ones, and read a page at a time.
 */
export function DryRunList({
  campaignId,
  pages,
  filter,
  onFilter,
  search,
  onSearch,
  hasMore,
  loadingMore,
  onMore,
  updating,
}: {
  campaignId: string;
  pages: DryRunPage[];
  filter: DryRunFilter;
  onFilter: (filter: DryRunFilter) => void;
  search: string;
  onSearch: (text: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  /** The pages shown are the previous filter's while the new one loads. */
  updating: boolean;
}) {
  const counts = pages[0]!.counts;
  const rows = pages.flatMap((page) => page.rows);
  const matching = counts[filter];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div
          role="group"
          aria-label="Show repositories"
          className="flex flex-wrap gap-1 rounded-lg border border-line bg-surface p-1"
        >
          {DRY_RUN_FILTERS.map((id) => (
            <button
              key={id}
              type="button"
              aria-pressed={id === filter}
              onClick={() => onFilter(id)}
              className={clsx(
                "min-h-8 rounded-md px-3 py-1.5 text-sm font-medium",
                id === filter ? "bg-accent text-on-accent" : "text-fg hover:bg-canvas",
              )}
            >
              {DRY_RUN_FILTER_LABELS[id]} <span className="tabular-nums">({counts[id]})</span>
            </button>
          ))}
        </div>
        <Field id="dry-run-search" label="Search repositories">
          {(control) => (
            <Input
              {...control}
              type="search"
              value={search}
              onChange={(event) => onSearch(event.target.value)}
            />
          )}
        </Field>
      </div>
      <p className="text-sm text-fg-muted" aria-live="polite" data-testid="dry-run-shown">
        {updating
          ? "Updating…"
          : `Showing ${rows.length.toLocaleString("en")} of ${matching.toLocaleString("en")}`}
      </p>
      <ol className={clsx("space-y-3", updating && "opacity-60")}>
        {rows.map((target) => (
          <TargetCard key={target.id} campaignId={campaignId} target={target} />
        ))}
      </ol>
      {matching === 0 && !updating ? <p className="text-sm text-fg-muted">No repositories here.</p> : null}
      {hasMore ? (
        <Button onClick={onMore} disabled={loadingMore}>
          {loadingMore
            ? "Loading…"
            : `Show ${Math.min(DRY_RUN_PAGE_SIZE, matching - rows.length)} more of ${(matching - rows.length).toLocaleString("en")}`}
        </Button>
      ) : null}
    </div>
  );
}
