"use client";

import { useActionState, useState } from "react";
import {
  FieldError,
  formFeedback,
  Hint,
  inputClass,
  primaryButtonClass,
} from "@/app/(portal)/settings/_components/form-bits";
import { createCampaignAction, updateCampaignAction } from "../actions";
import type { TargetSpec } from "@/lib/campaigns/targets";
import type { TemplateOption } from "@/lib/dal/campaigns";
import { TASK_MODELS } from "@/lib/github/schemas";
import type { TemplateParameter } from "@/lib/templates/parameters";

export type CampaignFormDefaults = {
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
  maxInFlight: number;
  startsPerMinute: number;
  canarySize: number | null;
  canarySuccessThreshold: number | null;
  failurePauseThreshold: number | null;
  failurePauseMinFinished: number;
};

const TARGET_KINDS = [
  { value: "list", label: "A list of repositories" },
  { value: "org", label: "Every repository in an organisation" },
  { value: "topic", label: "An organisation's repositories with a topic" },
  { value: "pattern", label: "An organisation's repositories matching a name pattern" },
] as const;

const percent = (share: number | null) => (share === null ? "" : String(Math.round(share * 100)));

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
  const spec = campaign?.targetSpec;
  const [kind, setKind] = useState<string>(f.value("targetKind", spec?.kind ?? "pattern"));
  const sameVersion = campaign?.templateVersionId === version?.id;

  if (templates.length === 0)
    return (
      <p className="rounded-md border border-line bg-surface p-4 text-sm">
        There is no template yet. Create one under Launch first.
      </p>
    );

  return (
    <form action={submit} className="space-y-6" noValidate>
      {campaign ? <input type="hidden" name="campaignId" value={campaign.id} /> : null}
      <section className="space-y-4 rounded-lg border border-line bg-surface p-4">
        <h2 className="text-lg font-semibold">What</h2>
        <div>
          <label htmlFor={f.describe("name").id} className="text-sm font-medium">
            Name
          </label>
          <input
            name="name"
            required
            defaultValue={f.value("name", campaign?.name)}
            className={inputClass}
            {...f.describe("name")}
          />
          <FieldError id={`${f.describe("name").id}-error`} message={f.errorOf("name")} />
        </div>
        <div>
          <label htmlFor={f.describe("description").id} className="text-sm font-medium">
            Description <span className="font-normal text-fg-muted">(optional)</span>
          </label>
          <textarea
            name="description"
            rows={2}
            defaultValue={f.value("description", campaign?.description)}
            className={inputClass}
            {...f.describe("description")}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="campaign-template" className="text-sm font-medium">
              Template
            </label>
            <select
              id="campaign-template"
              value={templateId}
              onChange={(event) => {
                setTemplateId(event.target.value);
                const next = templates.find((t) => t.id === event.target.value);
                setVersionId(next?.versions[0]?.id ?? "");
              }}
              className={inputClass}
            >
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            {template?.description ? <Hint id="campaign-template-hint">{template.description}</Hint> : null}
          </div>
          <div>
            <label htmlFor={f.describe("templateVersionId").id} className="text-sm font-medium">
              Version
            </label>
            <select
              name="templateVersionId"
              value={version?.id ?? ""}
              onChange={(event) => setVersionId(event.target.value)}
              className={inputClass}
              {...f.describe("templateVersionId")}
            >
              {template?.versions.map((v, index) => (
                <option key={v.id} value={v.id}>
                  v{v.version}
                  {index === 0 ? " (latest)" : ""}
                  {v.changeNote ? ` – ${v.changeNote}` : ""}
                </option>
              ))}
            </select>
            <FieldError
              id={`${f.describe("templateVersionId").id}-error`}
              message={f.errorOf("templateVersionId")}
            />
          </div>
        </div>
        {version && version.parameters.length > 0 ? (
          <fieldset key={version.id} className="space-y-3">
            <legend className="text-sm font-semibold">Parameters</legend>
            {version.parameters.map((parameter) => (
              <ParameterField
                key={parameter.name}
                parameter={parameter}
                stored={sameVersion ? campaign?.parameters[parameter.name] : undefined}
                feedback={f}
              />
            ))}
          </fieldset>
        ) : null}
      </section>

      <fieldset className="space-y-4 rounded-lg border border-line bg-surface p-4">
        <legend className="px-1 text-lg font-semibold">Target repositories</legend>
        <div className="space-y-1" role="radiogroup" aria-label="How to pick repositories">
          {TARGET_KINDS.map((option) => (
            <label key={option.value} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="targetKind"
                value={option.value}
                checked={kind === option.value}
                onChange={() => setKind(option.value)}
                className="size-4"
              />
              {option.label}
            </label>
          ))}
        </div>
        <div hidden={kind !== "list"}>
          <label htmlFor={f.describe("repositories", true).id} className="text-sm font-medium">
            Repositories
          </label>
          <textarea
            name="repositories"
            rows={5}
            defaultValue={f.value("repositories", spec?.kind === "list" ? spec.repositories.join("\n") : "")}
            className={`${inputClass} font-mono`}
            {...f.describe("repositories", true)}
          />
          <Hint id={`${f.describe("repositories").id}-hint`}>
            One owner/name per line (or separated by commas).
          </Hint>
          <FieldError id={`${f.describe("repositories").id}-error`} message={f.errorOf("repositories")} />
        </div>
        <div hidden={kind === "list"} className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={f.describe("org").id} className="text-sm font-medium">
              Organisation
            </label>
            <input
              name="org"
              defaultValue={f.value("org", spec && spec.kind !== "list" ? spec.org : "")}
              className={inputClass}
              {...f.describe("org")}
            />
            <FieldError id={`${f.describe("org").id}-error`} message={f.errorOf("org")} />
          </div>
          <div hidden={kind !== "topic"}>
            <label htmlFor={f.describe("topic").id} className="text-sm font-medium">
              Topic
            </label>
            <input
              name="topic"
              defaultValue={f.value("topic", spec?.kind === "topic" ? spec.topic : "")}
              className={inputClass}
              {...f.describe("topic")}
            />
            <FieldError id={`${f.describe("topic").id}-error`} message={f.errorOf("topic")} />
          </div>
          <div hidden={kind !== "pattern"}>
            <label htmlFor={f.describe("pattern", true).id} className="text-sm font-medium">
              Name pattern
            </label>
            <input
              name="pattern"
              defaultValue={f.value("pattern", spec?.kind === "pattern" ? spec.pattern : "")}
              className={`${inputClass} font-mono`}
              {...f.describe("pattern", true)}
            />
            <Hint id={`${f.describe("pattern").id}-hint`}>
              The repository name, any case: <code>*</code> matches any characters, <code>?</code> one, e.g.{" "}
              <code>payments-*</code>.
            </Hint>
            <FieldError id={`${f.describe("pattern").id}-error`} message={f.errorOf("pattern")} />
          </div>
        </div>
        <p className="text-xs text-fg-muted">
          Archived repositories are skipped. The dry run checks each repository with your GitHub access before
          anything starts.
        </p>
      </fieldset>

      <section className="space-y-4 rounded-lg border border-line bg-surface p-4">
        <h2 className="text-lg font-semibold">How</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={f.describe("owner").id} className="text-sm font-medium">
              Owner
            </label>
            <select
              name="owner"
              defaultValue={f.value("owner", campaign?.owner ?? "me")}
              className={inputClass}
              {...f.describe("owner")}
            >
              <option value="me">Me ({viewerLogin})</option>
              {people
                .filter((person) => person.id !== viewerId)
                .map((person) => (
                  <option key={person.id} value={`user:${person.id}`}>
                    {person.login}
                  </option>
                ))}
              {teams.map((team) => (
                <option key={team.id} value={`team:${team.id}`}>
                  Team {team.name}
                </option>
              ))}
            </select>
            <FieldError id={`${f.describe("owner").id}-error`} message={f.errorOf("owner")} />
          </div>
          <div>
            <label htmlFor={f.describe("model").id} className="text-sm font-medium">
              Model
            </label>
            <select
              key={`model-${version?.id}`}
              name="model"
              defaultValue={f.value(
                "model",
                campaign && sameVersion ? campaign.model : version?.defaultModel,
              )}
              className={inputClass}
              {...f.describe("model")}
            >
              <option value="">Automatic</option>
              {TASK_MODELS.map((model) => (
                <option key={model} value={model}>
                  {model}
                </option>
              ))}
            </select>
            <FieldError id={`${f.describe("model").id}-error`} message={f.errorOf("model")} />
          </div>
          <div>
            <label htmlFor={f.describe("baseRef", true).id} className="text-sm font-medium">
              Base branch <span className="font-normal text-fg-muted">(optional)</span>
            </label>
            <input
              key={`base-${version?.id}`}
              name="baseRef"
              defaultValue={f.value(
                "baseRef",
                campaign && sameVersion ? campaign.baseRef : version?.defaultBaseRef,
              )}
              className={inputClass}
              {...f.describe("baseRef", true)}
            />
            <Hint id={`${f.describe("baseRef").id}-hint`}>Blank: each repository&apos;s default branch.</Hint>
            <FieldError id={`${f.describe("baseRef").id}-error`} message={f.errorOf("baseRef")} />
          </div>
          <div>
            <label htmlFor={f.describe("customAgent").id} className="text-sm font-medium">
              Custom agent <span className="font-normal text-fg-muted">(optional)</span>
            </label>
            <input
              name="customAgent"
              defaultValue={f.value("customAgent", campaign?.customAgent)}
              className={inputClass}
              {...f.describe("customAgent")}
            />
            <FieldError id={`${f.describe("customAgent").id}-error`} message={f.errorOf("customAgent")} />
          </div>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            key={`pr-${version?.id}`}
            type="checkbox"
            name="createPullRequest"
            defaultChecked={f.checked(
              "createPullRequest",
              campaign && sameVersion
                ? campaign.createPullRequest
                : (version?.defaultCreatePullRequest ?? true),
            )}
            className="size-4"
          />
          Open a pull request (branch-only repositories get a branch whatever this says)
        </label>
      </section>

      <fieldset className="space-y-4 rounded-lg border border-line bg-surface p-4">
        <legend className="px-1 text-lg font-semibold">Limits</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <NumberField
            f={f}
            name="maxInFlight"
            label="Max tasks in flight"
            stored={campaign?.maxInFlight ?? 10}
            min={1}
            max={200}
          />
          <NumberField
            f={f}
            name="startsPerMinute"
            label="Starts per minute"
            stored={campaign?.startsPerMinute ?? 60}
            min={1}
            max={80}
            hint="At most 80: GitHub's content-creation limit."
          />
          <NumberField
            f={f}
            name="canarySize"
            label="Canary size"
            stored={campaign?.canarySize ?? ""}
            min={0}
            max={100}
            hint="Start this many first, then wait. Blank or 0: no canary wave."
          />
          <NumberField
            f={f}
            name="canarySuccessThreshold"
            label="Canary success to continue (%)"
            stored={percent(campaign?.canarySuccessThreshold ?? null)}
            min={1}
            max={100}
            hint="Blank: wait for someone to approve the canary."
          />
          <NumberField
            f={f}
            name="failurePauseThreshold"
            label="Pause at failure rate (%)"
            stored={campaign ? percent(campaign.failurePauseThreshold) : "50"}
            min={1}
            max={100}
            hint="Of finished tasks. Blank: never pause by itself."
          />
          <NumberField
            f={f}
            name="failurePauseMinFinished"
            label="…once this many finished"
            stored={campaign?.failurePauseMinFinished ?? 5}
            min={1}
            max={1000}
          />
        </div>
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Saving…" : campaign ? "Save draft" : "Create draft"}
        </button>
        <span className="text-sm text-fg-muted">Nothing starts until you run the dry run and launch.</span>
      </div>
      {result && !result.ok ? (
        <p
          role="alert"
          className="rounded-md border border-needs-human bg-needs-human-soft p-2 text-sm text-fg"
        >
          {result.message}
        </p>
      ) : result?.ok ? (
        <p role="status" className="text-sm text-finished">
          Saved. Run the dry run again to check the repositories.
        </p>
      ) : null}
    </form>
  );
}

type Feedback = ReturnType<typeof formFeedback>;

function NumberField({
  f,
  name,
  label,
  stored,
  min,
  max,
  hint,
}: {
  f: Feedback;
  name: string;
  label: string;
  stored: number | string;
  min: number;
  max: number;
  hint?: string;
}) {
  const props = f.describe(name, Boolean(hint));
  return (
    <div>
      <label htmlFor={props.id} className="text-sm font-medium">
        {label}
      </label>
      <input
        type="number"
        name={name}
        min={min}
        max={max}
        inputMode="numeric"
        defaultValue={f.value(name, String(stored))}
        className={inputClass}
        {...props}
      />
      {hint ? <Hint id={`${props.id}-hint`}>{hint}</Hint> : null}
      <FieldError id={`${props.id}-error`} message={f.errorOf(name)} />
    </div>
  );
}

function ParameterField({
  parameter,
  stored,
  feedback: f,
}: {
  parameter: TemplateParameter;
  stored: string | boolean | undefined;
  feedback: Feedback;
}) {
  const name = `param.${parameter.name}`;
  const props = f.describe(name, Boolean(parameter.help));
  const fallback = stored ?? parameter.default ?? "";
  const label = (
    <>
      {parameter.label}
      {parameter.required ? null : <span className="font-normal text-fg-muted"> (optional)</span>}
    </>
  );
  const help = parameter.help ? <Hint id={`${props.id}-hint`}>{parameter.help}</Hint> : null;
  const error = <FieldError id={`${props.id}-error`} message={f.errorOf(name)} />;
  if (parameter.type === "boolean")
    return (
      <div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name={name}
            value="true"
            defaultChecked={f.failed ? f.failed.values?.[name] === "true" : fallback === true}
            className="size-4"
            {...props}
          />
          {label}
        </label>
        {help}
        {error}
      </div>
    );
  return (
    <div>
      <label htmlFor={props.id} className="text-sm font-medium">
        {label}
      </label>
      {parameter.type === "choice" ? (
        <select name={name} defaultValue={f.value(name, String(fallback))} className={inputClass} {...props}>
          {parameter.required ? null : <option value="">—</option>}
          {(parameter.choices ?? []).map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : parameter.type === "text" && parameter.multiline ? (
        <textarea
          name={name}
          rows={4}
          defaultValue={f.value(name, String(fallback))}
          className={inputClass}
          {...props}
        />
      ) : (
        <input
          name={name}
          required={parameter.required}
          placeholder={parameter.type === "repository" ? "owner/name" : undefined}
          defaultValue={f.value(name, String(fallback))}
          className={inputClass}
          {...props}
        />
      )}
      {help}
      {error}
    </div>
  );
}
