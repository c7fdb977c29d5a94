"use client";

import { useTimeZone } from "@/components/ui/time";
import type { Burndown } from "@/lib/campaigns/burndown";
import { formatClock } from "@/lib/format/time";

/**
 * Targets whose pull request is not merged yet over time as an area (Batch Changes' burndown), with
 * targets not finished and targets started as lines. A table carries the same figures for screen
 * readers.
 */
export function BurndownChart({ burndown }: { burndown: Burndown }) {
  const width = 900;
  const height = 200;
  const left = 32;
  const bottom = 20;
  const { points, scope } = burndown;
  const max = Math.max(1, scope);
  const x = (i: number) => left + (i / Math.max(1, points.length - 1)) * (width - left - 8);
  const y = (value: number) => 8 + (1 - value / max) * (height - 8);
  const remaining = points.map((p, i) => `${x(i)},${y(p.remaining)}`).join(" ");
  const started = points.map((p, i) => `${x(i)},${y(p.started)}`).join(" ");
  const unmerged = points.map((p, i) => `${x(i)},${y(scope - p.merged)}`).join(" ");
  const area = `${x(0)},${y(0)} ${unmerged} ${x(points.length - 1)},${y(0)}`;
  const last = points.at(-1);
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  // Short campaigns need seconds to tell the labels apart.
  const spanMs = points.length > 1 ? Date.parse(points.at(-1)!.at) - Date.parse(points[0]!.at) : 0;
  // The viewer's time zone once the page knows it (the server render says UTC).
  const timeZone = useTimeZone();
  const zoneName = timeZone ? `your time zone, ${timeZone}` : "UTC";
  const time = (iso: string) =>
    formatClock(new Date(iso), { timeZone: timeZone ?? "UTC", seconds: spanMs < 10 * 60_000 });
  return (
    <figure className="rounded-lg border border-line bg-surface p-4">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">Burndown since launch</span>
        <span className="text-sm text-fg-muted">
          {last
            ? `${last.merged} of ${scope} merged · ${last.remaining} not finished · ${last.started} started`
            : null}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height + bottom}`} className="h-auto w-full" aria-hidden="true">
        {[...new Set([0, Math.round(max / 2), max])].map((tick) => (
          <g key={tick}>
            <line
              x1={left}
              x2={width - 8}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-line"
              strokeWidth={1}
            />
            <text x={left - 4} y={y(tick) + 3} textAnchor="end" className="fill-fg-muted text-[10px]">
              {tick}
            </text>
          </g>
        ))}
        <polygon points={area} className="fill-finished" fillOpacity={0.15} />
        <polyline points={unmerged} fill="none" className="stroke-finished" strokeWidth={2} />
        <polyline points={remaining} fill="none" className="stroke-in-flight" strokeWidth={2} />
        <polyline
          points={started}
          fill="none"
          className="stroke-finished"
          strokeWidth={2}
          strokeDasharray="5 3"
        />
        {points.map((p, i) =>
          i % labelEvery === 0 || i === points.length - 1 ? (
            <text
              key={p.at}
              x={x(i)}
              y={height + 15}
              textAnchor={i === 0 ? "start" : i === points.length - 1 ? "end" : "middle"}
              className="fill-fg-muted text-[10px]"
            >
              {time(p.at)}
            </text>
          ) : null,
        )}
      </svg>
      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted" aria-hidden="true">
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-2 w-4 bg-finished opacity-40" /> Not merged
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-4 bg-in-flight" /> Not finished
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-4 border-t-2 border-dashed border-finished" /> Started
        </li>
        <li>Times in {zoneName}</li>
      </ul>
      {/* A table ignores the 1px width of sr-only and would widen the page on a phone: its box clips it. */}
      <div className="sr-only">
        <table>
          <caption>Targets merged, not finished and started over time ({zoneName})</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Merged</th>
              <th scope="col">Not finished</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.at}>
                <th scope="row">{time(p.at)}</th>
                <td>{p.merged}</td>
                <td>{p.remaining}</td>
                <td>{p.started}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
