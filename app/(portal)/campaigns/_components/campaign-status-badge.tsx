import clsx from "clsx";
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_TONE, type CampaignStatus } from "@/lib/campaigns/status";

const TONE_CLASSES = {
  "needs-human": "border-needs-human bg-needs-human-soft text-needs-human",
  "in-flight": "border-in-flight bg-in-flight-soft text-in-flight",
  finished: "border-finished bg-finished-soft text-finished",
  neutral: "border-line bg-surface text-fg-muted",
} as const;

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs font-semibold",
        TONE_CLASSES[CAMPAIGN_STATUS_TONE[status]],
      )}
    >
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {CAMPAIGN_STATUS_LABELS[status]}
    </span>
  );
}

/** finished / scope as a bar; the numbers are in the text next to it. */
export function ProgressBar({
  done,
  started,
  total,
  label,
}: {
  done: number;
  started: number;
  total: number;
  label: string;
}) {
  const pct = (n: number) => (total ? Math.round((n / total) * 100) : 0);
  return (
    <div className="min-w-40">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} finished, ${started} started`}
        className="relative h-2 overflow-hidden rounded-full bg-in-flight-soft"
      >
        <div className="absolute inset-y-0 left-0 bg-in-flight/40" style={{ width: `${pct(started)}%` }} />
        <div className="absolute inset-y-0 left-0 bg-finished" style={{ width: `${pct(done)}%` }} />
      </div>
      <div className="mt-1 text-xs text-fg-muted">
        {done} of {total} finished · {started} started
      </div>
    </div>
  );
}
