"use client";

import { RepositoryName } from "@/components/github-links";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import {
  createColumnHelper,
  getCoreRowModel,
  getFilteredRowModel,
  useReactTable,
  type RowSelectionState,
} from "@tanstack/react-table";
import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import { StateBadge } from "@/components/state-badge";
import { Button } from "@/components/ui/button";
import { DataTable, selectionColumn } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { retryCampaignTasksAction } from "../../actions";
import { TARGET_STATUS_LABELS } from "@/lib/campaigns/status";
import type { CampaignTargetRow } from "@/lib/dal/campaigns";
import { queryKeys } from "@/lib/queries/keys";
import { isRetryable } from "@/lib/task-states";

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
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaign(campaignId) });
    }
  }, [result, campaignId, queryClient]);

  const columns = useMemo(
    () => [
      selectionColumn<CampaignTargetRow>({
        allLabel: "Select every task that can be retried",
        rowLabel: (target) => `Select the task in ${target.repository}`,
        disabled: !canManage,
      }),
      column.accessor("repository", {
        header: "Repository",
        cell: ({ row }) => (
          <div>
            <span className="font-medium">
              <RepositoryName repository={row.original.repository} copy={false} />
            </span>
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
        <Field id="target-filter" label="Filter repositories">
          {(control) => (
            <Input
              {...control}
              type="search"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
          )}
        </Field>
        {canManage ? (
          <form action={retry} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="campaignId" value={campaignId} />
            {selected.map((id) => (
              <input key={id} type="hidden" name="taskId" value={id} />
            ))}
            <Button type="submit" disabled={pending || selected.length === 0}>
              {pending
                ? "Retrying…"
                : `Retry ${selected.length} selected ${selected.length === 1 ? "task" : "tasks"}`}
            </Button>
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
      <DataTable
        table={table}
        caption="Repositories of this campaign, in start order"
        empty="No repository matches."
      />
    </section>
  );
}
