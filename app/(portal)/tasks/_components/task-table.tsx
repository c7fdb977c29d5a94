"use client";

import clsx from "clsx";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type RowSelectionState,
} from "@tanstack/react-table";
import { StateBadge } from "@/components/state-badge";
import type { TaskListRow, TaskPage } from "@/lib/dal/tasks";
import { formatDuration, formatRelative } from "@/lib/format/time";
import { taskPagesQuery } from "@/lib/queries/tasks";

const column = createColumnHelper<TaskListRow>();
/** How long a row that changed in the background stays marked. */
const CHANGED_MS = 15_000;

function csvCell(value: string) {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function TaskTable({ query, initialPage }: { query: string; initialPage: TaskPage }) {
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage, dataUpdatedAt, error } = useInfiniteQuery({
    ...taskPagesQuery(query),
    initialData: { pages: [initialPage], pageParams: [null] },
  });
  const rows = useMemo(() => data.pages.flatMap((page) => page.rows), [data]);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [now, setNow] = useState(() => Date.now());

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

  const columns = useMemo(
    () => [
      column.display({
        id: "select",
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="Select all loaded tasks"
            checked={table.getIsAllRowsSelected()}
            ref={(input) => {
              if (input) input.indeterminate = table.getIsSomeRowsSelected();
            }}
            onChange={table.getToggleAllRowsSelectedHandler()}
            className="size-4"
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            aria-label={`Select ${row.original.name ?? row.original.id}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
            className="size-4"
          />
        ),
      }),
      column.accessor("state", {
        header: "State",
        cell: ({ row }) => (
          <div className="space-y-1">
            <StateBadge state={row.original.state} />
            <div className="text-xs text-fg-muted">
              for {formatDuration(now - Date.parse(row.original.stateSince))}
            </div>
          </div>
        ),
      }),
      column.accessor("name", {
        header: "Task",
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
                {task.repository}
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
        cell: ({ row }) =>
          row.original.hasPullRequest ? (
            row.original.htmlUrl ? (
              <a
                href={row.original.htmlUrl}
                className="text-accent underline"
                target="_blank"
                rel="noreferrer"
              >
                Opened<span className="sr-only"> (open the task on GitHub)</span>
              </a>
            ) : (
              "Opened"
            )
          ) : (
            <span className="text-fg-muted">{row.original.headRef ? "Branch only" : "None"}</span>
          ),
      }),
      column.accessor("creatorLogin", {
        header: "Owner",
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
                <div>{row.original.creatorLogin ?? `#${row.original.creatorGithubId ?? "?"}`}</div>
                {row.original.launchedBy ? <div className="text-xs text-fg-muted">via Switchyard</div> : null}
              </>
            )}
          </div>
        ),
      }),
      column.accessor("credits", {
        header: () => <span className="block text-right">Cost (credits)</span>,
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
        cell: ({ row }) => (
          <time dateTime={row.original.updatedAt} className="whitespace-nowrap text-fg-muted">
            {formatRelative(new Date(row.original.updatedAt), new Date(now))}
          </time>
        ),
      }),
    ],
    [now],
  );

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
  const exportSelected = () => {
    const header = "id,state,repository,name,url";
    const lines = selected.map((row) =>
      [row.id, row.state, row.repository, row.name ?? "", row.htmlUrl ?? ""].map(csvCell).join(","),
    );
    const blob = new Blob([[header, ...lines].join("\r\n")], { type: "text/csv" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "switchyard-selected-tasks.csv";
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="space-y-3">
      <div className="flex min-h-10 flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-fg-muted" aria-live="polite">
          {selected.length > 0
            ? `${selected.length} selected`
            : `${rows.length}${hasNextPage ? "+" : ""} task${rows.length === 1 ? "" : "s"}, refreshed ${formatRelative(new Date(dataUpdatedAt), new Date(now))}`}
          {error ? <span className="ml-2 text-needs-human">Could not refresh: {error.message}</span> : null}
        </p>
        <div className="flex flex-wrap gap-2">
          {selected.length > 0 ? (
            <>
              <button
                type="button"
                onClick={exportSelected}
                className="rounded-md border border-line px-3 py-1.5 text-sm"
              >
                Export selected (CSV)
              </button>
              <button
                type="button"
                onClick={() => setSelection({})}
                className="rounded-md border border-line px-3 py-1.5 text-sm"
              >
                Clear selection
              </button>
            </>
          ) : null}
          <a
            href={`/api/tasks/export${query ? `?${query}` : ""}`}
            className="rounded-md border border-line px-3 py-1.5 text-sm"
            download
          >
            Export view (CSV)
          </a>
        </div>
      </div>
      <div className="overflow-x-auto rounded-lg border border-line bg-surface">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Tasks matching the filters</caption>
          <thead className="border-b border-line text-fg-muted">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-3 py-2 font-medium">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => {
              const changed = (changedAt[row.id] ?? 0) > now - CHANGED_MS;
              return (
                <tr
                  key={row.id}
                  data-task-id={row.id}
                  data-changed={changed ? "true" : undefined}
                  className={clsx(
                    "border-b border-line align-top transition-colors duration-1000 last:border-0",
                    changed && "bg-in-flight-soft",
                    row.getIsSelected() && "bg-canvas",
                  )}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <p className="p-8 text-center text-fg-muted">No tasks match these filters.</p>
        ) : null}
      </div>
      {hasNextPage ? (
        <button
          type="button"
          onClick={() => fetchNextPage()}
          disabled={isFetchingNextPage}
          className="rounded-md border border-line bg-surface px-4 py-2 text-sm font-medium"
        >
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
