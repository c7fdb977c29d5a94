"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ActionButton } from "@/components/ui/action-button";
import { Section } from "@/components/ui/section";
import { RelativeTime } from "@/components/ui/time";
import type { DashboardSummary } from "@/lib/dal/dashboard";
import { DEMO_PROMPT_EXAMPLES } from "@/lib/demo/examples";
import { dashboardQuery } from "@/lib/queries/tasks";
import type { TaskScope } from "@/lib/validations/task-filters";
import { setGuidedStartAction } from "../actions";

const linkClass = "font-medium text-accent underline";

/**
 * Demo mode's first screen above the dashboard: what Switchyard is doing (the first sync, live, from
 * the dashboard's own query), three things to try, and ready-made prompts that fill the launch form.
 */
export function GuidedStart({
  initial,
  scope,
  emulatorUrl,
  campaignStarterId,
}: {
  initial: DashboardSummary;
  scope: TaskScope;
  emulatorUrl: string;
  campaignStarterId: string | null;
}) {
  const { data = initial } = useQuery({ ...dashboardQuery(scope), initialData: initial });
  const total = data.states.reduce((sum, s) => sum + s.count, 0);
  const campaignHref = campaignStarterId ? `/campaigns/new?template=${campaignStarterId}` : "/campaigns/new";
  return (
    <Section id="guided-start" title="Welcome to Switchyard" card className="mb-10 space-y-6 p-6">
      <p className="max-w-3xl text-fg-muted">
        Switchyard starts Copilot cloud agent tasks with your own GitHub identity and keeps a copy of every
        task, so the team sees what needs a person. Here it runs against a{" "}
        <a href={emulatorUrl} className={linkClass}>
          local GitHub emulator
        </a>{" "}
        whose tasks really move.
      </p>

      <Section id="guided-sync" title="What Switchyard is doing" level={3} size="base" className="space-y-2">
        <ol className="list-decimal space-y-1 pl-5 text-sm">
          <li>You signed in with GitHub (the emulator), and Switchyard keeps your token encrypted.</li>
          <li>
            <span role="status" data-testid="guided-sync">
              {data.asOf ? (
                <>
                  Copied {total.toLocaleString("en")} task{total === 1 ? "" : "s"} from GitHub; last checked{" "}
                  <RelativeTime date={data.asOf} now={new Date(data.generatedAt)} />. It keeps checking in the
                  background.
                </>
              ) : (
                "Copying your tasks from GitHub: the first sync is running, and the counts below fill in as it goes."
              )}
            </span>
          </li>
        </ol>
      </Section>

      <Section id="guided-try" title="Three things to try" level={3} size="base">
        <ol className="mt-2 grid gap-3 sm:grid-cols-3">
          <li className="rounded-md border border-line p-3 text-sm">
            <Link href="/launch" className={linkClass}>
              Launch a task
            </Link>
            <p className="mt-1 text-fg-muted">
              Pick a repository, write a prompt, and watch its state change live.
            </p>
          </li>
          <li className="rounded-md border border-line p-3 text-sm">
            <Link href="/triage" className={linkClass}>
              Open the triage inbox
            </Link>
            <p className="mt-1 text-fg-muted">
              Failed and waiting tasks land there, routed to an owner with an SLA.
            </p>
          </li>
          <li className="rounded-md border border-line p-3 text-sm">
            <Link href={campaignHref} className={linkClass}>
              Create a campaign from a starter template
            </Link>
            <p className="mt-1 text-fg-muted">
              One template to many repositories, with a dry run before anything starts.
            </p>
          </li>
        </ol>
      </Section>

      <Section id="guided-prompts" title="Ready-made prompts" level={3} size="base" className="space-y-2">
        <p className="text-sm text-fg-muted">
          The emulator reads directives such as <code>[emulator:outcome=failed]</code> in a prompt, so you can
          choose how a task ends. Each link fills the launch form; you still choose the repository.
        </p>
        <ul className="grid gap-3 sm:grid-cols-2">
          {DEMO_PROMPT_EXAMPLES.map((example) => (
            <li key={example.id} className="rounded-md border border-line p-3 text-sm">
              <Link
                href={`/launch?prompt=${encodeURIComponent(example.prompt)}`}
                className={linkClass}
                data-testid={`example-${example.id}`}
              >
                {example.title}
              </Link>
              <p className="mt-1 text-fg-muted">{example.outcome}</p>
              <code className="mt-2 block text-xs break-words text-fg-muted">{example.prompt}</code>
            </li>
          ))}
        </ul>
      </Section>

      <ActionButton
        action={setGuidedStartAction}
        fields={{ hidden: "1" }}
        label="Hide the guided start"
        pendingLabel="Hiding…"
        variant="secondary"
      />
    </Section>
  );
}

/** Shown on the dashboard in place of the guided start once it is hidden. */
export function ShowGuidedStart() {
  return (
    <ActionButton
      action={setGuidedStartAction}
      fields={{ hidden: "0" }}
      label="Show the guided start"
      pendingLabel="Showing…"
      variant="link"
      size="sm"
      className="mb-4"
    />
  );
}
