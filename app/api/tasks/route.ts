import { currentUser } from "@/lib/auth/session";
import { listTasks } from "@/lib/dal/tasks";
import { parseTaskFilters } from "@/lib/validations/task-filters";

/** One page of the task queue as JSON (filters in the query string, `cursor` for the next page). */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ message: "Sign in to see tasks." }, { status: 401 });
  const params = new URL(request.url).searchParams;
  const parsed = parseTaskFilters(params);
  if (!parsed.ok)
    return Response.json(
      { message: "Some filters are not valid.", fieldErrors: parsed.fieldErrors },
      { status: 400 },
    );
  const cursor = params.get("cursor");
  if (cursor && !/^[A-Za-z0-9_-]{1,500}$/.test(cursor))
    return Response.json({ message: "That page link is not valid." }, { status: 400 });
  const page = await listTasks({ filters: parsed.filters, viewer: user, cursor, limit: 50 });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
}
