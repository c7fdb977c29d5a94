"use client";

import {
  createContext,
  useContext,
  useDeferredValue,
  useEffect,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { formatAbsolute, formatRelative } from "@/lib/format/time";
import { useHydrated } from "./hooks";

/*
 * Times on the page, in the viewer's time zone: the one they chose (/preferences), which the server
 * renders too, or else their browser's. The server does not know a browser's zone, so without a
 * choice the server render (and hydration) shows UTC and the element shows local time right after
 * hydration. Relative times also tick: one shared clock for the whole page.
 */

/** The zone the viewer chose, or null to follow the browser. */
const ChosenTimeZone = createContext<string | null>(null);

/**
 * The browser's own zone, once hydrated (the server has none). Read once per page load: building an
 * Intl formatter costs far more than formatting, and the first one on a page loads the locale data.
 */
let readZone: string | undefined;
const browserZone = () => (readZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);

/**
 * Once, in the root layout, with the viewer's chosen zone. Also tells the server the browser's
 * zone (a cookie), so server-side date filters and "today" match what the viewer sees.
 */
export function TimeZoneProvider({ chosen, children }: { chosen: string | null; children: ReactNode }) {
  useEffect(() => {
    // A task of its own, after hydration's: nothing on the page waits for the cookie.
    const timer = setTimeout(() => {
      const cookie = `tz=${encodeURIComponent(browserZone())}`;
      if (!document.cookie.split("; ").includes(cookie))
        document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax`;
    });
    return () => clearTimeout(timer);
  }, []);
  return <ChosenTimeZone.Provider value={chosen}>{children}</ChosenTimeZone.Provider>;
}

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
  // Deferred like the zone (useHydrated): right after hydration and on every tick, a page's times
  // redraw in slices that yield to the browser, not in one synchronous pass.
  const clock = useDeferredValue(useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot));
  const zone = useTimeZone();
  if (date === null || date === undefined) return <span className={className}>never</span>;
  const at = new Date(date);
  const given = now === undefined ? null : new Date(now).getTime();
  // Before hydration there is no clock: relative to the moment the data is from, if given.
  const reference = clock === null ? given : Math.max(clock, given ?? 0);
  return (
    <time
      dateTime={at.toISOString()}
      title={zone ? formatAbsolute(at, { timeZone: zone }) : utc(at)}
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
  const zone = useTimeZone();
  const at = new Date(date);
  return (
    <time
      dateTime={at.toISOString()}
      title={zone && zone !== "UTC" ? utc(at, seconds) : undefined}
      className={className}
      suppressHydrationWarning
    >
      {zone ? formatAbsolute(at, { timeZone: zone, seconds }) : utc(at, seconds)}
    </time>
  );
}

/**
 * The viewer's IANA time zone ("Europe/Paris"): the one they chose (server render included), else
 * the browser's once hydrated; undefined in a server render without a choice.
 */
export function useTimeZone(): string | undefined {
  const chosen = useContext(ChosenTimeZone);
  const hydrated = useHydrated();
  return chosen ?? (hydrated ? browserZone() : undefined);
}
