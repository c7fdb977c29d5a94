import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth/session";
import { listBudgets, listCampaignOptions } from "@/lib/dal/budgets";
import { listSignedInPeople } from "@/lib/dal/people";
import { listTeamOptions } from "@/lib/dal/teams";
import { BudgetsSection } from "./_components/budgets-section";

export const metadata: Metadata = { title: "Budgets · Settings" };
export const dynamic = "force-dynamic";

export default async function BudgetSettingsPage() {
  await requireAdmin();
  const [budgets, teams, people, campaigns] = await Promise.all([
    listBudgets(),
    listTeamOptions(),
    listSignedInPeople(),
    listCampaignOptions(),
  ]);
  return <BudgetsSection budgets={budgets} teams={teams} people={people} campaigns={campaigns} />;
}
