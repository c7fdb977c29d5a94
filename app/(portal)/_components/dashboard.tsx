"use client";

import clsx from "clsx";
import type { ReactNode } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { StateBadge } from "@/components/state-badge";
import { useHydrated } from "@/components/ui/hooks";
import { PanelBoundary } from "@/components/ui/panel-boundary";
import { RelativeTime, useTimeZone } from "@/components/ui/time";
import { STATE_GROUPS, type StateGroupId } from "@/lib/task-states";
import type { Breakdown, DashboardSummary } from "@/lib/dal/dashboard";
import { formatCount } from "@/lib/format/number";
import { formatDuration } from "@/lib/format/time";
import { dashboardQuery } from "@/lib/queries/tasks";
import type { TaskScope } from "@/lib/validations/task-filters";
import { StateChart } from "./state-chart";
import { OUTCOME_LABELS, PULL_OUTCOMES } from "@/lib/outcomes/labels";
import { QUEUED_TOO_LONG_COUNTED } from "@/lib/outcomes/flags";

const BAND_ACCENT: Record<StateGroupId, string> = {
  "needs-human": "border-t-needs-human",
  "in-flight": "border-t-in-flight",
  finished: "border-t-finished",
};
const BAND_BAR: Record<StateGroupId, string> = {
  "needs-human": "bg-needs-human",
  "in-flight": "bg-in-flight",
  finished: "bg-finished",
};
const SCOPES: { id: TaskScope; label: string }[] = [
  { id: "mine", label: "Mine" },
  { id: "team", label: "My teams" },
  { id: "all", label: "Everyone" },
];

function queueLink(scope: TaskScope, extra: Record<string, string>) {
  const params = new URLSearchParams(extra);
  if (scope !== "all") params.set("scope", scope);
  return `/tasks?${params.toString()}`;
}

export function Dashboard({ initial, scope }: { initial: DashboardSummary; scope: TaskScope }) {
  const { data = initial, isFetching, error } = useQuery({ ...dashboardQuery(scope), initialData: initial });
  const now = new Date(data.generatedAt);
  const total = data.states.reduce((sum, s) => sum + s.count, 0);
  // The server renders the state bands, what people come for; the chart and the breakdowns below
  // them render in the browser from the same data (no extra request). They were two thirds of the
  // page's HTML, and the server's time is shared by everyone looking at the dashboard.
  const hydrated = useHydrated();
  // "Today" starts at the viewer's midnight in the zone the server knew (their setting or their
  // browser's cookie); on a first visit before the cookie that is UTC: say so.
  const zone = useTimeZone();
  const today = zone && zone !== data.timeZone ? `today (${data.timeZone})` : "today";
  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <nav aria-label="Whose tasks">
          <ul className="flex gap-1 rounded-lg border border-line bg-surface p-1">
            {SCOPES.map((item) => (
              <li key={item.id}>
                <Link
                  href={item.id === "all" ? "/?scope=all" : `/?scope=${item.id}`}
                  aria-current={item.id === scope ? "page" : undefined}
                  className={clsx(
                    "block rounded-md px-3 py-1.5 text-sm font-medium",
                    item.id === scope ? "bg-accent text-on-accent" : "text-fg hover:bg-canvas",
                  )}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <p
          className={clsx("text-sm", data.behind ? "font-medium text-needs-human" : "text-fg-muted")}
          data-testid="freshness"
          role={data.behind ? "alert" : undefined}
        >
          {data.asOf ? (
            <>
              As of <RelativeTime date={data.asOf} now={now} />
              {data.behind ? " — sync is behind; figures may be stale." : null}
            </>
          ) : (
            "Waiting for the first sync."
          )}
          {isFetching ? <span className="sr-only"> Refreshing.</span> : null}
          {error ? <span className="ml-2 text-needs-human">Could not refresh: {error.message}</span> : null}
        </p>
      </div>

      {data.degraded ? (
        <p
          role="alert"
          data-testid="degraded"
          className="rounded-lg border border-needs-human bg-needs-human-soft p-4 text-sm font-medium text-needs-human"
        >
          The Copilot agent service may be degraded: {formatCount(data.queuedTooLong)}
          {data.queuedTooLong >= QUEUED_TOO_LONG_COUNTED ? "+" : ""} tasks have been queued for more than 15
          minutes.{" "}
          <Link href={queueLink(scope, { state: "queued", sort: "in_state" })} className="underline">
            See them in the queue
          </Link>
        </p>
      ) : null}

      {STATE_GROUPS.map((group) => (
        <PanelBoundary key={group.id} title={group.label}>
          <section aria-labelledby={`band-${group.id}`} data-state-group={group.id}>
            <h2 id={`band-${group.id}`} className="text-xl font-semibold text-fg">
              {group.label}
            </h2>
            <p className="mt-1 text-sm text-fg-muted">{group.description}</p>
            {group.id === "needs-human" && data.overdueTriage > 0 ? (
              <p className="mt-2 text-sm font-semibold text-needs-human" data-testid="overdue-triage">
                <Link href="/triage?view=all" className="underline">
                  {data.overdueTriage} triage item{data.overdueTriage === 1 ? "" : "s"} past their SLA
                </Link>
              </p>
            ) : null}
            <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {group.states.map((state) => {
                const summary = data.states.find((s) => s.state === state)!;
                return (
                  <li key={state} data-state={state}>
                    <Link
                      href={queueLink(scope, { state })}
                      className={clsx(
                        "block rounded-lg border border-t-4 border-line bg-surface p-4 hover:border-fg-muted",
                        BAND_ACCENT[group.id],
                      )}
                    >
                      <h3>
                        <StateBadge state={state} />
                      </h3>
                      <p
                        className="mt-3 text-3xl font-bold text-fg tabular-nums"
                        data-testid={`count-${state}`}
                      >
                        {formatCount(summary.count)}
                        <span className="sr-only"> tasks</span>
                      </p>
                      <p className="mt-2 text-sm text-fg-muted">
                        {summary.count > 0 && summary.oldestSince
                          ? `Oldest: ${formatDuration(now.getTime() - Date.parse(summary.oldestSince))} in this state`
                          : "None right now"}
                        <span className="mx-1.5" aria-hidden="true">
                          ·
                        </span>
                        <span data-testid={`change-${state}`}>
                          {summary.changeToday === 0
                            ? `no change ${today}`
                            : `${summary.changeToday > 0 ? "+" : "−"}${Math.abs(summary.changeToday)} ${today}`}
                        </span>
                      </p>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        </PanelBoundary>
      ))}

      <section aria-labelledby="pull-outcomes" data-testid="pull-outcomes">
        <h2 id="pull-outcomes" className="text-xl font-semibold text-fg">
          Pull request outcomes
        </h2>
        <p className="mt-1 text-sm text-fg-muted">
          What the tasks&apos; pull requests became, as GitHub last said.
        </p>
        <ul className="mt-4 grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
          {PULL_OUTCOMES.map((outcome) => (
            <li key={outcome} data-outcome={outcome} className="rounded-lg border border-line bg-surface p-4">
              <h3 className="text-sm font-semibold text-fg">{OUTCOME_LABELS[outcome]}</h3>
              <p className="mt-2 text-3xl font-bold text-fg tabular-nums">
                {formatCount(data.pullOutcomes[outcome])}
                <span className="sr-only"> pull requests</span>
              </p>
            </li>
          ))}
        </ul>
      </section>

      {total === 0 ? (
        <EmptyState
          title={
            scope === "all"
              ? "No tasks yet"
              : scope === "mine"
                ? "You have no tasks yet"
                : "Your teams have no tasks yet"
          }
        >
          <p>
            {data.asOf
              ? "Tasks started here or on GitHub are counted above as soon as the sync copies them."
              : "The first sync is still running; tasks already on GitHub appear in a moment."}{" "}
            <Link href="/launch" className="font-medium text-accent underline">
              Launch a task
            </Link>
            ,{" "}
            <Link href="/campaigns/new" className="font-medium text-accent underline">
              start a campaign
            </Link>{" "}
            from a template
            {scope === "all" ? null : (
              <>
                , or{" "}
                <Link href="/?scope=all" className="font-medium text-accent underline">
                  look at everyone&apos;s
                </Link>
              </>
            )}
            .
          </p>
        </EmptyState>
      ) : hydrated ? (
        <>
          <PanelBoundary title="The last 14 days">
            <StateChart daily={data.daily} />
          </PanelBoundary>
          <div className="grid gap-6 lg:grid-cols-2">
            <PanelBoundary title="By repository">
              <BreakdownTable
                title="By repository"
                rows={data.byRepository}
                link={(row) => queueLink(scope, { repo: row.label })}
              />
            </PanelBoundary>
            <PanelBoundary title="By person">
              <BreakdownTable
                title="By person"
                rows={data.byCreator}
                link={(row) => queueLink(scope, { creator: row.label })}
              />
            </PanelBoundary>
            <PanelBoundary title="By team">
              <BreakdownTable
                title="By team"
                rows={data.byTeam}
                empty={
                  <>
                    No teams yet:{" "}
                    <Link href="/settings/teams" className="text-accent underline">
                      add them in Settings
                    </Link>
                    .
                  </>
                }
              />
            </PanelBoundary>
            <PanelBoundary title="By campaign">
              <BreakdownTable
                title="By campaign"
                rows={data.byCampaign}
                link={(row) => queueLink(scope, { campaign: row.key })}
                empty={
                  <>
                    No campaign tasks yet.{" "}
                    <Link href="/campaigns/new" className="text-accent underline">
                      Start a campaign
                    </Link>
                    .
                  </>
                }
              />
            </PanelBoundary>
          </div>
        </>
      ) : (
        <PanelPlaceholders rows={[data.byRepository, data.byCreator, data.byTeam, data.byCampaign]} />
      )}
    </div>
  );
}

function BreakdownTable({
  title,
  rows,
  link,
  empty = "Nothing here yet.",
}: {
  title: string;
  rows: Breakdown[];
  link?: (row: Breakdown) => string;
  empty?: ReactNode;
}) {
  const max = Math.max(1, ...rows.map((row) => row.total));
  return (
    <section className="rounded-lg border border-line bg-surface p-4" aria-label={title}>
      <h2 className="font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">{empty}</p>
      ) : (
        <table className="mt-3 w-full text-sm">
          <thead className="text-left text-fg-muted">
            <tr>
              <th scope="col" className="pb-1 font-medium">
                Name
              </th>
              <th scope="col" className="pb-1 text-right font-medium">
                Needs a human
              </th>
              <th scope="col" className="pb-1 text-right font-medium">
                In flight
              </th>
              <th scope="col" className="pb-1 text-right font-medium">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className="border-t border-line">
                <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                  {link ? (
                    <Link href={link(row)} className="text-accent underline-offset-2 hover:underline">
                      {row.label}
                    </Link>
                  ) : (
                    row.label
                  )}
                  <span className="mt-1 flex h-1.5 overflow-hidden rounded-full bg-canvas" aria-hidden="true">
                    {STATE_GROUPS.map((group) => (
                      <span
                        key={group.id}
                        className={BAND_BAR[group.id]}
                        style={{ width: `${(row.bands[group.id] / max) * 100}%` }}
                      />
                    ))}
                  </span>
                </th>
                <td className="py-1.5 text-right tabular-nums">{row.bands["needs-human"]}</td>
                <td className="py-1.5 text-right tabular-nums">{row.bands["in-flight"]}</td>
                <td className="py-1.5 text-right tabular-nums">{row.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Until the browser renders the panels: their frames at about their size, so nothing jumps. */
function PanelPlaceholders({ rows }: { rows: Breakdown[][] }) {
  return (
    <div aria-busy="true" className="space-y-10">
      <div className="aspect-[16/6] rounded-lg border border-line bg-surface" />
      <div className="grid gap-6 lg:grid-cols-2">
        {rows.map((list, index) => (
          <div
            key={index}
            className="rounded-lg border border-line bg-surface"
            // Heading and table header, then one line per row (as BreakdownTable lays them out).
            style={{ minHeight: `${5.5 + Math.max(1, list.length) * 2.6}rem` }}
          />
        ))}
      </div>
    </div>
  );
}
