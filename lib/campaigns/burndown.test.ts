import { describe, expect, it } from "vitest";
import { burndownEnd, burndownSeries } from "./burndown";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

describe("burndownSeries", () => {
  it("counts targets not finished and started at each bucket's end", () => {
    const series = burndownSeries(
      [
        { startedAt: at(0), finishedAt: at(3) },
        { startedAt: at(1), finishedAt: at(9) },
        { startedAt: at(5), finishedAt: null },
        { startedAt: null, finishedAt: null },
      ],
      at(0),
      at(10),
      5,
    );
    expect(series.scope).toBe(4);
    expect(series.points.map((p) => [p.remaining, p.started])).toEqual([
      [4, 1],
      [4, 2],
      [3, 2],
      [3, 3],
      [3, 3],
      [2, 3],
    ]);
    expect(series.points[0]!.at).toBe(at(0).toISOString());
    expect(series.points.at(-1)!.at).toBe(at(10).toISOString());
  });

  it("counts merged pull requests by when they merged", () => {
    const series = burndownSeries(
      [
        { startedAt: at(0), finishedAt: at(2), mergedAt: at(4) },
        { startedAt: at(0), finishedAt: at(2), mergedAt: null },
        { startedAt: at(0), finishedAt: at(2), mergedAt: at(9) },
      ],
      at(0),
      at(10),
      2,
    );
    expect(series.points.map((p) => p.merged)).toEqual([0, 1, 2]);
  });

  it("spans at least a minute", () => {
    const series = burndownSeries([], at(0), at(0), 2);
    expect(series.points.map((p) => p.at)).toEqual(
      [at(0), new Date(at(0).getTime() + 30_000), at(1)].map((d) => d.toISOString()),
    );
  });

  it("ends a completed campaign at its last merge when pull requests merged after it completed", () => {
    const rows = [
      { startedAt: at(0), finishedAt: at(2), mergedAt: at(7) },
      { startedAt: at(0), finishedAt: at(3), mergedAt: null },
    ];
    const end = burndownEnd(rows, at(3), at(20));
    expect(end).toEqual(at(7));
    expect(burndownSeries(rows, at(0), end, 30).points.at(-1)!.merged).toBe(1);
    expect(burndownEnd(rows, null, at(20))).toEqual(at(20));
    expect(burndownEnd([{ mergedAt: at(1) }], at(3), at(20))).toEqual(at(3));
  });

  it("puts the last point exactly at the end, so a merge at the end counts", () => {
    const end = new Date(at(0).getTime() + 1_000_003);
    const series = burndownSeries([{ startedAt: at(0), finishedAt: end, mergedAt: end }], at(0), end, 7);
    expect(series.points.at(-1)!.merged).toBe(1);
  });
});
