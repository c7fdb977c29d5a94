"use client";

import { ActionButton } from "@/components/ui/action-button";
import { archiveTemplateAction } from "@/lib/templates/actions";

export function ArchiveButton({ id, archived, name }: { id: string; archived: boolean; name: string }) {
  return (
    <ActionButton
      action={archiveTemplateAction}
      fields={archived ? { id, restore: "1" } : { id }}
      label={archived ? "Restore" : "Archive"}
      accessibleLabel={`${archived ? "Restore" : "Archive"} template ${name}`}
      size="sm"
    />
  );
}
