"use client";

import { useSyncExternalStore } from "react";
import { formatAbsolute, formatRelative } from "@/lib/format/time";
import { useHydrated } from "./hooks";

/*
 * Times on the page. The server does not know the viewer's time zone, so the server render (and
 * hydration) shows UTC; right after hydration the same element shows the viewer's local time.
 * Relative times also tick: one shared clock for the whole page.
 */

const TICK_MS = 10_000;
let clockNow = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function notify() {
  clockNow = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(notify, TICK_MS);
  // A time mounted between ticks: bring the clock up to date for everyone.
  if (Date.now() - clockNow > 1_000) queueMicrotask(notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
      clockNow = 0;
    }
  };
}

function getSnapshot(): number | null {
  if (clockNow === 0) clockNow = Date.now();
  return clockNow;
}

const getServerSnapshot = (): number | null => null;

type DateLike = Date | string | number;

/** The readable UTC form, identical on server and client (so hydration agrees). */
const utc = (date: Date, seconds?: boolean) =>
  formatAbsolute(date, { timeZone: "UTC", locale: "en-GB", seconds });

/**
 * "3 min ago" in a `<time>`, with the absolute time in the viewer's time zone as its title.
 * Server-rendered uses pass `now` (the moment the data is from), so server and client agree;
 * without it the server render shows the UTC time until the page is hydrated.
 */
export function RelativeTime({
  date,
  now,
  className,
}: {
  date: DateLike | null | undefined;
  now?: DateLike;
  className?: string;
}) {
  const clock = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  if (date === null || date === undefined) return <span className={className}>never</span>;
  const at = new Date(date);
  const given = now === undefined ? null : new Date(now).getTime();
  // Before hydration there is no clock: relative to the moment the data is from, if given.
  const reference = clock === null ? given : Math.max(clock, given ?? 0);
  return (
    <time
      dateTime={at.toISOString()}
      title={clock === null ? utc(at) : formatAbsolute(at)}
      className={className}
      suppressHydrationWarning
    >
      {reference === null ? utc(at) : formatRelative(at, new Date(reference))}
    </time>
  );
}

/** A date and time in the viewer's time zone (UTC until hydrated), with the UTC time as its title. */
export function AbsoluteTime({
  date,
  seconds,
  className,
}: {
  date: DateLike;
  seconds?: boolean;
  className?: string;
}) {
  const local = useHydrated();
  const at = new Date(date);
  return (
    <time
      dateTime={at.toISOString()}
      title={local ? utc(at, seconds) : undefined}
      className={className}
      suppressHydrationWarning
    >
      {local ? formatAbsolute(at, { seconds }) : utc(at, seconds)}
    </time>
  );
}

/** The viewer's IANA time zone once hydrated ("Europe/Paris"); undefined in the server render. */
export function useTimeZone(): string | undefined {
  return useHydrated() ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined;
}
