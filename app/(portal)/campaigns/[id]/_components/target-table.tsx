"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  useReactTable,
  type RowSelectionState,
} from "@tanstack/react-table";
import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import { inputClass, secondaryButtonClass } from "@/app/(portal)/settings/_components/form-bits";
import { StateBadge } from "@/components/state-badge";
import { retryCampaignTasksAction } from "../../actions";
import { TARGET_STATUS_LABELS } from "@/lib/campaigns/status";
import type { CampaignTargetRow } from "@/lib/dal/campaigns";
import { isRetryable } from "@/lib/tasks/states";

const column = createColumnHelper<CampaignTargetRow>();

/** Per-repository rows of a launched campaign, linking to tasks, with bulk retry of ended tasks. */
export function TargetTable({
  campaignId,
  targets,
  canManage,
}: {
  campaignId: string;
  targets: CampaignTargetRow[];
  canManage: boolean;
}) {
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [filter, setFilter] = useState("");
  const [result, retry, pending] = useActionState(retryCampaignTasksAction, null);
  const queryClient = useQueryClient();
  const handled = useRef<unknown>(null);
  useEffect(() => {
    if (!result || handled.current === result) return;
    handled.current = result;
    if (result.ok) {
      setSelection({});
      void queryClient.invalidateQueries({ queryKey: ["campaign", campaignId] });
    }
  }, [result, campaignId, queryClient]);

  const columns = useMemo(
    () => [
      column.display({
        id: "select",
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="Select every task that can be retried"
            checked={table.getIsAllRowsSelected()}
            ref={(input) => {
              if (input) input.indeterminate = table.getIsSomeRowsSelected();
            }}
            onChange={table.getToggleAllRowsSelectedHandler()}
            disabled={!canManage}
            className="size-4"
          />
        ),
        cell: ({ row }) =>
          row.getCanSelect() ? (
            <input
              type="checkbox"
              aria-label={`Select the task in ${row.original.repository}`}
              checked={row.getIsSelected()}
              onChange={row.getToggleSelectedHandler()}
              className="size-4"
            />
          ) : null,
      }),
      column.accessor("repository", {
        header: "Repository",
        cell: ({ row }) => (
          <div>
            <span className="font-medium">{row.original.repository}</span>
            {row.original.canary ? (
              <span className="ml-2 rounded-full border border-line px-1.5 text-xs text-fg-muted">
                canary
              </span>
            ) : null}
          </div>
        ),
      }),
      column.accessor("status", {
        header: "Start",
        cell: ({ row }) => (
          <div>
            <div>{TARGET_STATUS_LABELS[row.original.status]}</div>
            {row.original.skipReason ? (
              <div className="max-w-xs text-xs text-fg-muted">{row.original.skipReason}</div>
            ) : null}
          </div>
        ),
      }),
      column.display({
        id: "task",
        header: "Task",
        cell: ({ row }) => {
          const task = row.original.task;
          if (!task) return <span className="text-fg-muted">—</span>;
          return (
            <div className="space-y-1">
              <StateBadge state={task.state} />
              <div>
                <Link href={`/tasks/${task.id}`} className="text-accent underline-offset-2 hover:underline">
                  {task.name ?? task.id}
                  <span className="sr-only"> ({row.original.repository})</span>
                </Link>
              </div>
              {task.state === "failed" && task.errorMessage ? (
                <p className="max-w-sm text-xs text-needs-human">{task.errorMessage}</p>
              ) : null}
            </div>
          );
        },
      }),
      column.display({
        id: "pr",
        header: "Pull request",
        cell: ({ row }) => {
          const task = row.original.task;
          if (!task) return null;
          return task.hasPullRequest ? (
            "Opened"
          ) : (
            <span className="text-fg-muted">{task.headRef ? "Branch only" : "None"}</span>
          );
        },
      }),
      column.display({
        id: "credits",
        header: () => <span className="block text-right">Credits</span>,
        cell: ({ row }) => (
          <span className="block text-right tabular-nums">{row.original.task?.credits ?? ""}</span>
        ),
      }),
    ],
    [canManage],
  );

  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: targets,
    columns,
    state: { rowSelection: selection, globalFilter: filter },
    getRowId: (row) => row.id,
    enableRowSelection: (row) =>
      canManage && row.original.task !== null && isRetryable(row.original.task.state),
    onRowSelectionChange: setSelection,
    onGlobalFilterChange: setFilter,
    globalFilterFn: (row, _column, value: string) =>
      row.original.repository.toLowerCase().includes(value.toLowerCase()),
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const selected = table
    .getSelectedRowModel()
    .rows.flatMap((row) => (row.original.task ? [row.original.task.id] : []));

  return (
    <section aria-labelledby="targets-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="targets-heading" className="text-lg font-semibold">
          Repositories
        </h2>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <Link href={`/tasks?campaign=${campaignId}`} className="text-accent underline">
            Open these tasks in the queue
          </Link>
          <a
            href={`/api/tasks/export?campaign=${campaignId}&archived=include`}
            className="text-accent underline"
          >
            Export CSV
          </a>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="target-filter" className="text-sm font-medium">
            Filter repositories
          </label>
          <input
            id="target-filter"
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            className={inputClass}
          />
        </div>
        {canManage ? (
          <form action={retry} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="campaignId" value={campaignId} />
            {selected.map((id) => (
              <input key={id} type="hidden" name="taskId" value={id} />
            ))}
            <button
              type="submit"
              disabled={pending || selected.length === 0}
              className={secondaryButtonClass}
            >
              {pending
                ? "Retrying…"
                : `Retry ${selected.length} selected ${selected.length === 1 ? "task" : "tasks"}`}
            </button>
            <span className="text-xs text-fg-muted">
              Failed, timed-out and cancelled tasks can be retried.
            </span>
          </form>
        ) : null}
      </div>
      <div aria-live="polite" className="text-sm empty:hidden">
        {result && !result.ok ? <p className="text-needs-human">{result.message}</p> : null}
        {result?.ok ? (
          <div>
            <p className="text-finished">
              Started {result.data.started.length} {result.data.started.length === 1 ? "retry" : "retries"}.
            </p>
            {result.data.problems.length ? (
              <ul className="list-disc pl-5 text-needs-human">
                {result.data.problems.map((problem) => (
                  <li key={problem.taskId}>
                    {problem.repository || problem.taskId}: {problem.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="overflow-x-auto rounded-lg border border-line bg-surface">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Repositories of this campaign, in start order</caption>
          <thead className="border-b border-line text-xs uppercase tracking-wide text-fg-muted">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-3 py-2">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="border-b border-line align-top last:border-0">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-6 text-center text-fg-muted">
                  No repository matches.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
