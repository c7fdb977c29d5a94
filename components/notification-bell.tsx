"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useFormStatus } from "react-dom";
import { buttonVariants, SubmitButton } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { toastResult } from "@/components/ui/toast";
import type { KitAction } from "@/lib/actions/kit";
import { queryKeys } from "@/lib/queries/keys";
import {
  notificationsQuery,
  type NotificationItem as Item,
  type NotificationList as List,
} from "@/lib/queries/notifications";

const QUERY_KEY = queryKeys.notifications();

function MarkAllButton({ disabled }: { disabled: boolean }) {
  const { pending } = useFormStatus();
  return (
    <SubmitButton pending={pending} pendingLabel="Marking…" variant="link" disabled={disabled}>
      Mark all read
    </SubmitButton>
  );
}

/**
 * Header bell: unread count, polled every 15 s while the tab is visible, and the latest items.
 * `markReadAction` is the shell's mark-read action (app/(portal)/actions.ts), passed in by the layout.
 */
export function NotificationBell({ markReadAction }: { markReadAction: KitAction<{ marked: number }> }) {
  const queryClient = useQueryClient();
  const query = useQuery(notificationsQuery());
  const [open, setOpen] = useState(false);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const headingId = useId();

  const unread = query.data?.unread ?? 0;
  const items = query.data?.items ?? [];
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";

  useUnreadTitle(unread);

  // Opening moves focus into the panel; a click outside closes it.
  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      close(true);
    }
  };

  const markRead = (id?: string) => {
    queryClient.setQueryData<List>(QUERY_KEY, (old) => {
      if (!old) return old;
      const now = new Date().toISOString();
      const items = old.items.map((item) =>
        !id || item.id === id ? { ...item, readAt: item.readAt ?? now } : item,
      );
      const wasUnread = old.items.some((item) => item.id === id && !item.readAt);
      return { ...old, unread: id ? Math.max(0, old.unread - (wasUnread ? 1 : 0)) : 0, items };
    });
  };

  const markAllRead = async (formData: FormData) => {
    markRead();
    const result = await markReadAction(null, formData);
    // The panel's list just changes; say what happened.
    toastResult(
      result,
      result.ok
        ? `Marked ${result.data.marked} notification${result.data.marked === 1 ? "" : "s"} read.`
        : "",
    );
    await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
  };

  const openItem = (item: Item) => {
    close(false);
    if (item.readAt) return;
    markRead(item.id);
    const formData = new FormData();
    formData.set("id", item.id);
    // Navigation goes ahead at once; the server still records the read.
    void markReadAction(formData).catch(() => {});
  };

  return (
    <div
      ref={wrapperRef}
      className="relative"
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbing out of the panel closes it.
        if (open && !wrapperRef.current?.contains(event.relatedTarget as Node | null) && event.relatedTarget)
          setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((value) => !value);
          if (!open) void query.refetch();
        }}
        className={buttonVariants({ className: "relative font-medium" })}
      >
        <span aria-hidden="true" className="inline-flex items-center gap-1.5">
          <svg viewBox="0 0 20 20" width="16" height="16" fill="currentColor" className="shrink-0">
            <path d="M10 2a5 5 0 0 0-5 5v2.6l-1.4 2.8A1 1 0 0 0 4.5 14h11a1 1 0 0 0 .9-1.6L15 9.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 1-2.45-2h4.9A2.5 2.5 0 0 1 10 18Z" />
          </svg>
          {/* The button's name says it; the word only where the header has room. */}
          <span className="hidden 2xl:inline">Notifications</span>
        </span>
        {unread > 0 ? (
          <span
            aria-hidden="true"
            data-testid="notification-count"
            className="ml-1.5 inline-block min-w-5 rounded-full bg-needs-human px-1.5 text-center text-xs leading-5 font-semibold text-surface tabular-nums"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      <p className="sr-only" aria-live="polite">
        {unread > 0 ? `${unread} unread notifications` : ""}
      </p>

      {open ? (
        <div
          ref={panelRef}
          id={panelId}
          role="region"
          aria-labelledby={headingId}
          tabIndex={-1}
          className="absolute right-0 z-20 mt-2 w-96 max-w-[calc(100vw-2rem)] rounded-lg border border-line bg-surface shadow-lg focus:outline-none"
        >
          <div className="flex items-center justify-between border-b border-line px-4 py-2">
            <h2 id={headingId} className="text-sm font-semibold text-fg">
              Notifications
            </h2>
            <form action={markAllRead}>
              <MarkAllButton disabled={unread === 0} />
            </form>
          </div>
          {query.isError && !query.data ? (
            <p role="alert" className="px-4 py-6 text-sm text-needs-human">
              Could not load notifications. Retrying…
            </p>
          ) : query.isPending ? (
            <p className="px-4 py-6 text-sm text-fg-muted">Loading…</p>
          ) : items.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-fg-muted">Nothing needs you right now.</p>
          ) : (
            <ul className="max-h-96 divide-y divide-line overflow-y-auto">
              {items.map((item) => (
                <li key={item.id}>
                  <NotificationLink item={item} onOpen={() => openItem(item)} />
                </li>
              ))}
            </ul>
          )}
          <p className="border-t border-line px-4 py-2 text-sm">
            <Link href="/notifications" className="text-accent underline" onClick={() => setOpen(false)}>
              All notifications and your webhook
            </Link>
          </p>
        </div>
      ) : null}
    </div>
  );
}

function NotificationLink({ item, onOpen }: { item: Item; onOpen: () => void }) {
  const unread = !item.readAt;
  const content = (
    <>
      <span className="flex items-start gap-2">
        <span
          aria-hidden="true"
          className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? "bg-accent" : "bg-transparent"}`}
        />
        <span className="min-w-0">
          <span className={`block text-sm text-fg ${unread ? "font-semibold" : ""}`}>
            {unread ? <span className="sr-only">Unread: </span> : null}
            {item.title}
          </span>
          {item.body ? <span className="mt-0.5 block text-sm text-fg-muted">{item.body}</span> : null}
          <span className="mt-0.5 block text-xs text-fg-muted">
            <RelativeTime date={item.createdAt} />
          </span>
        </span>
      </span>
    </>
  );
  if (!item.taskId) return <div className="px-4 py-3">{content}</div>;
  return (
    <Link
      href={`/tasks/${encodeURIComponent(item.taskId)}`}
      onClick={onOpen}
      className="block px-4 py-3 hover:bg-canvas"
    >
      {content}
    </Link>
  );
}

const COUNT_PREFIX = /^\(\d+\+?\) /;

/**
 * "(3) Queue · Switchyard": the tab's title leads with the unread count. Next.js sets the title on
 * every navigation, so the prefix is put back whenever the <title> changes.
 */
function useUnreadTitle(unread: number) {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(COUNT_PREFIX, "");
      const next = unread > 0 ? `(${unread > 99 ? "99+" : unread}) ${base}` : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(COUNT_PREFIX, "");
    };
  }, [unread]);
}
