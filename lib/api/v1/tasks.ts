import "server-only";
/** /api/v1 tasks: the queue (its filters), one task, a start, a template launch. */
import { z } from "zod";
import { listTasks } from "@/lib/dal/tasks";
import { launchTemplateOperation, startTaskOperation, templateLaunchSchema } from "@/lib/operations/tasks";
import { fail, ok } from "@/lib/result";
import { idSchema, optionalInt, taskIdSchema } from "@/lib/validations/common";
import { DEFAULT_TASK_FILTERS, taskFiltersQuery, taskFiltersSchema } from "@/lib/validations/task-filters";
import { launchFormSchema } from "@/lib/validations/launch";
import { endpoint, operationEndpoint } from "../route";
import { startedTaskSchema, taskPageSchema, taskSchema, templateLaunchResultSchema } from "./schemas";

const pageShape = {
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,500}$/, "That page link is not valid.")
    .optional(),
  limit: optionalInt(1, 200, "must be a whole number from 1 to 200"),
};

export const listTasksEndpoint = endpoint({
  method: "GET",
  path: "/tasks",
  operationId: "listTasks",
  summary: "List tasks",
  description:
    "The queue's tasks you can see, with the queue's filters (lists repeat the key or separate values with commas), newest change first, keyset-paged.",
  scopes: ["tasks:read"],
  query: taskFiltersQuery(pageShape),
  queryShape: taskFiltersSchema.extend(pageShape),
  response: taskPageSchema,
  paged: true,
  run: async ({ principal, query: { cursor, limit, ...filters } }) => {
    const page = await listTasks({
      filters,
      viewer: principal.user,
      cursor: cursor ?? null,
      limit: limit ?? 50,
    });
    return ok({ items: page.rows, nextCursor: page.nextCursor });
  },
});

export const getTaskEndpoint = endpoint({
  method: "GET",
  path: "/tasks/{id}",
  operationId: "getTask",
  summary: "Get a task",
  scopes: ["tasks:read"],
  params: z.object({ id: taskIdSchema }),
  response: taskSchema,
  run: async ({ principal, params }) => {
    const page = await listTasks({
      filters: { ...DEFAULT_TASK_FILTERS, archived: "include" },
      ids: [params.id],
      viewer: principal.user,
      limit: 1,
    });
    const task = page.rows[0];
    return task ? ok(task) : fail("not_found", "No such task.");
  },
});

export const startTaskEndpoint = operationEndpoint({
  path: "/tasks",
  operationId: "startTask",
  summary: "Start a task",
  description:
    "Starts an agent task under the token owner's own GitHub identity, with the repository's policy applied. With `template_version_id`, `param.<name>` fields carry the template's parameters and the prompt is rendered on the server.",
  scopes: ["tasks:write"],
  body: launchFormSchema,
  response: startedTaskSchema,
  status: 201,
  operation: startTaskOperation,
});

export const launchTemplateEndpoint = operationEndpoint({
  path: "/templates/{id}/launches",
  operationId: "launchTemplate",
  summary: "Launch a template on one or more repositories",
  description:
    "Renders the template (its latest version, or `versionId`) for each repository and starts one task per repository, each as the launch form would. With one repository a refusal is the answer; with several, each repository's outcome is listed.",
  scopes: ["tasks:write"],
  params: z.object({ id: idSchema }),
  body: templateLaunchSchema.omit({ templateId: true }),
  response: templateLaunchResultSchema,
  status: 201,
  operation: launchTemplateOperation,
  input: ({ params, body }) => ({ ...body, templateId: params.id }),
});
