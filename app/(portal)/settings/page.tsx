import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { SyncStatusTable } from "@/components/sync-status-table";
import { requireAdmin } from "@/lib/auth/session";
import { countAuditEvents } from "@/lib/dal/audit-events";
import { listRepositoryPolicies } from "@/lib/dal/repository-policies";
import { listRoutingRules } from "@/lib/dal/routing-rules";
import { listSlaTargets } from "@/lib/dal/sla-targets";
import { listTeamOptions } from "@/lib/dal/teams";
import { listSyncStatus } from "@/lib/sync/status";
import { Section } from "@/components/ui/section";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

export default async function SettingsOverviewPage() {
  await requireAdmin();
  const now = new Date();
  const [rows, teams, rules, policies, sla, recentEvents] = await Promise.all([
    listSyncStatus(),
    listTeamOptions(),
    listRoutingRules(),
    listRepositoryPolicies([]),
    listSlaTargets(),
    countAuditEvents({ from: new Date(now.getTime() - 86_400_000) }, 10_000),
  ]);
  const overridden = sla.filter((target) => target.overridden).length;
  const sections = [
    {
      href: "/settings/teams",
      title: "Teams",
      status: plural(teams.length, "team", "teams"),
      text: "Members, GitHub team mirroring, team webhooks and their deliveries.",
    },
    {
      href: "/settings/routing",
      title: "Routing",
      status: plural(rules.length, "rule", "rules"),
      text: "Who gets a triage item: rules tried in order, first match wins.",
    },
    {
      href: "/settings/policies",
      title: "Policies",
      status: plural(policies.length, "policy", "policies"),
      text: "What the agent may do in which repositories, and repositories' owning teams.",
    },
    {
      href: "/settings/sla",
      title: "SLA",
      status: overridden ? plural(overridden, "target changed", "targets changed") : "Defaults",
      text: "How long an item may wait in each state before it escalates.",
    },
    {
      href: "/settings/audit",
      title: "Audit log",
      status: `${plural(recentEvents, "event", "events")}${recentEvents >= 10_000 ? "+" : ""} in 24 h`,
      text: "Who did what, as which GitHub identity, with filters and CSV export.",
    },
  ];
  return (
    <>
      <Section id="sections" title="Sections" className="space-y-3">
        <ul className="grid gap-3 sm:grid-cols-2">
          {sections.map((section) => (
            <li key={section.href} className="rounded-lg border border-line bg-surface p-4">
              <p className="flex flex-wrap items-baseline justify-between gap-2">
                <Link href={section.href} className="font-semibold text-accent underline">
                  {section.title}
                </Link>
                <span className="text-sm text-fg-muted">{section.status}</span>
              </p>
              <p className="mt-1 text-sm text-fg-muted">{section.text}</p>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="sync" title="People and task sync" className="space-y-3">
        <p className="max-w-3xl text-sm text-fg-muted">
          Each person&apos;s tasks are read from GitHub with their own sign-in: every few seconds while work
          is in flight, every minute when settled. Unchanged lists cost nothing against GitHub&apos;s rate
          limit, and sync never spends the last 10% of anyone&apos;s limit.
        </p>
        {rows.length === 0 ? (
          <EmptyState title="Nobody has signed in yet">
            <p>Sync starts for each person when they first sign in.</p>
          </EmptyState>
        ) : (
          <SyncStatusTable rows={rows} now={now} />
        )}
      </Section>
    </>
  );
}
