import { currentUser } from "@/lib/auth/session";
import { iterateTasks, type TaskListRow } from "@/lib/dal/tasks";
import { csvRow } from "@/lib/format/csv";
import {
  DEFAULT_TASK_FILTERS,
  exportIdsSchema,
  parseTaskFilters,
  type TaskFilters,
} from "@/lib/validations/task-filters";

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

function csv(rows: AsyncGenerator<TaskListRow>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(COLUMNS.map(([name]) => name))));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(csvRow(COLUMNS.map(([, get]) => get(next.value)))));
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="switchyard-tasks-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}

const problem = (message: string, status: number) =>
  new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * Tasks as CSV, streamed page by page: the queue view the query's filters describe, or, with
 * `ids`, exactly those tasks (archived included) in that view's columns.
 */
async function exportTasks(params: URLSearchParams, idValues: string[]): Promise<Response> {
  const user = await currentUser();
  if (!user) return problem("Sign in to export tasks.", 401);
  let filters: TaskFilters;
  let ids: string[] | undefined;
  if (idValues.length > 0) {
    const parsed = exportIdsSchema.safeParse(idValues);
    if (!parsed.success) return problem(parsed.error.issues[0]?.message ?? "Those are not task ids.", 400);
    ids = parsed.data;
    filters = { ...DEFAULT_TASK_FILTERS, archived: "include" };
  } else {
    const parsed = parseTaskFilters(params);
    if (!parsed.ok) return problem("Some filters are not valid.", 400);
    filters = parsed.filters;
  }
  return csv(iterateTasks({ filters, viewer: user, ids }));
}

export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const ids = params.getAll("ids");
  params.delete("ids");
  return exportTasks(params, ids);
}

/** The queue's "Export selected": a form post, so hundreds of ids fit (a URL would not). */
export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  if (!form) return problem("Send the selected task ids as a form.", 400);
  const ids = form.getAll("ids").filter((value): value is string => typeof value === "string");
  if (ids.length === 0) return problem("Select at least one task to export.", 400);
  return exportTasks(new URLSearchParams(), ids);
}
