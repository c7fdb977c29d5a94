import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth/session";
import { listSignedInPeople } from "@/lib/dal/people";
import { listRoutingRules } from "@/lib/dal/routing-rules";
import { listTeamOptions } from "@/lib/dal/teams";
import { RoutingRulesSection } from "./_components/routing-rules-section";

export const metadata: Metadata = { title: "Routing · Settings" };
export const dynamic = "force-dynamic";

export default async function RoutingSettingsPage() {
  await requireAdmin();
  const [rules, people, teams] = await Promise.all([
    listRoutingRules(),
    listSignedInPeople(),
    listTeamOptions(),
  ]);
  return <RoutingRulesSection rules={rules} people={people} teams={teams} />;
}
