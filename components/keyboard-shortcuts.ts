"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/*
 * Keyboard shortcuts: single keys and "g then x" sequences, as in GitHub and Gmail. They never fire
 * while someone types (inputs, selects, text areas, editable text), with Ctrl/Alt/Meta held, or
 * while a modal dialog is open; only Ctrl-K / ⌘K works everywhere, as people expect of search.
 */

export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ["Ctrl K"], does: "Search and jump (⌘K on a Mac)" },
  { keys: ["g", "d"], does: "Go to the dashboard" },
  { keys: ["g", "t"], does: "Go to tasks" },
  { keys: ["g", "r"], does: "Go to triage" },
  { keys: ["/"], does: "Search this page's list (elsewhere: search and jump)" },
  { keys: ["j"], does: "Triage: next item" },
  { keys: ["k"], does: "Triage: previous item" },
  { keys: ["e"], does: "Triage: acknowledge the current item" },
  { keys: ["?"], does: "Show these shortcuts" },
];

const GO_TO: Record<string, string> = { d: "/", t: "/tasks", r: "/triage" };
/** How long after "g" the second key counts. */
const SEQUENCE_MS = 1_500;

/** True when a key pressed here is text being typed, not a command. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes(
      target.type,
    );
  return false;
}

const modalOpen = () => document.querySelector('[role="dialog"][aria-modal="true"]') !== null;

/** A plain key press a shortcut may take: not typed into a field, no modifier, no dialog open. */
export function isShortcutKey(event: KeyboardEvent): boolean {
  return (
    !event.defaultPrevented &&
    !event.ctrlKey &&
    !event.metaKey &&
    !event.altKey &&
    !event.isComposing &&
    !isTyping(event.target) &&
    !modalOpen()
  );
}

/** The app-wide keys: Ctrl-K, ?, / and the "g" sequences (mounted once, in the header). */
export function useGlobalShortcuts({
  openPalette,
  openHelp,
  paused,
}: {
  openPalette: () => void;
  openHelp: () => void;
  paused: boolean;
}) {
  const router = useRouter();
  const pendingG = useRef(0);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        if (!paused) openPalette();
        return;
      }
      if (paused || !isShortcutKey(event)) return;
      const sequence = pendingG.current > Date.now();
      pendingG.current = 0;
      if (sequence && GO_TO[event.key]) {
        event.preventDefault();
        router.push(GO_TO[event.key]!);
      } else if (event.key === "g") {
        pendingG.current = Date.now() + SEQUENCE_MS;
      } else if (event.key === "?") {
        event.preventDefault();
        openHelp();
      } else if (event.key === "/") {
        event.preventDefault();
        const search = document.querySelector<HTMLInputElement>("[data-page-search]");
        if (search) {
          search.focus();
          search.select();
        } else openPalette();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [openPalette, openHelp, paused, router]);
}

/** A page's own single-key shortcuts (triage's j, k, e), under the same rules. */
export function usePageShortcuts(keys: Record<string, () => void>) {
  const current = useRef(keys);
  useEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const run = current.current[event.key];
      if (!run || !isShortcutKey(event)) return;
      event.preventDefault();
      run();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
