"use client";

import clsx from "clsx";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CHECK_LABELS } from "@/lib/campaigns/dry-run-labels";
import type { CampaignView } from "@/lib/dal/campaigns";

type Target = CampaignView["targets"][number];

const FILTERS = {
  all: { label: "All", keep: () => true },
  eligible: { label: "Eligible", keep: (t: Target) => t.status === "pending" },
  warnings: { label: "With warnings", keep: (t: Target) => t.status === "pending" && t.warnings.length > 0 },
  excluded: { label: "Excluded", keep: (t: Target) => t.status !== "pending" },
} as const;
type Filter = keyof typeof FILTERS;

/** Cards shown at first and added by each "Show more": a dry run of 1,000 repositories stays light. */
const PAGE = 50;

/** A prompt, rendered only once opened (a thousand full prompts would weigh down the page). */
function Prompt({ repository, prompt }: { repository: string; prompt: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-2" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer text-sm font-medium text-accent">Prompt for {repository}</summary>
      {open ? (
        <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded-md border border-line bg-canvas p-3 font-mono text-xs">
          {prompt}
        </pre>
      ) : null}
    </details>
  );
}

/** The dry run's result per repository: filtered (eligible, with warnings, excluded) and shown a page at a time. */
export function DryRunList({ targets }: { targets: Target[] }) {
  const [filter, setFilter] = useState<Filter>("all");
  const [shown, setShown] = useState(PAGE);
  const matching = targets.filter(FILTERS[filter].keep);
  const visible = matching.slice(0, shown);
  return (
    <div className="space-y-3">
      <div
        role="group"
        aria-label="Show repositories"
        className="flex flex-wrap gap-1 rounded-lg border border-line bg-surface p-1"
      >
        {(Object.keys(FILTERS) as Filter[]).map((id) => (
          <button
            key={id}
            type="button"
            aria-pressed={id === filter}
            onClick={() => {
              setFilter(id);
              setShown(PAGE);
            }}
            className={clsx(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              id === filter ? "bg-accent text-on-accent" : "text-fg hover:bg-canvas",
            )}
          >
            {FILTERS[id].label}{" "}
            <span className="tabular-nums">({targets.filter(FILTERS[id].keep).length})</span>
          </button>
        ))}
      </div>
      <ol className="space-y-3">
        {visible.map((target) => (
          <li key={target.id} className="rounded-lg border border-line bg-surface p-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium">
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
              <ul
                className="mt-2 list-disc pl-5 text-sm text-fg"
                aria-label={`Warnings for ${target.repository}`}
              >
                {target.warnings.map((warning) => (
                  <li key={warning}>Warning: {warning}</li>
                ))}
              </ul>
            ) : null}
            {target.prompt ? <Prompt repository={target.repository} prompt={target.prompt} /> : null}
          </li>
        ))}
      </ol>
      {matching.length === 0 ? <p className="text-sm text-fg-muted">No repositories here.</p> : null}
      {matching.length > shown ? (
        <Button onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, matching.length - shown)} more of {matching.length - shown}
        </Button>
      ) : null}
    </div>
  );
}
