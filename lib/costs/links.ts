/**
 * Links from cost figures to the tasks behind them: the queue (`/tasks`) filtered on the creation
 * range a figure covers (costs count in the UTC period a task was created), archived tasks included,
 * costliest first. Pure and client-safe.
 */
import { dayKey, lastDayOfMonth } from "./periods";

export type QueueFilter = Record<string, string | string[]>;

function href(filter: QueueFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    for (const item of Array.isArray(value) ? [...value].sort() : [value]) params.append(key, item);
  return `/tasks?${params.toString()}`;
}

const COSTLIEST = { archived: "include", sort: "cost" };

/** Tasks created in `month`, narrowed by `filter` (a creator, repository, campaign…). */
export function monthTasksHref(month: Date, filter: QueueFilter = {}): string {
  return href({ createdFrom: dayKey(month), createdTo: lastDayOfMonth(month), ...COSTLIEST, ...filter });
}

/** Tasks created from `start` (inclusive) to `end` (exclusive), both at UTC midnight. */
export function rangeTasksHref(start: Date, end: Date): string {
  return href({
    createdFrom: dayKey(start),
    createdTo: dayKey(new Date(end.getTime() - 86_400_000)),
    ...COSTLIEST,
  });
}
