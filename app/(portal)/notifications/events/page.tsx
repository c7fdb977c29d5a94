import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ActionButton } from "@/components/ui/action-button";
import { Section } from "@/components/ui/section";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { requireUser } from "@/lib/auth/session";
import { listCampaigns } from "@/lib/dal/campaigns";
import { listTeamOptions } from "@/lib/dal/teams";
import { listTemplates } from "@/lib/dal/templates";
import { EVENT_TYPE_LABELS, isEventType } from "@/lib/events/types";
import { listSubscriptionDeliveries, listSubscriptions } from "@/lib/notifications/queries";
import { deleteSubscriptionAction, redeliverAction } from "../actions";
import { SubscriptionForm } from "../_components/subscription-form";

export const metadata: Metadata = { title: "Events out" };
export const dynamic = "force-dynamic";

const SCOPE_LABELS = { user: "Personal", team: "Team", all: "All of Switchyard" } as const;
const STATUS_LABELS: Record<string, string> = {
  pending: "Retrying",
  delivered: "Delivered",
  failed: "Failed",
};

export default async function EventsOutPage() {
  const user = await requireUser();
  const isAdmin = user.role === "admin";
  const [subscriptions, deliveries, teams, templates, campaigns] = await Promise.all([
    listSubscriptions(user),
    listSubscriptionDeliveries(user),
    isAdmin ? listTeamOptions() : Promise.resolve([]),
    listTemplates(user),
    listCampaigns(user, { limit: 100 }),
  ]);
  const now = new Date();
  return (
    <>
      <PageHeader
        trail={[{ href: "/notifications", label: "Notifications" }]}
        title="Events out"
        description="Switchyard posts events to your receivers as they happen: task states, triage, campaigns, setups, budgets and schedules."
      />
      <div className="grid gap-8 xl:grid-cols-[1fr_28rem]">
        <div className="min-w-0 space-y-8">
          <Section id="subscriptions" title="Subscriptions" titleClassName="mb-3">
            {subscriptions.length === 0 ? (
              <p className="text-sm text-fg-muted">None yet.</p>
            ) : (
              <Table caption="Event subscriptions" columns={["Name", "Receiver", "Events", ""]}>
                {subscriptions.map((s) => (
                  <TableRow key={s.id}>
                    <TableRowHeader>
                      {s.name}
                      <span className="block text-xs font-normal text-fg-muted">
                        {SCOPE_LABELS[s.scope]}
                        {s.owner ? `: ${s.owner}` : ""}
                      </span>
                    </TableRowHeader>
                    <TableCell>
                      {s.host}{" "}
                      <span className="text-fg-muted">({s.format === "slack" ? "Slack" : "JSON"})</span>
                    </TableCell>
                    <TableCell className="text-fg-muted">
                      {s.types.length
                        ? s.types.map((t) => (isEventType(t) ? EVENT_TYPE_LABELS[t] : t)).join(", ")
                        : "All"}
                      {s.states.length ? ` · states ${s.states.join(", ")}` : ""}
                      {s.repositoryPattern ? ` · ${s.repositoryPattern}` : ""}
                    </TableCell>
                    <TableCell>
                      <ActionButton
                        action={deleteSubscriptionAction}
                        fields={{ subscriptionId: s.id }}
                        label="Delete"
                        accessibleLabel={`Delete ${s.name}`}
                        confirm="Stop sending events there?"
                        confirmLabel="Delete"
                        variant="danger"
                        size="sm"
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </Table>
            )}
          </Section>
          <Section id="deliveries" title="Delivery log" titleClassName="mb-3">
            {deliveries.length === 0 ? (
              <p className="text-sm text-fg-muted">Nothing sent yet.</p>
            ) : (
              <Table caption="Event deliveries, newest first" columns={["Event", "To", "Status", ""]}>
                {deliveries.map((d) => (
                  <TableRow key={d.id} data-testid="event-delivery">
                    <TableRowHeader>
                      {d.type && isEventType(d.type) ? EVENT_TYPE_LABELS[d.type] : (d.type ?? "Event")}
                      {d.title ? <span className="block font-normal">{d.title}</span> : null}
                      <span className="block font-mono text-xs font-normal text-fg-muted">{d.eventId}</span>
                      <RelativeTime
                        date={d.createdAt}
                        now={now}
                        className="block text-xs font-normal text-fg-muted"
                      />
                    </TableRowHeader>
                    <TableCell>{d.subscription}</TableCell>
                    <TableCell>
                      <span className={d.status === "failed" ? "font-medium text-needs-human" : ""}>
                        {d.status === "pending" && d.attempts === 0
                          ? "Queued"
                          : (STATUS_LABELS[d.status] ?? d.status)}
                      </span>
                      {d.lastStatus ? <span className="text-fg-muted"> (HTTP {d.lastStatus})</span> : null}
                      <span className="block text-xs text-fg-muted">
                        {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                        {d.lastError ? ` · ${d.lastError}` : ""}
                      </span>
                    </TableCell>
                    <TableCell>
                      {d.status === "pending" ? null : (
                        <ActionButton
                          action={redeliverAction}
                          fields={{ deliveryId: d.id }}
                          label="Redeliver"
                          accessibleLabel={`Redeliver ${d.eventId}`}
                          pendingLabel="Queuing…"
                          success="Queued."
                          size="sm"
                        />
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </Table>
            )}
          </Section>
          <Section
            id="verify"
            title="Verifying a delivery"
            titleClassName="mb-3"
            className="space-y-2 text-sm"
          >
            <p>
              Each POST carries{" "}
              <code className="font-mono">
                X-Switchyard-Signature-256: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;
              </code>
              , where the hex is HMAC-SHA256 with your secret over{" "}
              <code className="font-mono">&lt;t&gt;.&lt;raw body&gt;</code>. Compare in constant time and
              refuse a <code className="font-mono">t</code> more than 5 minutes away from your clock (replay).
            </p>
            <p>
              Delivery is at least once: <code className="font-mono">X-Switchyard-Event-Id</code> (the
              envelope&apos;s <code className="font-mono">id</code>) stays the same across retries and
              redeliveries, so keep the ids you have handled and ignore repeats. Failed sends are retried with
              backoff (30 s doubling to 1 h, 8 attempts).
            </p>
          </Section>
        </div>
        <Section id="new" title="New subscription" titleClassName="mb-3" card>
          <SubscriptionForm
            isAdmin={isAdmin}
            teams={teams}
            templates={templates.map((t) => ({ id: t.id, name: t.name }))}
            campaigns={campaigns.rows.map((c) => ({ id: c.id, name: c.name }))}
          />
        </Section>
      </div>
    </>
  );
}
