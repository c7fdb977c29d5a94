import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth/session";
import { listKnownRepositories, listRepositoryPolicies } from "@/lib/dal/repository-policies";
import { listTeamOptions } from "@/lib/dal/teams";
import { PoliciesSection } from "./_components/policies-section";
import { RepositoryOwnersSection } from "./_components/repository-owners-section";

export const metadata: Metadata = { title: "Policies · Settings" };
export const dynamic = "force-dynamic";

export default async function PoliciesSettingsPage() {
  await requireAdmin();
  const [repositories, teams] = await Promise.all([listKnownRepositories(), listTeamOptions()]);
  const policies = await listRepositoryPolicies(repositories);
  return (
    <>
      <PoliciesSection
        policies={policies}
        repositories={repositories.map((repository) => repository.fullName)}
      />
      <RepositoryOwnersSection repositories={repositories} teams={teams} />
    </>
  );
}
