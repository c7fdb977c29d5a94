"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { SavedViewDto } from "@/lib/dal/saved-views";
import { deleteViewAction, saveViewAction } from "../actions";

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
  const nameError = state && !state.ok ? state.fieldErrors?.name?.[0] : undefined;
  return (
    <section aria-labelledby="saved-views-heading" className="rounded-lg border border-line bg-surface p-4">
      <h2 id="saved-views-heading" className="font-semibold">
        Saved views
      </h2>
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
                    <button
                      type="submit"
                      className="text-needs-human underline"
                      aria-label={`Delete view ${view.name}`}
                    >
                      Delete
                    </button>
                  </form>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form action={save} className="mt-3 flex flex-wrap items-end gap-2" noValidate>
        <input type="hidden" name="query" value={query} />
        <label className="block grow text-sm font-medium">
          Save these filters as
          <input
            name="name"
            required
            maxLength={80}
            defaultValue={state && !state.ok ? (state.values?.name ?? "") : ""}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "view-name-error" : undefined}
            className="mt-1 block w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm"
          />
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md border border-accent px-3 py-1.5 text-sm font-semibold text-accent"
        >
          {pending ? "Saving…" : "Save view"}
        </button>
        {nameError ? (
          <p id="view-name-error" className="w-full text-sm text-needs-human">
            {state && !state.ok ? state.message : null}
          </p>
        ) : state?.ok ? (
          <p className="w-full text-sm text-finished" role="status">
            Saved.
          </p>
        ) : null}
      </form>
    </section>
  );
}
