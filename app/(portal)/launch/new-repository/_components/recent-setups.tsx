import Link from "next/link";
import { StateBadge } from "@/components/state-badge";
import { AbsoluteTime } from "@/components/ui/time";
import type { TaskState } from "@/lib/task-states";
import type { RecentSetup } from "@/lib/dal/repository-setups";
import { needsAttention, SETUP_STATUS_LABELS } from "./setup-status";

export function RecentSetups({ setups }: { setups: RecentSetup[] }) {
  return (
    <section aria-labelledby="recent-setups" className="mt-12">
      <h2 id="recent-setups" className="text-xl font-semibold text-fg">
        Your recent setups
      </h2>
      {setups.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">
          None yet. Each setup you start is listed here with its status.
        </p>
      ) : (
        <ul
          className="mt-3 divide-y divide-line rounded-lg border border-line bg-surface"
          data-testid="recent-setups"
        >
          {setups.map((setup) => (
            <li key={setup.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <Link href={`/launch/new-repository/${setup.id}`} className="font-medium text-accent underline">
                {setup.repository}
              </Link>
              <span
                className={needsAttention(setup.status) ? "font-medium text-needs-human" : "text-fg-muted"}
              >
                {SETUP_STATUS_LABELS[setup.status] ?? setup.status}
              </span>
              {setup.taskState ? <StateBadge state={setup.taskState as TaskState} /> : null}
              <AbsoluteTime date={setup.createdAt} className="ml-auto text-xs text-fg-muted" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
