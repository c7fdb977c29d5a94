import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { StartTaskForm, type LaunchTemplate } from "./_components/start-task-form";
import { requireUser } from "@/lib/auth/session";
import { getLaunchInputs } from "@/lib/dal/tasks";
import { getTemplateVersion, listTemplates } from "@/lib/dal/templates";
import { TemplateChooser } from "./_components/template-chooser";

export const metadata: Metadata = { title: "Launch" };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A prompt handed over in the URL (the guided start's examples); longer ones are ignored. */
const MAX_LINKED_PROMPT = 2_000;

export default async function LaunchPage({
  searchParams,
}: {
  searchParams: Promise<{ from?: string; template?: string; version?: string; prompt?: string }>;
}) {
  const user = await requireUser();
  const { from, template: templateId, version: versionId, prompt } = await searchParams;
  const linkedPrompt =
    typeof prompt === "string" && prompt.length <= MAX_LINKED_PROMPT ? { prompt } : undefined;
  // Edit and retry: start from an earlier task's inputs (one the person can see).
  const previous = from && ID.test(from) ? await getLaunchInputs({ taskId: from, viewer: user }) : null;
  const templates = previous ? [] : await listTemplates(user);
  const chosen = templateId && ID.test(templateId) ? templates.find((t) => t.id === templateId) : undefined;
  const wantedVersion = versionId && ID.test(versionId) ? versionId : chosen?.latest?.id;
  const version = !previous && wantedVersion ? await getTemplateVersion(wantedVersion) : null;
  const template: LaunchTemplate | null =
    version && !version.template.archivedAt
      ? {
          versionId: version.id,
          templateId: version.templateId,
          name: version.template.name,
          version: version.version,
          description: chosen?.description ?? "",
          parameters: version.parameters,
          defaultModel: version.defaultModel,
          defaultCreatePullRequest: version.defaultCreatePullRequest,
          defaultBaseRef: version.defaultBaseRef,
        }
      : null;
  return (
    <>
      <PageHeader
        title={previous ? "Edit and retry" : "Launch"}
        description={
          previous ? (
            `A new attempt at “${previous.name}”, prefilled with its inputs. It runs under your own GitHub identity and is linked to the original.`
          ) : (
            <>
              Start a Copilot cloud agent task under your own GitHub identity, from a template or your own
              prompt. Need a new repository first?{" "}
              <Link href="/launch/new-repository" className="text-accent underline">
                Create and set one up
              </Link>
              .
            </>
          )
        }
      />
      {previous ? null : <TemplateChooser templates={templates} selectedId={template?.templateId ?? null} />}
      {template ? (
        <p className="mb-4 text-sm text-fg-muted" data-testid="template-in-use">
          Template <strong className="text-fg">{template.name}</strong> v{template.version}
          {version && version.latestVersion > version.version ? ` (v${version.latestVersion} is newer)` : ""}.
          The server renders the prompt for the repository you choose; the preview shows exactly what it will
          receive.
        </p>
      ) : null}
      <StartTaskForm
        key={
          previous?.taskId ?? template?.versionId ?? (linkedPrompt ? `prompt:${linkedPrompt.prompt}` : "new")
        }
        initial={previous?.values ?? (template ? undefined : linkedPrompt)}
        previousTaskId={previous?.taskId}
        template={template}
      />
    </>
  );
}
