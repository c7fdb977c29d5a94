import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { EmptyState } from "@/components/empty-state";
import { NavLinks } from "@/components/nav-links";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/ui/section";
import { PageLinks } from "@/components/ui/page-links";
import { requireUser } from "@/lib/auth/session";
import { FailureError } from "@/lib/errors";
import {
  countTriageViews,
  listAssignees,
  listFailureClusters,
  listTriageItems,
  TRIAGE_PAGE_SIZE,
} from "@/lib/dal/triage";
import { TRIAGE_VIEWS, type TriageView } from "@/lib/triage/access";
import { BulkBar, FailureClusters, TriageItemCard } from "./_components/triage-forms";
import { TriageKeys } from "./_components/triage-keys";

export const metadata: Metadata = { title: "Triage" };
export const dynamic = "force-dynamic";

const LABELS: Record<TriageView, string> = {
  mine: "Mine",
  teams: "My teams",
  unowned: "Unowned",
  all: "All",
  reviews: "Reviews",
};
const viewSchema = z.enum(TRIAGE_VIEWS).catch("mine");

/** A page of a view, or its first page when the page link is not one of ours. */
async function pageOf(
  view: TriageView,
  user: Parameters<typeof listTriageItems>[0]["viewer"],
  after?: string,
) {
  try {
    return await listTriageItems({ view, viewer: user, cursor: after ?? null });
  } catch (error) {
    if (error instanceof FailureError) redirect(`/triage?view=${view}`);
    throw error;
  }
}

export default async function TriagePage({
  searchParams,
}: {
  searchParams: Promise<{ view?: string; after?: string }>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const view = viewSchema.parse(params.view ?? "mine");
  const after = typeof params.after === "string" ? params.after : undefined;
  const [{ items, nextCursor }, counts, clusters, assignees] = await Promise.all([
    pageOf(view, user, after),
    countTriageViews(user),
    listFailureClusters(view, user),
    listAssignees(),
  ]);
  const now = new Date().getTime();
  return (
    <>
      <PageHeader
        title="Triage"
        description="Tasks that need a human and pull requests that need a review, routed to an owner: most overdue first. Each item shows why it was routed where it was, and what to do next."
      />
      <div className="space-y-6">
        <NavLinks
          label="Triage views"
          variant="tabs"
          items={TRIAGE_VIEWS.map((id) => ({
            href: `/triage?view=${id}`,
            label: (
              <>
                {LABELS[id]} <span className="tabular-nums">({counts[id]})</span>
              </>
            ),
            current: id === view,
          }))}
        />
        {counts.snoozed > 0 ? (
          <p className="text-sm text-fg-muted">
            {counts.snoozed} snoozed items come back when their snooze ends.
          </p>
        ) : null}
        <FailureClusters clusters={clusters} />
        <BulkBar view={view} count={counts[view]} assignees={assignees} />
        {items.length === 0 ? (
          <EmptyState
            title={
              view === "unowned"
                ? "Nothing unowned"
                : view === "reviews"
                  ? "No pull requests await review"
                  : "Nothing needs you right now"
            }
          >
            <p>
              Tasks that wait for an answer, fail or time out appear here, and so do completed tasks&apos;
              open pull requests, for review; each is routed by Settings rules, CODEOWNERS or who launched it.{" "}
              {view === "mine" || view === "teams" ? (
                <>
                  <Link href="/triage?view=all" className="font-medium text-accent underline">
                    See every open item
                  </Link>
                  , or{" "}
                </>
              ) : null}
              <Link href="/tasks" className="font-medium text-accent underline">
                {view === "mine" || view === "teams" ? "browse the task queue" : "Browse the task queue"}
              </Link>
              .
            </p>
          </EmptyState>
        ) : (
          // A heading above the items' own (h3): the outline does not jump from the page's h1.
          <Section id="triage-items" title={`${LABELS[view]} items`} hideTitle className="space-y-3">
            <TriageKeys />
            <ol className="space-y-3" aria-label={`${LABELS[view]} triage items`}>
              {items.map((item) => (
                <TriageItemCard key={item.id} item={item} assignees={assignees} now={now} />
              ))}
            </ol>
          </Section>
        )}
        <PageLinks
          label="Triage pages"
          first={after ? `/triage?view=${view}` : null}
          next={nextCursor ? `/triage?view=${view}&after=${nextCursor}` : null}
          nextLabel={`Next ${TRIAGE_PAGE_SIZE} items`}
        >
          {counts[view]} items in this view
        </PageLinks>
      </div>
    </>
  );
}
