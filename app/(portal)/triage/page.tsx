import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Triage" };

export default function TriagePage() {
  return (
    <>
      <PageHeader
        title="Triage"
        description="A focused queue of tasks that need a human — waiting for input, failed or timed out — so you can unblock them quickly."
      />
      <EmptyState title="Not built yet">
        <p>Triage is not built yet. It will use the same task store as the dashboard.</p>
      </EmptyState>
    </>
  );
}
