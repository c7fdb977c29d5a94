"use client";

import type { ReactNode } from "react";
import { ActionButton } from "@/components/ui/action-button";
import type { ResultLike } from "@/components/ui/form";

type RowAction = (previous: unknown, formData: FormData) => Promise<ResultLike>;

/**
 * The controls of one row in an admin-ordered list (routing rules, repository policies): Move up,
 * Move down, Delete (confirmed in place) and Edit (the row's form, folded). Without `move` (teams)
 * the row is not ordered and only Delete and Edit show.
 */
export function OrderedRowControls({
  id,
  noun,
  name,
  move,
  remove,
  edit,
}: {
  id: string;
  /** What a row is, for the buttons' accessible names: "Move rule Payments up". */
  noun: string;
  name: string;
  move?: { action: RowAction; first: boolean; last: boolean };
  remove: RowAction;
  edit: ReactNode;
}) {
  return (
    <>
      <div className="flex flex-wrap items-start gap-2">
        {move && !move.first ? (
          <ActionButton
            action={move.action}
            fields={{ id, direction: "up" }}
            label="Move up"
            accessibleLabel={`Move ${noun} ${name} up`}
            size="sm"
          />
        ) : null}
        {move && !move.last ? (
          <ActionButton
            action={move.action}
            fields={{ id, direction: "down" }}
            label="Move down"
            accessibleLabel={`Move ${noun} ${name} down`}
            size="sm"
          />
        ) : null}
        <ActionButton
          action={remove}
          fields={{ id }}
          label="Delete"
          accessibleLabel={`Delete ${noun} ${name}`}
          confirm={`Delete ${noun} ${name}?`}
          variant="danger"
          size="sm"
        />
      </div>
      <details className="rounded-md border border-line p-3">
        <summary className="cursor-pointer text-sm font-medium text-accent">Edit {name}</summary>
        {edit}
      </details>
    </>
  );
}
