import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Tasks" };

export default function TasksPage() {
  return (
    <>
      <PageHeader
        title="Tasks"
        description="Every Copilot cloud agent task Switchyard knows about, with filters by repository, state and author."
      />
      <EmptyState title="Not built yet">
        <p>The task list is not built yet. It arrives once tasks are synced into the task store.</p>
      </EmptyState>
    </>
  );
}
