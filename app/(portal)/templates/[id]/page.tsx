import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { buttonVariants } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { categoryLabel, getTemplate } from "@/lib/dal/templates";
import { RelativeTime } from "@/components/ui/time";
import { describeChanges } from "@/lib/templates/changes";
import { ArchiveButton } from "../_components/archive-button";
import { PreviewPanel } from "../_components/preview-panel";
import { PromptDiff } from "../_components/prompt-diff";
import { PromptView } from "../_components/prompt-view";
import { TemplateEditor } from "../_components/template-editor";
import { Section } from "@/components/ui/section";

export const metadata: Metadata = { title: "Template" };
export const dynamic = "force-dynamic";

export default async function TemplatePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const { saved } = await searchParams;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const template = await getTemplate(id, user);
  if (!template) notFound();
  const latest = template.versions[0];
  const canEdit = user.role === "admin" || (template.origin === "custom" && template.createdById === user.id);
  const now = new Date();

  return (
    <>
      <PageHeader
        trail={[{ href: "/templates", label: "Templates" }]}
        title={template.name}
        description={template.description || undefined}
      />
      {saved && latest && String(latest.version) === saved ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-finished bg-finished-soft p-2 text-sm text-fg"
        >
          Saved version {latest.version}.
        </p>
      ) : null}
      <dl className="mb-6 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-fg-muted">Category</dt>
        <dd>{categoryLabel(template.category)}</dd>
        <dt className="text-fg-muted">Origin</dt>
        <dd>{template.origin === "starter" ? "Starter (shipped with Switchyard)" : "Custom"}</dd>
        <dt className="text-fg-muted">Latest version</dt>
        <dd>{latest ? `Version ${latest.version}` : "None"}</dd>
        <dt className="text-fg-muted">Tasks started</dt>
        <dd>{template.launchCount}</dd>
        {template.archivedAt ? (
          <>
            <dt className="text-fg-muted">Archived</dt>
            <dd>
              <RelativeTime date={template.archivedAt} now={now} />
            </dd>
          </>
        ) : null}
      </dl>
      <div className="mb-8 flex flex-wrap items-start gap-3">
        {latest && !template.archivedAt ? (
          <Link href={`/schedules/new?template=${template.id}`} className={buttonVariants()}>
            Schedule…
          </Link>
        ) : null}
        {canEdit ? (
          <ArchiveButton id={template.id} archived={Boolean(template.archivedAt)} name={template.name} />
        ) : null}
      </div>

      <div className="grid gap-8 xl:grid-cols-2">
        {latest ? (
          <Section id="preview" title="Preview" titleClassName="mb-3" card className="min-w-0">
            <PreviewPanel
              key={latest.id}
              versionId={latest.id}
              version={latest.version}
              parameters={latest.parameters}
              defaultBaseRef={latest.defaultBaseRef}
            />
          </Section>
        ) : null}

        <Section id="versions" title="Versions" titleClassName="mb-3" className="min-w-0">
          <ol className="space-y-3">
            {template.versions.map((version, index) => {
              const previous = template.versions[index + 1];
              const changes = previous
                ? describeChanges(previous, version)
                : version.changeNote
                  ? []
                  : ["First version"];
              return (
                <li key={version.id} className="rounded-lg border border-line bg-surface p-4">
                  <h3 className="font-semibold">
                    Version {version.version}
                    {index === 0 ? (
                      <span className="ml-2 text-xs font-normal text-fg-muted">(latest)</span>
                    ) : null}
                  </h3>
                  <p className="text-xs text-fg-muted">
                    <RelativeTime date={version.createdAt} now={now} />
                    {version.createdByLogin ? ` by ${version.createdByLogin}` : ""}
                  </p>
                  {version.changeNote ? <p className="mt-2 text-sm">{version.changeNote}</p> : null}
                  {changes.length > 0 ? (
                    <ul className="mt-2 ml-5 list-disc text-sm text-fg-muted">
                      {changes.map((change) => (
                        <li key={change}>{change}</li>
                      ))}
                    </ul>
                  ) : null}
                  <p className="mt-2 text-xs text-fg-muted">
                    Model: {version.defaultModel ?? "automatic"} · Pull request:{" "}
                    {version.defaultCreatePullRequest ? "yes" : "no"} · Base:{" "}
                    {version.defaultBaseRef ?? "default branch"} · Parameters:{" "}
                    {version.parameters.length === 0
                      ? "none"
                      : version.parameters.map((parameter) => parameter.name).join(", ")}
                  </p>
                  {previous && previous.body !== version.body ? (
                    <details className="mt-2" open={index === 0}>
                      <summary className="cursor-pointer text-sm font-medium text-accent">
                        What changed in the prompt
                      </summary>
                      <PromptDiff
                        before={previous.body}
                        after={version.body}
                        from={previous.version}
                        to={version.version}
                      />
                    </details>
                  ) : null}
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm font-medium text-accent">
                      Prompt of version {version.version}
                    </summary>
                    <PromptView body={version.body} label={`the prompt of version ${version.version}`} />
                  </details>
                </li>
              );
            })}
          </ol>
        </Section>
      </div>

      {latest ? (
        <Section id="edit" title="Edit" card className="mt-10">
          {canEdit ? (
            <>
              <p className="mb-4 text-sm text-fg-muted">
                Saving creates version {latest.version + 1}. Tasks and campaigns keep the version they used.
              </p>
              {/* Not keyed by version: a remount would drop the save result before it navigates. */}
              <TemplateEditor
                key={template.id}
                initial={{
                  templateId: template.id,
                  version: latest.version,
                  name: template.name,
                  description: template.description,
                  category: template.category,
                  body: latest.body,
                  parameters: latest.parameters,
                  defaultModel: latest.defaultModel,
                  defaultCreatePullRequest: latest.defaultCreatePullRequest,
                  defaultBaseRef: latest.defaultBaseRef,
                }}
              />
            </>
          ) : (
            <p className="text-sm text-fg-muted">
              {template.origin === "starter"
                ? "Starter templates are changed by admins. "
                : "Only the author of this template or an admin can change it. "}
              <Link href="/templates/new" className="text-accent underline">
                Create your own template
              </Link>{" "}
              to start from something else.
            </p>
          )}
        </Section>
      ) : null}
    </>
  );
}
