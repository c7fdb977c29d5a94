import { formatCount } from "@/lib/format/number";
import { STATE_LABELS, TASK_STATES, groupOfState, type TaskState } from "@/lib/task-states";

const FILL: Record<string, string> = {
  "needs-human": "fill-needs-human",
  "in-flight": "fill-in-flight",
  finished: "fill-finished",
};
/** Shade within a band, so states in the same band stay distinguishable. */
const OPACITY: Record<TaskState, number> = {
  waiting_for_user: 1,
  failed: 0.7,
  timed_out: 0.45,
  queued: 0.45,
  in_progress: 1,
  idle: 0.7,
  completed: 1,
  cancelled: 0.5,
};

/** Each state's bar segments as one SVG path, stacked in `order` from the bottom. */
function stackedSegments(
  daily: DailyStates,
  order: TaskState[],
  { height, barWidth, gap, max }: { height: number; barWidth: number; gap: number; max: number },
): Record<TaskState, string> {
  const paths = Object.fromEntries(order.map((state) => [state, ""])) as Record<TaskState, string>;
  const round = (n: number) => Math.round(n * 100) / 100;
  daily.forEach((day, index) => {
    let y = height;
    const x = round(index * (barWidth + gap));
    for (const state of order) {
      const value = day.entered[state];
      if (!value) continue;
      const h = (value / max) * height;
      y -= h;
      paths[state] += `M${x} ${round(y)}h${round(barWidth)}v${round(Math.max(h, 1))}h${round(-barWidth)}Z`;
    }
  });
  return paths;
}

function dayTitle(day: DailyStates[number]): string {
  const figures = TASK_STATES.filter((state) => day.entered[state] > 0).map(
    (state) => `${formatCount(day.entered[state])} ${STATE_LABELS[state].toLowerCase()}`,
  );
  return `${day.day}: ${figures.length ? figures.join(", ") : "no changes"}`;
}

export type DailyStates = { day: string; entered: Record<TaskState, number> }[];

/** Stacked bars: tasks entering each state per day. A table carries the same figures for screen readers. */
export function StateChart({ daily }: { daily: DailyStates }) {
  const width = 640;
  const height = 180;
  const gap = 6;
  const barWidth = (width - gap * (daily.length - 1)) / daily.length;
  const max = Math.max(1, ...daily.map((d) => TASK_STATES.reduce((sum, s) => sum + d.entered[s], 0)));
  const total = daily.reduce((sum, d) => sum + TASK_STATES.reduce((n, s) => n + d.entered[s], 0), 0);
  const order = [...TASK_STATES].reverse(); // finished at the bottom, needs-human on top
  const segments = stackedSegments(daily, order, { height, barWidth, gap, max });
  return (
    <figure className="rounded-lg border border-line bg-surface p-4">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">State changes per UTC day, last 14 days</span>
        <span className="text-sm text-fg-muted">{formatCount(total)} in total</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height + 20}`} className="h-auto w-full" aria-hidden="true">
        {/* One path per state (not a rect per bar segment): the chart is most of the dashboard's HTML. */}
        {order.map((state) => (
          <path
            key={state}
            d={segments[state]}
            className={FILL[groupOfState(state).id]}
            fillOpacity={OPACITY[state]}
          />
        ))}
        {daily.map((day, index) => {
          const x = index * (barWidth + gap);
          return (
            <g key={day.day}>
              {/* The whole day's figures on hover. */}
              <rect x={x} y={0} width={barWidth} height={height} fill="transparent">
                <title>{dayTitle(day)}</title>
              </rect>
              {index % 2 === daily.length % 2 ? null : (
                <text
                  x={x + barWidth / 2}
                  y={height + 15}
                  textAnchor="middle"
                  className="fill-fg-muted text-[10px]"
                >
                  {day.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted" aria-hidden="true">
        {TASK_STATES.map((state) => (
          <li key={state} className="flex items-center gap-1.5">
            <svg width="10" height="10" aria-hidden="true">
              <rect
                width="10"
                height="10"
                className={FILL[groupOfState(state).id]}
                fillOpacity={OPACITY[state]}
              />
            </svg>
            {STATE_LABELS[state]}
          </li>
        ))}
      </ul>
      {/* A table ignores the 1px width of sr-only and would widen the page on a phone: its box clips it. */}
      <div className="sr-only">
        <table>
          <caption>Tasks entering each state per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {TASK_STATES.map((state) => (
                <th key={state} scope="col">
                  {STATE_LABELS[state]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {daily.map((day) => (
              <tr key={day.day}>
                <th scope="row">{day.day}</th>
                {TASK_STATES.map((state) => (
                  <td key={state}>{day.entered[state]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
