"use client";

import type { ReactNode } from "react";
import { Section } from "@/components/ui/section";

/** Where a row stands in an ordered list: its number from 1, and whether it can move up or down. */
export type ListPosition = { number: number; first: boolean; last: boolean };

/**
 * A Settings section that keeps a list an admin builds (routing rules, policies, teams): what it is
 * for, the list (or what happens while it is empty), and the form for a new one. An `ordered` list
 * (first match wins, or all apply in order) is an `<ol>` whose rows know their position.
 */
export function AdminListSection<T extends { id: string }>({
  id,
  title,
  intro,
  items,
  empty,
  ordered,
  listLabel,
  listClassName = "space-y-3",
  renderItem,
  newId,
  newTitle,
  newForm,
}: {
  id: string;
  title: string;
  intro: ReactNode;
  items: readonly T[];
  /** Said instead of the list while it is empty: what happens without any. */
  empty: ReactNode;
  ordered?: boolean;
  listLabel?: string;
  listClassName?: string;
  renderItem: (item: T, position: ListPosition) => ReactNode;
  newId: string;
  newTitle: string;
  newForm: ReactNode;
}) {
  const List = ordered ? "ol" : "ul";
  return (
    <Section id={id} title={title} className="space-y-3">
      {intro}
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-line bg-surface p-4 text-sm text-fg-muted">
          {empty}
        </p>
      ) : (
        <List className={listClassName} aria-label={listLabel}>
          {items.map((item, index) => (
            <li key={item.id}>
              {renderItem(item, { number: index + 1, first: index === 0, last: index === items.length - 1 })}
            </li>
          ))}
        </List>
      )}
      <Section id={newId} title={newTitle} level={3} size="base" card>
        {newForm}
      </Section>
    </Section>
  );
}
