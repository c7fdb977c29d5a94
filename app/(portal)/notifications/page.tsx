import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { WebhookDeliveriesTable } from "@/components/webhook-deliveries-table";
import { RelativeTime } from "@/components/ui/time";
import { redirect } from "next/navigation";
import { PageLinks } from "@/components/ui/page-links";
import { requireUser } from "@/lib/auth/session";
import { FailureError } from "@/lib/errors";
import type { Viewer } from "@/lib/visibility/scope";
import { getPersonalWebhook, listNotifications, listWebhookDeliveries } from "@/lib/notifications/queries";
import { WebhookSettings } from "./_components/webhook-settings";
import { Section } from "@/components/ui/section";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

/** A page of the list, or the first page when the page link is not one of ours. */
async function pageOf(user: Viewer, after: string | undefined) {
  try {
    return await listNotifications(user, { limit: PAGE_SIZE, cursor: after ?? null });
  } catch (error) {
    if (error instanceof FailureError) redirect("/notifications");
    throw error;
  }
}

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const user = await requireUser();
  const { after } = await searchParams;
  const cursor = typeof after === "string" ? after : undefined;
  const [list, webhook, deliveries] = await Promise.all([
    pageOf(user, cursor),
    getPersonalWebhook(user.id),
    listWebhookDeliveries({ limit: 20, viewer: user }),
  ]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Triage items routed to you or your teams, and your campaigns, new repositories, budgets and schedules."
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_24rem]">
        <Section id="recent" title={`Recent (${list.unread} unread)`} className="space-y-3">
          {list.items.length === 0 ? (
            <EmptyState title="Nothing needs you right now">
              <p>
                When a task routed to you or your teams fails, waits for an answer or passes its SLA, it
                appears here and in the bell.{" "}
                <Link href="/triage" className="font-medium text-accent underline">
                  Open the triage inbox
                </Link>{" "}
                to see what is open, or set a webhook below to hear about it elsewhere.
              </p>
            </EmptyState>
          ) : (
            <ul className="divide-y divide-line rounded-lg border border-line bg-surface">
              {list.items.map((item) => (
                <li key={item.id} className="p-3 text-sm">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <span className={item.readAt ? "" : "font-semibold"}>
                      {item.taskId ? (
                        <Link
                          href={`/tasks/${item.taskId}`}
                          className="text-accent underline-offset-2 hover:underline"
                        >
                          {item.title}
                        </Link>
                      ) : (
                        item.title
                      )}
                    </span>
                    <RelativeTime date={item.createdAt} now={now} className="text-fg-muted" />
                  </div>
                  {item.body ? <p className="mt-1 text-fg-muted">{item.body}</p> : null}
                </li>
              ))}
            </ul>
          )}
          <PageLinks
            label="Notification pages"
            first={cursor ? "/notifications" : null}
            next={list.nextCursor ? `/notifications?after=${list.nextCursor}` : null}
            nextLabel={`Older ${PAGE_SIZE}`}
          />
        </Section>
        <aside className="space-y-6">
          <Section id="webhook" title="Personal webhook" className="space-y-3">
            <WebhookSettings {...webhook} />
          </Section>
          <p className="text-sm">
            <Link href="/notifications/events" className="text-accent underline">
              Events out
            </Link>
            : subscriptions that post task states, campaign, setup, budget and schedule events to Slack or
            your own receiver, with a delivery log.
          </p>
          {deliveries.length > 0 ? (
            <Section id="my-deliveries" title="Deliveries" className="space-y-3">
              <WebhookDeliveriesTable rows={deliveries} now={now} />
            </Section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
