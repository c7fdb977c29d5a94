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
  return (
    <figure className="rounded-lg border border-line bg-surface p-4">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">State changes per day, last 14 days</span>
        <span className="text-sm text-fg-muted">{total.toLocaleString("en")} in total</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height + 20}`} className="h-auto w-full" aria-hidden="true">
        {daily.map((day, index) => {
          let y = height;
          const x = index * (barWidth + gap);
          return (
            <g key={day.day}>
              {order.map((state) => {
                const value = day.entered[state];
                if (!value) return null;
                const h = (value / max) * height;
                y -= h;
                return (
                  <rect
                    key={state}
                    x={x}
                    y={y}
                    width={barWidth}
                    height={Math.max(h, 1)}
                    className={FILL[groupOfState(state).id]}
                    fillOpacity={OPACITY[state]}
                  >
                    <title>{`${day.day}: ${value} ${STATE_LABELS[state].toLowerCase()}`}</title>
                  </rect>
                );
              })}
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
      <table className="sr-only">
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
    </figure>
  );
}
