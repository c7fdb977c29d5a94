import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { SyncStatusTable } from "@/components/sync-status-table";
import { requireAdmin } from "@/lib/auth/session";
import {
  listKnownRepositories,
  listRepositoryPolicies,
  listRoutingRules,
  listSignedInPeople,
  listSlaTargets,
  listTeams,
} from "@/lib/dal/settings";
import Link from "next/link";
import { WebhookDeliveriesTable } from "@/components/webhook-deliveries-table";
import { listWebhookDeliveries } from "@/lib/notifications/queries";
import { listSyncStatus } from "@/lib/sync/status";
import { PoliciesSection, RepositoryOwnersSection } from "./_components/policies-section";
import { RoutingRulesSection } from "./_components/routing-rules-section";
import { SlaSection } from "./_components/sla-section";
import { TeamsSection } from "./_components/teams-section";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const admin = await requireAdmin();
  const [teams, people, rules, slaTargets, rows, deliveries, repositories] = await Promise.all([
    listTeams(),
    listSignedInPeople(),
    listRoutingRules(),
    listSlaTargets(),
    listSyncStatus(),
    listWebhookDeliveries({ limit: 50, viewer: admin }),
    listKnownRepositories(),
  ]);
  const policies = await listRepositoryPolicies(repositories);
  const teamOptions = teams.map((team) => ({ id: team.id, name: team.name }));
  return (
    <>
      <PageHeader
        title="Settings"
        description="Who gets work that needs a human, how fast it must be picked up, what the agent may do in which repositories, and how Switchyard keeps its copy of everyone's agent tasks."
      />
      <div className="space-y-12">
        <TeamsSection teams={teams} people={people} />
        <RoutingRulesSection rules={rules} people={people} teams={teamOptions} />
        <SlaSection targets={slaTargets} />
        <PoliciesSection
          policies={policies}
          repositories={repositories.map((repository) => repository.fullName)}
        />
        <RepositoryOwnersSection repositories={repositories} teams={teamOptions} />

        <section aria-labelledby="deliveries-heading" className="space-y-3">
          <h2 id="deliveries-heading" className="text-xl font-semibold">
            Webhook deliveries
          </h2>
          <p className="max-w-3xl text-sm text-fg-muted">
            Team and personal webhooks for triage items opened, escalated and resolved: failed and pending
            deliveries first. Each is retried with backoff up to eight times. Personal webhooks are set on{" "}
            <Link href="/notifications" className="text-accent underline">
              Notifications
            </Link>
            .
          </p>
          <WebhookDeliveriesTable rows={deliveries} now={new Date()} />
        </section>

        <section aria-labelledby="sync-heading" className="space-y-3">
          <h2 id="sync-heading" className="text-xl font-semibold">
            Task sync
          </h2>
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
            <SyncStatusTable rows={rows} now={new Date()} />
          )}
        </section>
      </div>
    </>
  );
}
