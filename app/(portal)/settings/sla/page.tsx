import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth/session";
import { listSlaTargets } from "@/lib/dal/sla-targets";
import { SlaSection } from "./_components/sla-section";

export const metadata: Metadata = { title: "SLA · Settings" };
export const dynamic = "force-dynamic";

export default async function SlaSettingsPage() {
  await requireAdmin();
  return <SlaSection targets={await listSlaTargets()} />;
}
