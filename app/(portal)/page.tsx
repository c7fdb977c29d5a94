import type { Metadata } from "next";
import clsx from "clsx";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/state-badge";
import { STATE_GROUPS, type StateGroupId } from "@/components/task-states";

// The root title template only applies to child segments, so spell it out here.
export const metadata: Metadata = { title: { absolute: "Dashboard · Switchyard" } };

const EMPTY_MESSAGE = "No tasks synced yet — sync arrives with the task store.";

const BAND_ACCENT: Record<StateGroupId, string> = {
  "needs-human": "border-t-needs-human",
  "in-flight": "border-t-in-flight",
  finished: "border-t-finished",
};

export default function DashboardPage() {
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Copilot cloud agent tasks across your repositories, grouped by what they need from you."
      />
      <div className="space-y-10">
        {STATE_GROUPS.map((group) => (
          <section key={group.id} aria-labelledby={`band-${group.id}`} data-state-group={group.id}>
            <h2 id={`band-${group.id}`} className="text-xl font-semibold text-fg">
              {group.label}
            </h2>
            <p className="mt-1 text-sm text-fg-muted">{group.description}</p>
            <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {group.states.map((state) => (
                <li
                  key={state}
                  data-state={state}
                  className={clsx(
                    "rounded-lg border border-t-4 border-line bg-surface p-4",
                    BAND_ACCENT[group.id],
                  )}
                >
                  <h3>
                    <StateBadge state={state} />
                  </h3>
                  <p className="mt-3 text-3xl font-bold text-fg">
                    0<span className="sr-only"> tasks</span>
                  </p>
                  <p className="mt-2 text-sm text-fg-muted">{EMPTY_MESSAGE}</p>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
