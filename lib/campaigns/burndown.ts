/**
 * The burndown of a campaign, per time bucket: targets not finished yet, targets started, and — as
 * Batch Changes counts progress — targets whose pull request is merged.
 */

export type BurndownPoint = {
  at: string;
  remaining: number;
  started: number;
  finished: number;
  merged: number;
};
export type Burndown = { scope: number; points: BurndownPoint[] };

/**
 * Where the series ends: now while the campaign runs; once it completed, the later of its completion
 * and the last merge — its pull requests keep merging after the last task ends, and the last point
 * must count every merge.
 */
export function burndownEnd(rows: { mergedAt?: Date | null }[], completedAt: Date | null, now: Date): Date {
  if (!completedAt) return now;
  const lastMerge = Math.max(0, ...rows.map((r) => r.mergedAt?.getTime() ?? 0));
  return new Date(Math.max(completedAt.getTime(), lastMerge));
}

/** Pure: the series from each target's start and finish times. */
export function burndownSeries(
  rows: { startedAt: Date | null; finishedAt: Date | null; mergedAt?: Date | null }[],
  from: Date,
  to: Date,
  buckets: number,
): Burndown {
  const start = from.getTime();
  const span = Math.max(60_000, to.getTime() - start);
  const step = span / buckets;
  const starts = rows.map((r) => r.startedAt?.getTime() ?? Infinity).sort((a, b) => a - b);
  const finishes = rows.map((r) => r.finishedAt?.getTime() ?? Infinity).sort((a, b) => a - b);
  const merges = rows.map((r) => r.mergedAt?.getTime() ?? Infinity).sort((a, b) => a - b);
  const countUpTo = (sorted: number[], t: number) => {
    let n = 0;
    while (n < sorted.length && sorted[n]! <= t) n++;
    return n;
  };
  const points: BurndownPoint[] = [];
  for (let i = 0; i <= buckets; i++) {
    // The last point sits exactly at the end (step × buckets can round below it).
    const t = i === buckets ? start + span : start + step * i;
    const finished = countUpTo(finishes, t);
    points.push({
      at: new Date(t).toISOString(),
      remaining: rows.length - finished,
      started: countUpTo(starts, t),
      finished,
      merged: countUpTo(merges, t),
    });
  }
  return { scope: rows.length, points };
}
