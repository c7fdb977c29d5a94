"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage, formFeedback } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { SavedViewDto } from "@/lib/dal/saved-views";
import { deleteViewAction, saveViewAction } from "../actions";
import { Section } from "@/components/ui/section";

export function SavedViews({
  views,
  query,
  activeQuery,
}: {
  views: SavedViewDto[];
  query: string;
  activeQuery: string;
}) {
  const [state, save, pending] = useActionState(saveViewAction, null);
  const f = formFeedback(state, "view");
  return (
    <Section id="saved-views" title="Saved views" size="base" card>
      {views.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">
          No saved views yet. Filter the queue, then save it for everyone.
        </p>
      ) : (
        <ul className="mt-2 space-y-1">
          {views.map((view) => (
            <li key={view.id} className="flex items-center justify-between gap-2 text-sm">
              <Link
                href={`/tasks${view.query ? `?${view.query}` : ""}`}
                aria-current={view.query === activeQuery ? "page" : undefined}
                className="text-accent underline-offset-2 hover:underline aria-[current=page]:font-semibold"
              >
                {view.name}
              </Link>
              <span className="flex items-center gap-2 text-xs text-fg-muted">
                {view.createdBy ? `by ${view.createdBy}` : null}
                {view.canDelete ? (
                  <form action={deleteViewAction}>
                    <input type="hidden" name="id" value={view.id} />
                    <Button
                      type="submit"
                      variant="link"
                      size="sm"
                      className="text-needs-human"
                      aria-label={`Delete view ${view.name}`}
                    >
                      Delete
                    </Button>
                  </form>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form action={save} className="mt-3 space-y-2" noValidate>
        <input type="hidden" name="query" value={query} />
        <div className="flex flex-wrap items-end gap-2">
          <Field label="Save these filters as" required className="grow" {...f.field("name")}>
            {(control) => <Input {...control} maxLength={80} defaultValue={f.value("name")} />}
          </Field>
          <SubmitButton pending={pending} variant="secondary">
            Save view
          </SubmitButton>
        </div>
        <FormMessage result={state} success="Saved." compact />
      </form>
    </Section>
  );
}
