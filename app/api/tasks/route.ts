import { z } from "zod";
import { ok } from "@/lib/result";
import { listTasks } from "@/lib/dal/tasks";
import { jsonRoute } from "@/lib/http/route";
import { optionalInt } from "@/lib/validations/common";
import { taskFiltersQuery } from "@/lib/validations/task-filters";

const querySchema = taskFiltersQuery({
  // A page link made by this route; what it holds is checked against the sort by listTasks.
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,500}$/, "That page link is not valid.")
    .optional(),
  limit: optionalInt(1, 200, "must be a whole number from 1 to 200"),
});

/** One page of the task queue as JSON (filters in the query string, `cursor` for the next page). */
export const GET = jsonRoute(
  { query: querySchema, invalidMessage: "Some filters are not valid." },
  async ({ user, query: { cursor, limit, ...filters } }) =>
    ok(await listTasks({ filters, viewer: user, cursor: cursor ?? null, limit: limit ?? 50 })),
);
