import type { Metadata } from "next";
import Link from "next/link";
import { WebhookDeliveriesTable } from "@/components/webhook-deliveries-table";
import { requireAdmin } from "@/lib/auth/session";
import { listSignedInPeople } from "@/lib/dal/people";
import { listTeams } from "@/lib/dal/teams";
import { listWebhookDeliveries } from "@/lib/notifications/queries";
import { TeamsSection } from "./_components/teams-section";
import { Section } from "@/components/ui/section";

export const metadata: Metadata = { title: "Teams · Settings" };
export const dynamic = "force-dynamic";

export default async function TeamsSettingsPage() {
  const admin = await requireAdmin();
  const [teams, people, deliveries] = await Promise.all([
    listTeams(),
    listSignedInPeople(),
    listWebhookDeliveries({ limit: 50, viewer: admin }),
  ]);
  return (
    <>
      <TeamsSection teams={teams} people={people} />
      <Section id="deliveries" title="Webhook deliveries" className="space-y-3">
        <p className="max-w-3xl text-sm text-fg-muted">
          Team and personal webhooks for triage items opened, escalated and resolved: failed and pending
          deliveries first. Each is retried with backoff up to eight times. Personal webhooks are set on{" "}
          <Link href="/notifications" className="text-accent underline">
            Notifications
          </Link>
          .
        </p>
        <WebhookDeliveriesTable rows={deliveries} now={new Date()} />
      </Section>
    </>
  );
}
