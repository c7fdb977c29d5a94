import { currentUser } from "@/lib/auth/session";
import { iterateTasks, type TaskListRow } from "@/lib/dal/tasks";
import { csvRow } from "@/lib/format/csv";
import { parseTaskFilters } from "@/lib/validations/task-filters";

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

/** The current queue view as CSV, streamed page by page. */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return new Response("Sign in to export tasks.\n", { status: 401 });
  const parsed = parseTaskFilters(new URL(request.url).searchParams);
  if (!parsed.ok) return new Response("Some filters are not valid.\n", { status: 400 });
  const rows = iterateTasks({ filters: parsed.filters, viewer: user });
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
