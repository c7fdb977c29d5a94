"use client";

import {
  Combobox,
  ComboboxInput,
  ComboboxOption,
  ComboboxOptions,
  Dialog,
  DialogPanel,
  DialogTitle,
} from "@headlessui/react";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useDebounced } from "@/components/ui/hooks";
import { searchQuery, type SearchKind } from "@/lib/queries/search";
import { SHORTCUTS } from "./keyboard-shortcuts";

/*
 * The command palette (⌘K / Ctrl-K, or the header's Search button): jump to a task by id, name or
 * pasted GitHub URL, to a repository's, campaign's, template's or person's page, or start
 * something. Headless UI's Dialog and Combobox give focus trapping and the WAI-ARIA combobox
 * keyboard; the server search (/api/search) applies the viewer's visibility. The header's
 * CommandCenter (components/command-center.tsx) loads this module on first use.
 */

type Item = { key: string; label: string; detail: string | null; href: string; group: string };

const ACTIONS: Item[] = [
  {
    key: "action:launch",
    label: "Launch…",
    detail: "Start a task on a repository",
    href: "/launch",
    group: "Actions",
  },
  {
    key: "action:new-repository",
    label: "New repository…",
    detail: "Create a repository and set it up with a task",
    href: "/launch/new-repository",
    group: "Actions",
  },
  {
    key: "action:new-campaign",
    label: "New campaign…",
    detail: "One template across many repositories",
    href: "/campaigns/new",
    group: "Actions",
  },
  { key: "go:dashboard", label: "Dashboard", detail: "g d", href: "/", group: "Go to" },
  { key: "go:tasks", label: "Tasks", detail: "g t", href: "/tasks", group: "Go to" },
  { key: "go:triage", label: "Triage", detail: "g r", href: "/triage", group: "Go to" },
  { key: "go:templates", label: "Templates", detail: null, href: "/templates", group: "Go to" },
  { key: "go:campaigns", label: "Campaigns", detail: null, href: "/campaigns", group: "Go to" },
  { key: "go:notifications", label: "Notifications", detail: null, href: "/notifications", group: "Go to" },
  { key: "go:settings", label: "Settings", detail: null, href: "/settings", group: "Go to" },
];

const GROUP_OF: Record<SearchKind, string> = {
  task: "Tasks",
  repository: "Repositories",
  campaign: "Campaigns",
  template: "Templates",
  person: "People",
};

export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const debounced = useDebounced(text.trim(), 200);
  const search = useQuery({ ...searchQuery(debounced), enabled: open && debounced.length > 0 });
  // A fresh palette each time it opens.
  const close = () => {
    setText("");
    onClose();
  };

  const needle = text.trim().toLowerCase();
  const actions = ACTIONS.filter((item) => !needle || item.label.toLowerCase().includes(needle));
  const answered = search.data && debounced === text.trim() ? search.data : null;
  const hits: Item[] = (answered?.hits ?? []).map((hit) => ({ ...hit, group: GROUP_OF[hit.kind] }));
  // Search results first once they are in: a pasted URL's task is what Enter should open.
  const items = [...hits, ...actions];
  const groups = [...new Set(items.map((item) => item.group))];
  const waiting = needle.length > 0 && !answered && !search.isError;

  return (
    <Dialog open={open} onClose={close} className="fixed inset-0 z-50">
      <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
      <div className="fixed inset-0 z-10 flex items-start justify-center p-4 pt-[10vh]">
        <DialogPanel className="w-full max-w-xl overflow-hidden rounded-xl border border-line bg-surface shadow-2xl">
          <DialogTitle className="sr-only">Search and jump</DialogTitle>
          <Combobox<Item | null>
            onChange={(item) => {
              if (!item) return;
              close();
              router.push(item.href);
            }}
          >
            <ComboboxInput
              autoFocus
              aria-label="Search tasks, repositories, campaigns, templates and people, or paste a GitHub URL"
              placeholder="Task id or name, repository, campaign, template, person, or a GitHub URL…"
              autoComplete="off"
              className="w-full border-b border-line bg-surface px-4 py-3 text-base text-fg placeholder:text-fg-muted focus:outline-none"
              onChange={(event) => setText(event.target.value)}
              value={text}
            />
            <ComboboxOptions static className="max-h-[60vh] overflow-y-auto p-2" aria-label="Results">
              {groups.map((group) => (
                <div key={group} role="presentation">
                  <div
                    role="presentation"
                    className="px-2 pt-2 pb-1 text-xs font-semibold tracking-wide text-fg-muted uppercase"
                  >
                    {group}
                  </div>
                  {items
                    .filter((item) => item.group === group)
                    .map((item) => (
                      <ComboboxOption
                        key={item.key}
                        value={item}
                        className="flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-2 py-2 text-sm text-fg data-focus:bg-accent data-focus:text-on-accent"
                      >
                        <span className="min-w-0 truncate font-medium">{item.label}</span>
                        {item.detail ? (
                          <span className="shrink-0 truncate text-xs opacity-80">{item.detail}</span>
                        ) : null}
                      </ComboboxOption>
                    ))}
                </div>
              ))}
            </ComboboxOptions>
          </Combobox>
          <p className="border-t border-line px-4 py-2 text-xs text-fg-muted" aria-live="polite">
            {search.isError
              ? `Search failed: ${search.error.message}`
              : waiting
                ? "Searching…"
                : answered?.note
                  ? answered.note
                  : needle && items.length === 0
                    ? "Nothing matches."
                    : "↑ ↓ to move, Enter to open, Esc to close. Press ? for all shortcuts."}
          </p>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} className="fixed inset-0 z-50">
      <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
      <div className="fixed inset-0 z-10 flex items-start justify-center p-4 pt-[10vh]">
        <DialogPanel className="w-full max-w-md rounded-xl border border-line bg-surface p-5 shadow-2xl">
          <DialogTitle className="text-lg font-semibold text-fg">Keyboard shortcuts</DialogTitle>
          <p className="mt-1 text-sm text-fg-muted">They never fire while you type in a field.</p>
          <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {SHORTCUTS.map((shortcut) => (
              <div key={shortcut.keys.join(" ")} className="contents">
                <dt className="whitespace-nowrap">
                  {shortcut.keys.map((key, index) => (
                    <span key={index}>
                      {index > 0 ? <span className="text-fg-muted"> then </span> : null}
                      <kbd className="rounded border border-line bg-canvas px-1.5 py-0.5 font-sans text-xs">
                        {key}
                      </kbd>
                    </span>
                  ))}
                </dt>
                <dd className="text-fg">{shortcut.does}</dd>
              </div>
            ))}
          </dl>
          <Button onClick={onClose} className="mt-5">
            Close
          </Button>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
