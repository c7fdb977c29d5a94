"use client";

import clsx from "clsx";
import Link from "next/link";
import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import {
  createColumnHelper,
  getCoreRowModel,
  useReactTable,
  type RowSelectionState,
} from "@tanstack/react-table";
import { StateBadge } from "@/components/state-badge";
import { FlagList, PullRequestLink } from "@/components/outcomes";
import { Button, buttonVariants } from "@/components/ui/button";
import { DataTable, selectionColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/time";
import {
  PersonLink,
  PullRequestLink as BranchPullRequestsLink,
  RepositoryName,
} from "@/components/github-links";
import type { TaskCount, TaskListRow, TaskPage } from "@/lib/dal/tasks";
import { formatDuration } from "@/lib/format/time";
import { taskPagesQuery } from "@/lib/queries/tasks";
import { MAX_EXPORT_IDS } from "@/lib/validations/limits";

const column = createColumnHelper<TaskListRow>();
/** How long a row that changed in the background stays marked. */
const CHANGED_MS = 15_000;

/** "1,234", or "10,000+" past the count's cap. */
function formatTotal(total: TaskCount): string {
  return `${total.count.toLocaleString("en")}${total.capped ? "+" : ""}`;
}

/**
 * The table's columns, defined once: a cell renderer is a component type to React, so a new one
 * on every render would remount every cell. What changes with time (`now`) comes from context.
 */
const columns = [
  selectionColumn<TaskListRow>({
    allLabel: "Select all loaded tasks",
    rowLabel: (task) => `Select ${task.name ?? task.id}`,
  }),
  column.accessor("state", {
    header: "State",
    cell: ({ row }) => <StateCell task={row.original} />,
  }),
  column.accessor("name", {
    header: "Task",
    meta: { stackedClassName: "max-sm:basis-full" },
    cell: ({ row }) => {
      const task = row.original;
      return (
        <div className="min-w-64 max-w-xl">
          <Link
            href={`/tasks/${task.id}`}
            className="font-medium text-accent underline-offset-2 hover:underline"
          >
            {task.name ?? task.id}
          </Link>
          <div className="text-xs text-fg-muted">
            {/* Padded to a 24 px target: the line sits right under the task's own link. */}
            <RepositoryName repository={task.repository} copy={false} linkClassName="inline-block py-1" />
            {task.archived ? " · archived" : ""}
          </div>
          {task.state === "failed" && task.errorMessage ? (
            <p className="mt-1 text-xs text-needs-human">{task.errorMessage}</p>
          ) : null}
          {task.state === "waiting_for_user" ? (
            <p className="mt-1 text-xs text-needs-human">
              The agent asked a question.{" "}
              {task.htmlUrl ? (
                <a href={task.htmlUrl} className="underline" target="_blank" rel="noreferrer">
                  Answer on GitHub
                </a>
              ) : null}
            </p>
          ) : null}
        </div>
      );
    },
  }),
  column.accessor("hasPullRequest", {
    header: "Pull request",
    meta: { label: "Pull request" },
    cell: ({ row }) =>
      row.original.pull ? (
        <PullRequestLink pull={row.original.pull} />
      ) : row.original.hasPullRequest ? (
        row.original.headRef ? (
          <span className="text-accent">
            <BranchPullRequestsLink
              repository={row.original.repository}
              pull={{ headRef: row.original.headRef }}
            >
              Opened
            </BranchPullRequestsLink>
          </span>
        ) : (
          "Opened"
        )
      ) : (
        <span className="text-fg-muted">{row.original.headRef ? "Branch only" : "None"}</span>
      ),
  }),
  column.accessor("creatorLogin", {
    header: "Owner",
    meta: { label: "Owner" },
    cell: ({ row }) => (
      <div>
        {row.original.triageOwner ? (
          <>
            <div>{row.original.triageOwner}</div>
            <div className="text-xs text-fg-muted">
              triage · by {row.original.creatorLogin ?? `#${row.original.creatorGithubId ?? "?"}`}
            </div>
          </>
        ) : (
          <>
            <div>
              {row.original.creatorLogin ? (
                <PersonLink login={row.original.creatorLogin} />
              ) : (
                `#${row.original.creatorGithubId ?? "?"}`
              )}
            </div>
            {row.original.launchedBy ? <div className="text-xs text-fg-muted">via Switchyard</div> : null}
          </>
        )}
      </div>
    ),
  }),
  column.accessor("credits", {
    header: () => <span className="block text-right">Cost (credits)</span>,
    meta: { label: "Credits", stackedClassName: "max-sm:[&>span]:text-left" },
    cell: ({ row }) => (
      <span className="block text-right tabular-nums">
        {row.original.premiumRequests !== "0" && row.original.credits === "0.0"
          ? `${row.original.premiumRequests} PR`
          : row.original.credits}
      </span>
    ),
  }),
  column.accessor("updatedAt", {
    header: "Updated",
    meta: { label: "Updated" },
    cell: ({ row }) => <UpdatedCell task={row.original} />,
  }),
];

/** The moment the rows' durations and relative times count from: the refresh time. */
const Now = createContext(0);

function StateCell({ task }: { task: TaskListRow }) {
  const now = useContext(Now);
  return (
    <div className="space-y-1">
      <StateBadge state={task.state} />
      <div className="text-xs text-fg-muted">for {formatDuration(now - Date.parse(task.stateSince))}</div>
      <FlagList flags={task.flags} />
    </div>
  );
}

function UpdatedCell({ task }: { task: TaskListRow }) {
  return (
    <RelativeTime date={task.updatedAt} now={useContext(Now)} className="whitespace-nowrap text-fg-muted" />
  );
}

export function TaskTable({
  query,
  initialPage,
  total,
}: {
  query: string;
  initialPage: TaskPage;
  /** How many tasks the view matches (capped), counted when the page was rendered. */
  total: TaskCount;
}) {
  // The server's render and hydration must agree: time starts from when the rows were read.
  const asOf = Date.parse(initialPage.asOf);
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage, dataUpdatedAt, error } = useInfiniteQuery({
    ...taskPagesQuery(query),
    initialData: { pages: [initialPage], pageParams: [null] },
    initialDataUpdatedAt: asOf,
  });
  const rows = useMemo(() => data.pages.flatMap((page) => page.rows), [data]);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [now, setNow] = useState(asOf);

  // Rows whose state or update time moved since the last refresh are marked for a while.
  const seen = useRef(new Map<string, string>());
  const [changedAt, setChangedAt] = useState<Record<string, number>>({});
  useEffect(() => {
    const moved: Record<string, number> = {};
    for (const row of rows) {
      const fingerprint = `${row.state}|${row.updatedAt}`;
      const before = seen.current.get(row.id);
      if (before !== undefined && before !== fingerprint) moved[row.id] = Date.now();
      seen.current.set(row.id, fingerprint);
    }
    setNow(Date.now());
    if (Object.keys(moved).length) setChangedAt((current) => ({ ...current, ...moved }));
  }, [rows, dataUpdatedAt]);

  // TanStack Table returns fresh functions each render by design; this component is not compiler-memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    state: { rowSelection: selection },
    onRowSelectionChange: setSelection,
    enableRowSelection: true,
    getCoreRowModel: getCoreRowModel(),
  });

  const selected = rows.filter((row) => selection[row.id]);
  const tooMany = selected.length > MAX_EXPORT_IDS;

  return (
    <div className="space-y-3">
      <div className="flex min-h-10 flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-fg-muted" aria-live="polite">
          {selected.length > 0 ? (
            `${selected.length} selected`
          ) : (
            <>
              <strong className="font-semibold text-fg" data-testid="task-total">
                {formatTotal(total)} task{total.count === 1 && !total.capped ? "" : "s"} match
              </strong>
              {hasNextPage ? `, ${rows.length.toLocaleString("en")} loaded` : ""}, refreshed{" "}
              <RelativeTime date={dataUpdatedAt} now={now} />
            </>
          )}
          {error ? <span className="ml-2 text-needs-human">Could not refresh: {error.message}</span> : null}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          {selected.length > 0 ? (
            <>
              {/* The server's export, so the selection has the same columns as the view's export. */}
              <form method="post" action="/api/tasks/export">
                {tooMany
                  ? null
                  : selected.map((row) => <input key={row.id} type="hidden" name="ids" value={row.id} />)}
                <Button type="submit" disabled={tooMany}>
                  Export selected (CSV)
                </Button>
              </form>
              <form method="post" action="/api/tasks/export">
                <input type="hidden" name="format" value="json" />
                {tooMany
                  ? null
                  : selected.map((row) => <input key={row.id} type="hidden" name="ids" value={row.id} />)}
                <Button type="submit" disabled={tooMany}>
                  Export selected (JSON)
                </Button>
              </form>
              {tooMany ? (
                <span className="text-sm text-fg-muted">
                  Select at most {MAX_EXPORT_IDS.toLocaleString("en")} to export, or export the view.
                </span>
              ) : null}
              <Button onClick={() => setSelection({})}>Clear selection</Button>
            </>
          ) : null}
          <a href={`/api/tasks/export${query ? `?${query}` : ""}`} className={buttonVariants()} download>
            Export view (CSV)
          </a>
          <a
            href={`/api/tasks/export?${query ? `${query}&` : ""}format=json`}
            className={buttonVariants()}
            download
          >
            Export view (JSON)
          </a>
        </div>
      </div>
      <Now.Provider value={now}>
        <DataTable
          table={table}
          caption="Tasks matching the filters"
          stacked
          empty={
            query ? (
              <>
                No tasks match these filters.{" "}
                <Link href="/tasks" className="text-accent underline">
                  Clear the filters
                </Link>
                .
              </>
            ) : (
              <>
                No tasks yet.{" "}
                <Link href="/launch" className="text-accent underline">
                  Launch one
                </Link>
                ; tasks started on GitHub appear here after the next sync.
              </>
            )
          }
          rowProps={(row) => {
            const changed = (changedAt[row.id] ?? 0) > now - CHANGED_MS;
            return {
              "data-task-id": row.id,
              "data-changed": changed ? "true" : undefined,
              className: clsx(
                "motion-safe:transition-colors motion-safe:duration-1000",
                changed && "bg-in-flight-soft",
                row.getIsSelected() && "bg-canvas",
              ),
            };
          }}
        />
      </Now.Provider>
      {hasNextPage ? (
        <Button size="lg" onClick={() => fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
