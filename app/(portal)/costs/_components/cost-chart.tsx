import Link from "next/link";
import { formatCount } from "@/lib/format/number";
import { rangeTasksHref } from "@/lib/costs/links";
import { formatCreditsNano } from "@/lib/costs/money";
import type { SeriesPoint } from "@/lib/costs/report";

const NANOS_PER_CREDIT = 1e9;

/**
 * Credits per bucket as bars (decorative: assistive technology gets the table below it), with the
 * figures and their links to the tasks behind each bucket in that table, behind a disclosure.
 */
export function CostChart({ series, title }: { series: SeriesPoint[]; title: string }) {
  const width = 640;
  const height = 160;
  const gap = series.length > 20 ? 2 : 6;
  const barWidth = (width - gap * (series.length - 1)) / series.length;
  // Heights only: a float is fine for drawing, the figures themselves stay exact.
  const values = series.map((point) => Number(point.figure.creditsNano) / NANOS_PER_CREDIT);
  const max = Math.max(...values, 0) || 1;
  const labelEvery = Math.ceil(series.length / 12);
  return (
    <figure className="rounded-lg border border-line bg-surface p-4">
      <figcaption className="mb-3 font-semibold">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 20}`} className="h-auto w-full" aria-hidden="true">
        <line x1={0} x2={width} y1={height} y2={height} className="stroke-line" />
        {series.map((point, index) => {
          const h = (values[index]! / max) * height;
          const x = index * (barWidth + gap);
          return (
            <g key={point.start}>
              {values[index]! > 0 ? (
                <rect
                  x={x}
                  y={height - h}
                  width={barWidth}
                  height={Math.max(h, 1)}
                  className="fill-in-flight"
                >
                  <title>{`${point.label}: ${formatCreditsNano(point.figure.creditsNano)} credits`}</title>
                </rect>
              ) : null}
              {index % labelEvery === 0 ? (
                <text
                  x={x + barWidth / 2}
                  y={height + 15}
                  textAnchor="middle"
                  className="fill-fg-muted text-[10px]"
                >
                  {point.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-accent">Figures and the tasks behind them</summary>
        <table className="mt-2 w-full text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="text-left text-fg-muted">
            <tr>
              <th scope="col" className="py-1 font-medium">
                From
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Credits
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Premium requests
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Tasks
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((point) => (
              <tr key={point.start} className="border-t border-line">
                <th scope="row" className="py-1 text-left font-normal">
                  {point.start}
                </th>
                <td className="py-1 text-right tabular-nums">
                  {point.figure.tasks > 0 ? (
                    <Link
                      href={rangeTasksHref(new Date(point.start), new Date(point.end))}
                      className="text-accent underline-offset-2 hover:underline"
                    >
                      {formatCreditsNano(point.figure.creditsNano)}
                    </Link>
                  ) : (
                    formatCreditsNano(point.figure.creditsNano)
                  )}
                </td>
                <td className="py-1 text-right tabular-nums">{point.figure.premiumRequests}</td>
                <td className="py-1 text-right tabular-nums">{formatCount(point.figure.tasks)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
