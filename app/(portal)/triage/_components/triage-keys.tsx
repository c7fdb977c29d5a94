"use client";

import { usePageShortcuts } from "@/components/keyboard-shortcuts";

const ITEMS = '[data-testid="triage-item"]';

/**
 * j / k move between the inbox's items (focus and scroll), e acknowledges the current one (its
 * Acknowledge form, so the same action, checks and audit as the button; the result is a toast).
 */
export function TriageKeys() {
  const items = () => [...document.querySelectorAll<HTMLElement>(ITEMS)];
  const currentIndex = (list: HTMLElement[]) =>
    list.findIndex((item) => item === document.activeElement || item.contains(document.activeElement));
  const move = (step: number) => {
    const list = items();
    if (list.length === 0) return;
    const index = currentIndex(list);
    const next =
      list[
        index === -1 ? (step > 0 ? 0 : list.length - 1) : Math.min(Math.max(index + step, 0), list.length - 1)
      ];
    next?.focus();
    next?.scrollIntoView({ block: "nearest" });
  };
  usePageShortcuts({
    j: () => move(1),
    k: () => move(-1),
    e: () => {
      const list = items();
      const item = list[currentIndex(list)];
      item?.querySelector<HTMLFormElement>('form[data-op="Acknowledge"]')?.requestSubmit();
    },
  });
  return (
    <p className="sr-only">
      Keyboard: j and k move between items, e acknowledges the current item. Press ? for all shortcuts.
    </p>
  );
}
