"use client";

import { useActionState, useState } from "react";
import type { RepositoryPolicyDto } from "@/lib/dal/repository-policies";
import { TASK_MODELS } from "@/lib/github/models";
import { patternMatcher } from "@/lib/policies/policy";
import { SubmitButton } from "@/components/ui/button";
import { CheckboxList, Field, Fieldset } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Checkbox, Input, Textarea } from "@/components/ui/input";
import { AdminListSection, type ListPosition } from "../../_components/admin-list-section";
import { OrderedRowControls } from "../../_components/ordered-row-controls";
import { useTicked } from "../../_components/use-ticked";
import {
  deleteRepositoryPolicyAction,
  moveRepositoryPolicyAction,
  saveRepositoryPolicyAction,
} from "../actions";

const PREVIEW_LIMIT = 8;
const BRANCH_ONLY_EXPLAINED = "the agent creates a branch and a person opens the pull request";

/** The known repositories a pattern matches; null while the pattern is not owner/name yet. */
function matching(pattern: string, repositories: readonly string[]): string[] | null {
  const trimmed = pattern.trim();
  if (!/^[^/\s]+\/[^/\s]+$/.test(trimmed)) return null;
  try {
    return repositories.filter(patternMatcher(trimmed));
  } catch {
    return null;
  }
}

function MatchPreview({ matches, id }: { matches: string[] | null; id?: string }) {
  if (matches === null)
    return (
      <p id={id} className="text-sm text-fg-muted">
        Type owner/name to see which known repositories match.
      </p>
    );
  if (matches.length === 0)
    return (
      <p id={id} className="text-sm text-fg-muted">
        Matches no repository Switchyard knows yet (it still applies to any that match later).
      </p>
    );
  const shown = matches.slice(0, PREVIEW_LIMIT);
  return (
    <p id={id} className="text-sm">
      <span className="font-medium">
        Matches {matches.length} known {matches.length === 1 ? "repository" : "repositories"}:
      </span>{" "}
      {shown.join(", ")}
      {matches.length > shown.length ? `, and ${matches.length - shown.length} more` : ""}
    </p>
  );
}

export function PoliciesSection({
  policies,
  repositories,
}: {
  policies: RepositoryPolicyDto[];
  /** Every known repository's owner/name, for the match preview. */
  repositories: string[];
}) {
  return (
    <AdminListSection
      id="policies"
      title="Repository policies"
      intro={
        <div className="max-w-3xl space-y-2 text-sm text-fg-muted">
          <p>
            What the agent may do in repositories matching a pattern: open pull requests or only push a branch
            (for payment, auth or regulated code: {BRANCH_ONLY_EXPLAINED}), which models it may use, and how
            large a campaign may be before an admin has to approve it. Every start is checked, whatever its
            form said.
          </p>
          <p className="font-medium text-fg" data-testid="policy-combination-rule">
            Every policy whose pattern matches a repository applies and the strictest value wins: branch-only
            beats pull requests, only models allowed by all of them can be used, and the smallest campaign
            size counts.
          </p>
        </div>
      }
      items={policies}
      empty="No policies yet: the agent may open pull requests with any model in every repository."
      ordered
      listLabel="Repository policies, all matching ones apply"
      renderItem={(policy, position) => (
        <PolicyCard policy={policy} position={position} repositories={repositories} />
      )}
      newId="new-policy"
      newTitle="New policy"
      newForm={<PolicyForm repositories={repositories} />}
    />
  );
}

function PolicyCard({
  policy,
  position: { number, first, last },
  repositories,
}: {
  policy: RepositoryPolicyDto;
  position: ListPosition;
  repositories: string[];
}) {
  const headingId = `policy-${policy.id}-heading`;
  return (
    <article aria-labelledby={headingId} className="space-y-2 rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <span className="text-sm text-fg-muted">Policy {number}</span>
        <h3 id={headingId} className="font-mono font-semibold">
          {policy.pattern}
        </h3>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-fg-muted">Pull requests</dt>
        <dd>
          {policy.pullRequests === "branch_only" ? (
            <>
              <span className="font-medium">Branch-only</span>: {BRANCH_ONLY_EXPLAINED}
            </>
          ) : (
            "Allowed"
          )}
        </dd>
        <dt className="text-fg-muted">Models</dt>
        <dd>
          {policy.allowedModels.length
            ? policy.allowedModels.join(", ")
            : "Any, automatic selection included"}
        </dd>
        <dt className="text-fg-muted">Campaigns without approval</dt>
        <dd>
          {policy.maxCampaignSize === null
            ? "Any size"
            : `Up to ${policy.maxCampaignSize.toLocaleString("en")} ${policy.maxCampaignSize === 1 ? "repository" : "repositories"}`}
        </dd>
        {policy.note ? (
          <>
            <dt className="text-fg-muted">Note</dt>
            <dd className="whitespace-pre-line">{policy.note}</dd>
          </>
        ) : null}
      </dl>
      <MatchPreview matches={policy.matches} />
      <OrderedRowControls
        id={policy.id}
        noun="policy"
        name={policy.pattern}
        move={{ action: moveRepositoryPolicyAction, first, last }}
        remove={deleteRepositoryPolicyAction}
        edit={<PolicyForm policy={policy} repositories={repositories} />}
      />
    </article>
  );
}

function PolicyForm({ policy, repositories }: { policy?: RepositoryPolicyDto; repositories: string[] }) {
  const [result, save, pending] = useActionState(saveRepositoryPolicyAction, null);
  const form = formFeedback(result, policy ? `policy-${policy.id}` : "new-policy");
  const storedPattern = form.value("pattern", policy?.pattern);
  // What is being typed, for the preview; null = the field shows its default value.
  const [typed, setTyped] = useState<string | null>(null);
  const models = useTicked(policy?.allowedModels ?? [], result);
  const pullRequests = form.value("pullRequests", policy?.pullRequests ?? "allowed");
  return (
    <form
      action={save}
      className="mt-3 space-y-4"
      noValidate
      // React resets the fields after a successful save; the preview follows.
      onReset={() => setTyped(null)}
    >
      {policy ? <input type="hidden" name="id" value={policy.id} /> : null}
      <div className="space-y-1">
        <Field
          label="Repository pattern"
          required
          hint="owner/name, any case; * matches any characters but /, ? one, ** anything. E.g. acme/payments-*"
          {...form.field("pattern")}
        >
          {(control) => (
            <Input
              {...control}
              defaultValue={storedPattern}
              onChange={(event) => setTyped(event.target.value)}
              className="font-mono"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <div aria-live="polite">
          <MatchPreview matches={matching(typed ?? storedPattern, repositories)} />
        </div>
      </div>
      <Fieldset id={form.id("pullRequests")} legend="Pull requests" error={form.errorOf("pullRequests")}>
        {(
          [
            ["allowed", "Allowed: the agent may open a pull request"],
            ["branch_only", `Branch-only: ${BRANCH_ONLY_EXPLAINED}`],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <Checkbox
              type="radio"
              name="pullRequests"
              value={value}
              defaultChecked={
                value === "branch_only" ? pullRequests === "branch_only" : pullRequests !== "branch_only"
              }
            />
            {label}
          </label>
        ))}
      </Fieldset>
      <Fieldset
        id={form.id("allowedModels")}
        legend="Allowed models"
        hint="None ticked: any model, automatic selection included. Ticking any refuses automatic selection, since GitHub could pick another model."
        error={form.errorOf("allowedModels")}
      >
        <CheckboxList
          name="allowedModels"
          options={TASK_MODELS.map((model) => ({ value: model, label: model }))}
          isTicked={models.isTicked}
          onToggle={models.toggle}
          resettable
          className="grid gap-1 sm:grid-cols-2"
        />
      </Fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Largest campaign without an admin's approval"
          optional
          hint="Repositories matching this pattern per campaign. Blank: no limit."
          {...form.field("maxCampaignSize")}
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              defaultValue={form.value("maxCampaignSize", policy?.maxCampaignSize)}
            />
          )}
        </Field>
        <Field
          label="Note"
          optional
          hint="Why, e.g. “PCI scope: changes need a second reviewer”."
          {...form.field("note")}
        >
          {(control) => <Textarea {...control} rows={2} defaultValue={form.value("note", policy?.note)} />}
        </Field>
      </div>
      <SubmitButton pending={pending}>{policy ? "Save policy" : "Add policy"}</SubmitButton>
      <FormMessage
        result={result}
        success={
          result?.ok
            ? policy
              ? `Saved policy ${result.data.pattern}.`
              : `Added policy ${result.data.pattern}.`
            : null
        }
      />
    </form>
  );
}
