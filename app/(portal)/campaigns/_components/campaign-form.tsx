"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { ModelField, PullRequestField } from "@/components/task-option-fields";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage, formFeedback, submitKeepingValues } from "@/components/ui/form";
import { Input, Select, Textarea } from "@/components/ui/input";
import { createCampaignAction, updateCampaignAction } from "../actions";
import type { TargetSpec } from "@/lib/campaigns/targets";
import type { TemplateOption } from "@/lib/dal/campaigns";
import { LimitFields, type CampaignLimits } from "@/components/campaign-limit-fields";
import { TargetFields } from "@/components/campaign-target-fields";
import { TemplateFields } from "./template-fields";
import { AssigneeOptions } from "@/components/assignee-options";

export type CampaignFormDefaults = CampaignLimits & {
  id: string;
  name: string;
  description: string | null;
  templateVersionId: string;
  parameters: Record<string, string | boolean>;
  targetSpec: TargetSpec | null;
  owner: string;
  model: string | null;
  customAgent: string | null;
  createPullRequest: boolean;
  baseRef: string | null;
};

/** A new campaign, or a draft's edit: what it sends, where, how, and how fast. */
export function CampaignForm({
  templates,
  teams,
  people,
  viewerId,
  viewerLogin,
  campaign,
  initialTemplateId,
}: {
  templates: TemplateOption[];
  teams: { id: string; name: string }[];
  people: { id: string; login: string }[];
  viewerId: string;
  viewerLogin: string;
  campaign?: CampaignFormDefaults;
  initialTemplateId?: string;
}) {
  const [result, submit, pending] = useActionState(
    campaign ? updateCampaignAction : createCampaignAction,
    null,
  );
  const f = formFeedback(result, campaign ? "edit-campaign" : "campaign");
  const startTemplate =
    templates.find((t) => t.versions.some((v) => v.id === campaign?.templateVersionId)) ??
    templates.find((t) => t.id === initialTemplateId) ??
    templates[0];
  const [templateId, setTemplateId] = useState(startTemplate?.id ?? "");
  const template = templates.find((t) => t.id === templateId);
  const [versionId, setVersionId] = useState(
    campaign?.templateVersionId && template?.versions.some((v) => v.id === campaign.templateVersionId)
      ? campaign.templateVersionId
      : (template?.versions[0]?.id ?? ""),
  );
  const version = template?.versions.find((v) => v.id === versionId) ?? template?.versions[0];
  // The draft's own settings apply while it keeps its version; another version brings its defaults.
  const draft = campaign && campaign.templateVersionId === version?.id ? campaign : undefined;

  if (templates.length === 0)
    return (
      <p className="rounded-md border border-line bg-surface p-4 text-sm">
        There is no template yet: a campaign sends one template to many repositories.{" "}
        <Link href="/templates/new" className="font-medium text-accent underline">
          Create a template
        </Link>{" "}
        first.
      </p>
    );

  return (
    <form onSubmit={submitKeepingValues(submit)} className="space-y-6" noValidate>
      {campaign ? <input type="hidden" name="campaignId" value={campaign.id} /> : null}
      <section className="space-y-4 rounded-lg border border-line bg-surface p-4">
        <h2 className="text-lg font-semibold">What</h2>
        <Field label="Name" required {...f.field("name")}>
          {(control) => <Input {...control} defaultValue={f.value("name", campaign?.name)} />}
        </Field>
        <Field label="Description" optional {...f.field("description")}>
          {(control) => (
            <Textarea {...control} rows={2} defaultValue={f.value("description", campaign?.description)} />
          )}
        </Field>
        <TemplateFields
          f={f}
          templates={templates}
          templateId={templateId}
          version={version}
          onTemplateChange={(id) => {
            setTemplateId(id);
            setVersionId(templates.find((t) => t.id === id)?.versions[0]?.id ?? "");
          }}
          onVersionChange={setVersionId}
          storedParameters={draft?.parameters}
        />
      </section>

      <TargetFields f={f} spec={campaign?.targetSpec} />

      <section className="space-y-4 rounded-lg border border-line bg-surface p-4">
        <h2 className="text-lg font-semibold">How</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Owner" {...f.field("owner")}>
            {(control) => (
              <Select {...control} defaultValue={f.value("owner", campaign?.owner ?? "me")}>
                <option value="me">Me ({viewerLogin})</option>
                <AssigneeOptions people={people.filter((person) => person.id !== viewerId)} teams={teams} />
              </Select>
            )}
          </Field>
          <ModelField
            key={`model-${version?.id}`}
            id={f.id("model")}
            defaultValue={f.value("model", draft ? draft.model : version?.defaultModel)}
            error={f.errorOf("model")}
          />
          <Field
            key={`base-${version?.id}`}
            label="Base branch"
            optional
            hint="Blank: each repository's default branch."
            {...f.field("baseRef")}
          >
            {(control) => (
              <Input
                {...control}
                defaultValue={f.value("baseRef", draft ? draft.baseRef : version?.defaultBaseRef)}
              />
            )}
          </Field>
          <Field label="Custom agent" optional {...f.field("customAgent")}>
            {(control) => <Input {...control} defaultValue={f.value("customAgent", campaign?.customAgent)} />}
          </Field>
        </div>
        <PullRequestField
          key={`pr-${version?.id}`}
          id={f.id("createPullRequest")}
          name="createPullRequest"
          label="Open a pull request (branch-only repositories get a branch whatever this says)"
          defaultChecked={f.checked(
            "createPullRequest",
            draft ? draft.createPullRequest : (version?.defaultCreatePullRequest ?? true),
          )}
        />
      </section>

      <LimitFields f={f} limits={campaign} />

      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={pending}>{campaign ? "Save draft" : "Create draft"}</SubmitButton>
        <span className="text-sm text-fg-muted">Nothing starts until you run the dry run and launch.</span>
      </div>
      <FormMessage result={result} success="Saved. Run the dry run again to check the repositories." />
    </form>
  );
}
