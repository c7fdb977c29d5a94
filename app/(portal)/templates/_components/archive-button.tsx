"use client";

import { useActionState } from "react";
import { archiveTemplateAction } from "../actions";

export function ArchiveButton({ id, archived, name }: { id: string; archived: boolean; name: string }) {
  const [result, run, pending] = useActionState(archiveTemplateAction, null);
  return (
    <form action={run} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      {archived ? <input type="hidden" name="restore" value="1" /> : null}
      <button
        type="submit"
        disabled={pending}
        aria-label={`${archived ? "Restore" : "Archive"} template ${name}`}
        className="rounded-md border border-line px-2.5 py-1 text-sm font-medium text-fg hover:border-accent disabled:opacity-60"
      >
        {archived ? "Restore" : "Archive"}
      </button>
      {result && !result.ok ? (
        <span role="alert" className="text-sm text-needs-human">
          {result.message}
        </span>
      ) : null}
    </form>
  );
}
