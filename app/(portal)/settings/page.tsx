import { requireAdmin } from "@/lib/auth/session";
import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your Switchyard preferences, connected GitHub account and notification options."
      />
      <EmptyState title="Not built yet">
        <p>Settings are not built yet.</p>
      </EmptyState>
    </>
  );
}
