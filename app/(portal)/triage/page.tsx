import type { Metadata } from "next";
import { z } from "zod";
import { EmptyState } from "@/components/empty-state";
import { NavLinks } from "@/components/nav-links";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { countTriageViews, listAssignees, listFailureClusters, listTriageItems } from "@/lib/dal/triage";
import { TRIAGE_VIEWS, type TriageView } from "@/lib/triage/access";
import { BulkBar, FailureClusters, TriageItemCard } from "./_components/triage-forms";

export const metadata: Metadata = { title: "Triage" };
export const dynamic = "force-dynamic";

const LABELS: Record<TriageView, string> = {
  mine: "Mine",
  teams: "My teams",
  unowned: "Unowned",
  all: "All",
};
const viewSchema = z.enum(TRIAGE_VIEWS).catch("mine");

export default async function TriagePage({ searchParams }: { searchParams: Promise<{ view?: string }> }) {
  const user = await requireUser();
  const view = viewSchema.parse((await searchParams).view ?? "mine");
  const [items, counts, clusters, assignees] = await Promise.all([
    listTriageItems({ view, viewer: user }),
    countTriageViews(user),
    listFailureClusters(view, user),
    listAssignees(),
  ]);
  const now = new Date().getTime();
  return (
    <>
      <PageHeader
        title="Triage"
        description="Tasks that need a human, routed to an owner: most overdue first. Each item shows why it was routed where it was, and what to do next."
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
        <BulkBar view={view} count={items.length} assignees={assignees} />
        {items.length === 0 ? (
          <EmptyState title={view === "unowned" ? "Nothing unowned" : "Nothing needs you right now"}>
            <p>
              Tasks that wait for an answer, fail or time out appear here, routed by Settings rules,
              CODEOWNERS or who launched them.
            </p>
          </EmptyState>
        ) : (
          <ol className="space-y-3" aria-label={`${LABELS[view]} triage items`}>
            {items.map((item) => (
              <TriageItemCard key={item.id} item={item} assignees={assignees} now={now} />
            ))}
          </ol>
        )}
      </div>
    </>
  );
}
