import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { listRecentRepositorySetups, listTeamsForSetup } from "@/lib/dal/repository-setups";
import { getTemplateVersion, listTemplates } from "@/lib/dal/templates";
import { templateRepositories, userOrganisations } from "@/lib/repositories/pickers";
import { failureFromError } from "@/lib/errors";
import { TemplateChooser } from "../_components/template-chooser";
import { NewRepositoryForm } from "./_components/new-repository-form";
import { RecentSetups } from "./_components/recent-setups";

export const metadata: Metadata = { title: "New repository" };
export const dynamic = "force-dynamic";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export default async function NewRepositoryPage({
  searchParams,
}: {
  searchParams: Promise<{ template?: string }>;
}) {
  const user = await requireUser();
  const { template: templateId } = await searchParams;
  const [templates, teams, recent, github] = await Promise.all([
    listTemplates(user, { category: "new_repository" }),
    listTeamsForSetup(),
    listRecentRepositorySetups(user),
    Promise.all([userOrganisations(user.id), templateRepositories(user.id)]).then(
      ([orgs, repos]) => ({ ok: true as const, orgs, templateRepos: repos.map((repo) => repo.fullName) }),
      (error: unknown) => ({ ok: false as const, message: failureFromError(error).message }),
    ),
  ]);
  const chosen =
    (templateId && ID.test(templateId) && templates.find((t) => t.id === templateId)) || templates[0];
  const version = chosen?.latest ? await getTemplateVersion(chosen.latest.id) : null;
  return (
    <>
      <PageHeader
        trail={[{ href: "/launch", label: "Launch" }]}
        current="New repository"
        title="New repository"
        description="Create a repository on GitHub with your own access, register it with its owning team, and start its setup task on the default branch. This page then follows both steps."
      />
      {!github.ok ? (
        <p
          role="alert"
          className="mb-6 rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-fg"
        >
          Could not read your organisations and template repositories from GitHub: {github.message}
        </p>
      ) : null}
      {templates.length > 1 ? (
        <TemplateChooser
          templates={templates}
          selectedId={chosen?.id ?? null}
          basePath="/launch/new-repository"
          allowFree={false}
        />
      ) : null}
      {version ? (
        <NewRepositoryForm
          key={version.id}
          orgs={github.ok ? github.orgs : []}
          templateRepos={github.ok ? github.templateRepos : []}
          teams={teams}
          template={{
            versionId: version.id,
            name: version.template.name,
            version: version.version,
            parameters: version.parameters,
            defaultModel: version.defaultModel,
            defaultCreatePullRequest: version.defaultCreatePullRequest,
          }}
        />
      ) : (
        <EmptyState title="No setup template">
          A setup template (category “New repository”) is needed to start the setup task.{" "}
          <Link href="/templates" className="text-accent underline">
            Create one
          </Link>
          .
        </EmptyState>
      )}
      <RecentSetups setups={recent} />
    </>
  );
}
