import type { TaskListRow } from "@/lib/dal/tasks";
import { csvDownload, type CsvColumn } from "@/lib/http/csv-download";
import { jsonDownload } from "@/lib/http/json-download";
import { jsonRoute } from "@/lib/http/route";
import { z } from "zod";
import { beginTaskExport, EXPORT_ROW_LIMIT, type TaskExport } from "@/lib/dal/task-export";
import {
  DEFAULT_TASK_FILTERS,
  exportIdsSchema,
  taskFiltersQuery,
  type TaskFilters,
} from "@/lib/validations/task-filters";

const COLUMNS: CsvColumn<TaskListRow>[] = [
  ["id", (row) => row.id],
  ["state", (row) => row.state],
  ["state_since", (row) => row.stateSince],
  ["repository", (row) => row.repository],
  ["name", (row) => row.name ?? ""],
  ["creator", (row) => row.creatorLogin ?? row.creatorGithubId ?? ""],
  ["launched_by", (row) => row.launchedBy ?? ""],
  ["triage_owner", (row) => row.triageOwner ?? ""],
  ["error", (row) => row.errorMessage ?? ""],
  ["has_pull_request", (row) => String(row.hasPullRequest)],
  ["model", (row) => row.model ?? ""],
  ["credits", (row) => row.credits],
  ["premium_requests", (row) => row.premiumRequests],
  ["created_at", (row) => row.createdAt],
  ["updated_at", (row) => row.updatedAt],
  ["archived", (row) => String(row.archived)],
  ["url", (row) => row.htmlUrl ?? ""],
  // The task's latest pull request as last read from GitHub: what the task's credits bought.
  ["pull_request_state", (row) => row.pull?.state ?? ""],
  ["pull_request_merged_at", (row) => row.pull?.mergedAt ?? ""],
  ["pull_request_url", (row) => row.pull?.htmlUrl ?? ""],
];

const formatSchema = z.enum(["csv", "json"], { message: "Export as csv or json." }).default("csv");
type Format = z.infer<typeof formatSchema>;

/**
 * Streams an export as CSV or JSON (the same rows, caps and audit record); ends the export's lease
 * and audit record when done, cut or failed.
 */
function download(run: TaskExport, format: Format): Response {
  if (format === "json")
    return jsonDownload({
      name: "switchyard-tasks",
      key: "tasks",
      rows: run.rows,
      summary: () => ({ truncated: run.progress().truncated, rowLimit: EXPORT_ROW_LIMIT }),
      onEnd: run.end,
      headers: { "x-switchyard-row-limit": String(EXPORT_ROW_LIMIT) },
    });
  return csvDownload({
    name: "switchyard-tasks",
    columns: COLUMNS,
    rows: run.rows,
    trailer: () =>
      run.progress().truncated
        ? `Stopped at ${EXPORT_ROW_LIMIT.toLocaleString("en")} rows, the most one export holds: narrow the filters for the rest.`
        : null,
    onEnd: run.end,
    headers: { "x-switchyard-row-limit": String(EXPORT_ROW_LIMIT) },
  });
}

/** With `ids`, exactly those tasks (archived included) in the view's columns; otherwise the view. */
function exportFilters(filters: TaskFilters, ids: string[] | undefined): TaskFilters {
  return ids ? { ...DEFAULT_TASK_FILTERS, archived: "include" } : filters;
}

/**
 * The current queue view (or, with `ids`, the selected tasks) as CSV (or, with `format=json`, JSON), streamed page by page: only
 * tasks the person may see, at most EXPORT_ROW_LIMIT rows (a last `#` line says when the view was
 * longer), one export per person at a time (429 meanwhile), and an audit record of each.
 */
export const GET = jsonRoute(
  {
    query: taskFiltersQuery({ ids: exportIdsSchema.optional(), format: formatSchema }),
    invalidMessage: "Some filters are not valid.",
  },
  async ({ user, query }) => {
    const { ids, format, ...filters } = query;
    return download(
      await beginTaskExport(user, exportFilters(filters, ids), ids, EXPORT_ROW_LIMIT, format),
      format,
    );
  },
);

/** The queue's "Export selected": a form post, so hundreds of ids fit (a URL would not). */
export const POST = jsonRoute(
  { invalidMessage: "Send the selected task ids as a form." },
  async ({ user, request }) => {
    const form = await request.formData().catch(() => null);
    const format = formatSchema.safeParse(form?.get("format") ?? undefined);
    const ids = exportIdsSchema.safeParse(
      (form?.getAll("ids") ?? []).filter((value): value is string => typeof value === "string"),
    );
    if (!format.success) return { ok: false, code: "invalid_input", message: "Export as csv or json." };
    if (!ids.success)
      return {
        ok: false,
        code: "invalid_input",
        message: ids.error.issues[0]?.message ?? "Those are not task ids.",
      };
    return download(
      await beginTaskExport(
        user,
        exportFilters(DEFAULT_TASK_FILTERS, ids.data),
        ids.data,
        EXPORT_ROW_LIMIT,
        format.data,
      ),
      format.data,
    );
  },
);
