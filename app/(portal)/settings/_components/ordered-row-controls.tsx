"use client";

import type { ReactNode } from "react";
import { ActionButton, type FormAction } from "./form-bits";

/**
 * The controls of one row in an admin-ordered list (routing rules, repository policies): Move up,
 * Move down, Delete (confirmed in place) and Edit (the row's form, folded). Without `move` (teams)
 * the row is not ordered and only Edit and Delete show.
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
  move?: { action: FormAction<unknown>; first: boolean; last: boolean };
  remove: FormAction<unknown>;
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
          />
        ) : null}
        {move && !move.last ? (
          <ActionButton
            action={move.action}
            fields={{ id, direction: "down" }}
            label="Move down"
            accessibleLabel={`Move ${noun} ${name} down`}
          />
        ) : null}
        <ActionButton
          action={remove}
          fields={{ id }}
          label="Delete"
          accessibleLabel={`Delete ${noun} ${name}`}
          confirm={`Delete ${noun} ${name}?`}
          danger
        />
      </div>
      <details className="rounded-md border border-line p-3">
        <summary className="cursor-pointer text-sm font-medium text-accent">Edit {name}</summary>
        {edit}
      </details>
    </>
  );
}
