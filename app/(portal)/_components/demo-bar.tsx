"use client";

import { ActionButton } from "@/components/ui/action-button";
import { resetDemoAction } from "../actions";

/**
 * Demo mode's strip at the top of every page: a "Demo" badge, where the data comes from, and
 * (admins) resetting the demo.
 */
export function DemoBar({ emulatorUrl, isAdmin }: { emulatorUrl: string; isAdmin: boolean }) {
  return (
    <aside
      aria-label="Demo mode"
      data-testid="demo-bar"
      className="mb-6 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-line bg-surface p-3 text-sm"
    >
      <span className="rounded-full bg-accent px-2.5 py-0.5 text-xs font-bold tracking-wide text-on-accent uppercase">
        Demo
      </span>
      <p className="min-w-0 flex-1 text-fg-muted">
        Everything here comes from a local{" "}
        <a href={emulatorUrl} className="text-accent underline">
          GitHub emulator
        </a>
        ; no real repository is touched.
      </p>
      {isAdmin ? (
        <ActionButton
          action={resetDemoAction}
          fields={{}}
          label="Reset demo data"
          confirm="Tasks, launches, triage items, campaigns, new-repository setups and notifications are deleted, and the emulator goes back to its seed tasks. People, sign-ins, teams, templates, settings and the audit log stay."
          confirmLabel="Yes, reset the demo"
          pendingLabel="Resetting…"
          variant="secondary"
          size="sm"
          success={(counts) =>
            `Reset: ${counts.tasks} tasks and ${counts.campaigns} campaigns removed; syncing again.`
          }
        />
      ) : null}
    </aside>
  );
}
