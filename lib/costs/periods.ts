/**
 * Cost periods: UTC months (budgets and the Costs page's tables) and the buckets of its chart.
 * Pure and client-safe. Months are written "YYYY-MM"; days "YYYY-MM-DD".
 */

export const COST_GRANULARITIES = ["day", "week", "month"] as const;
export type CostGranularity = (typeof COST_GRANULARITIES)[number];

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The first instant of the UTC month `date` falls in. */
export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The first instant of the UTC month `months` after (or before, when negative) the one `date` is in. */
export function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "2026-12" → the first instant of that UTC month. */
export function parseMonth(month: string): Date {
  const [year, index] = month.split("-").map(Number);
  return new Date(Date.UTC(year!, index! - 1, 1));
}

/** Built once: toLocaleDateString builds a new ICU formatter on every call. */
const monthFormat = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" });

/** "December 2026" */
export function monthLabel(month: Date): string {
  return monthFormat.format(month);
}

/** The last UTC day of the month, as the queue's inclusive `createdTo` filter wants it. */
export function lastDayOfMonth(month: Date): string {
  return dayKey(new Date(addMonths(month, 1).getTime() - 86_400_000));
}

/** Monday of the ISO week `date` falls in (UTC). */
export function weekStart(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - weekday * 86_400_000);
}

export type Bucket = { start: Date; end: Date; label: string };

/**
 * The chart's buckets ending with the selected month: its days, the 12 weeks up to its end (or up
 * to today, for the current month), or the 12 months up to it.
 */
export function chartBuckets(granularity: CostGranularity, month: Date, now: Date): Bucket[] {
  const monthEnd = addMonths(month, 1);
  if (granularity === "day") {
    const buckets: Bucket[] = [];
    for (let at = month.getTime(); at < monthEnd.getTime(); at += 86_400_000) {
      const start = new Date(at);
      buckets.push({ start, end: new Date(at + 86_400_000), label: dayKey(start).slice(5) });
    }
    return buckets;
  }
  if (granularity === "week") {
    const last = weekStart(new Date(Math.min(monthEnd.getTime(), now.getTime()) - 1));
    return Array.from({ length: 12 }, (_, index) => {
      const start = new Date(last.getTime() - (11 - index) * 7 * 86_400_000);
      return { start, end: new Date(start.getTime() + 7 * 86_400_000), label: dayKey(start).slice(5) };
    });
  }
  return Array.from({ length: 12 }, (_, index) => {
    const start = addMonths(month, index - 11);
    return { start, end: addMonths(start, 1), label: monthKey(start) };
  });
}
