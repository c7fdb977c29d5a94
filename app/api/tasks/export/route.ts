import type { TaskListRow } from "@/lib/dal/tasks";
import { jsonRoute } from "@/lib/http/route";
import { beginTaskExport, EXPORT_ROW_LIMIT } from "@/lib/tasks/export";
import { taskFiltersQuery } from "@/lib/validations/task-filters";

const COLUMNS: [string, (row: TaskListRow) => string][] = [
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
];

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets never run it as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The current queue view as CSV, streamed page by page: only tasks the person may see, at most
 * EXPORT_ROW_LIMIT rows (a last `#` line says when the view was longer), one export per person at a
 * time (429 meanwhile), and an audit record of each (filters, rows, outcome).
 */
export const GET = jsonRoute(
  { query: taskFiltersQuery({}), invalidMessage: "Some filters are not valid." },
  async ({ user, query }) => {
    const run = await beginTaskExport(user, query);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${COLUMNS.map(([name]) => name).join(",")}\r\n`));
      },
      async pull(controller) {
        try {
          const next = await run.rows.next();
          if (!next.done) {
            controller.enqueue(
              encoder.encode(`${COLUMNS.map(([, get]) => cell(get(next.value))).join(",")}\r\n`),
            );
            return;
          }
          if (run.progress().truncated)
            controller.enqueue(
              encoder.encode(
                `# Stopped at ${EXPORT_ROW_LIMIT.toLocaleString("en")} rows, the most one export holds: narrow the filters for the rest.\r\n`,
              ),
            );
          await run.end("ok");
          controller.close();
        } catch (error) {
          await run.end("failed").catch(() => {});
          controller.error(error);
        }
      },
      async cancel() {
        await run.end("cancelled");
      },
    });
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="switchyard-tasks-${stamp}.csv"`,
        "cache-control": "private, no-store",
        "x-switchyard-row-limit": String(EXPORT_ROW_LIMIT),
      },
    });
  },
);
