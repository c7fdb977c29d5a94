/**
 * The task queue's filters, as they live in the URL (`/tasks?state=failed&state=timed_out&repo=acme/x`).
 * Client-safe: shared by the page, the JSON route, the CSV export and saved views.
 */
import { z } from "zod";
import { TASK_STATES } from "@/lib/task-states";
import { taskIdSchema } from "./common";
import { MAX_EXPORT_IDS } from "./limits";

export const TASK_SORTS = ["updated", "created", "in_state", "cost"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export const TASK_SCOPES = ["all", "mine", "team"] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];

// A real calendar day the database can hold (it has no year 0); later days mean nothing to tasks.
const date = z.iso
  .date({ message: "must be a date (YYYY-MM-DD)" })
  .refine((value) => value >= "1970-01-01" && value <= "2999-12-31", "must be a date from 1970 to 2999");
const list = <T extends z.ZodType>(item: T) => z.array(item).max(50).default([]);
/** Ids and names as Switchyard and GitHub spell them (never a control character, which Postgres refuses). */
const token = (message: string) => z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, message);

export const taskFiltersSchema = z.object({
  scope: z.enum(TASK_SCOPES).default("all"),
  state: list(z.enum(TASK_STATES)),
  repo: list(z.string().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, "must be owner/name")),
  creator: list(z.string().regex(/^[A-Za-z0-9-]{1,39}$/, "must be a GitHub login")),
  campaign: token("must be a campaign id").optional(),
  template: token("must be a template id").optional(),
  model: list(token("must be a model name")),
  createdFrom: date.optional(),
  createdTo: date.optional(),
  updatedFrom: date.optional(),
  updatedTo: date.optional(),
  pr: z.enum(["yes", "no", "merged"]).optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .refine((value) => !/[\u0000-\u001f]/.test(value), "must not contain control characters")
    .optional(),
  archived: z.enum(["exclude", "include", "only"]).default("exclude"),
  sort: z.enum(TASK_SORTS).default("updated"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});

export type TaskFilters = z.infer<typeof taskFiltersSchema>;
export const DEFAULT_TASK_FILTERS: TaskFilters = taskFiltersSchema.parse({});

const ARRAY_KEYS = new Set(["state", "repo", "creator", "model"]);

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function toRecord(params: SearchParamsLike): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const entries =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).flatMap(([key, value]) =>
          value === undefined
            ? []
            : Array.isArray(value)
              ? value.map((v) => [key, v] as const)
              : [[key, value] as const],
        );
  for (const [key, value] of entries) {
    if (value === "") continue;
    if (ARRAY_KEYS.has(key)) {
      const values = value.split(",").filter(Boolean);
      record[key] = [...((record[key] as string[] | undefined) ?? []), ...values];
    } else record[key] = value;
  }
  return record;
}

/**
 * A route's query schema: the queue's filters as they come in a URL (repeated or comma-separated
 * lists), plus the route's own keys in `shape`. Unknown keys are ignored.
 */
export function taskFiltersQuery<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(
    (value) => toRecord((value ?? {}) as SearchParamsLike),
    taskFiltersSchema.extend(shape),
  );
}

/** Filters from a URL; unknown keys are ignored, bad values are reported per field. */
export function parseTaskFilters(
  params: SearchParamsLike,
): { ok: true; filters: TaskFilters } | { ok: false; fieldErrors: Record<string, string[]> } {
  const parsed = taskFiltersSchema.safeParse(toRecord(params));
  if (!parsed.success)
    return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
  return { ok: true, filters: parsed.data };
}

/** The URL query for filters, leaving out defaults so links stay short and stable. */
export function taskFiltersToSearchParams(filters: Partial<TaskFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === "") continue;
    if (Array.isArray(value)) {
      for (const item of [...value].sort()) params.append(key, item);
    } else if (DEFAULT_TASK_FILTERS[key as keyof TaskFilters] !== value) params.set(key, String(value));
  }
  return params;
}

/** The queue's selection for "Export selected": task ids, repeated or comma-separated, deduplicated. */
export const exportIdsSchema = z
  .array(z.string())
  .transform((values) => [...new Set(values.flatMap((value) => value.split(",")).filter(Boolean))])
  .pipe(
    z
      .array(taskIdSchema)
      .min(1, "Select at least one task to export.")
      .max(MAX_EXPORT_IDS, `Export at most ${MAX_EXPORT_IDS.toLocaleString("en")} selected tasks at once.`),
  );
