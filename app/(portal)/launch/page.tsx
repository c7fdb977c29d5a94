import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Launch" };

export default function LaunchPage() {
  return (
    <>
      <PageHeader
        title="Launch"
        description="Start a new Copilot cloud agent task against a repository with a prompt and optional base branch."
      />
      <EmptyState title="Not built yet">
        <p>Launching tasks is not built yet. It will create tasks using your own GitHub identity.</p>
      </EmptyState>
    </>
  );
}
