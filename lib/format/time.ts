/** Short, human durations and relative times ("3 min ago", "in 40 s"), the same on server and client. */

export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/**
 * Intl formatters are costly to build (about half a millisecond each, more than formatting a
 * thousand dates), and a server render formats many: keep one per locale and options.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? null, options]);
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

export function formatRelative(date: Date | null | undefined, now: Date = new Date()): string {
  if (!date) return "never";
  const ms = date.getTime() - now.getTime();
  if (Math.abs(ms) < 1500) return "just now";
  return ms < 0 ? `${formatDuration(ms)} ago` : `in ${formatDuration(ms)}`;
}

/**
 * A date and time as people read it ("24 Nov 2026, 13:00 CET"), with its time zone named.
 * Without `timeZone` and `locale` it is the runtime's: the viewer's, in a browser.
 */
export function formatAbsolute(
  date: Date,
  options: { timeZone?: string; locale?: string; seconds?: boolean } = {},
): string {
  return dateFormat(options.locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(options.seconds ? { second: "2-digit" } : {}),
    timeZoneName: "short",
    timeZone: options.timeZone,
  }).format(date);
}

/** Hours and minutes (and seconds) of a time in a time zone, for chart axes ("13:05"). */
export function formatClock(date: Date, options: { timeZone?: string; seconds?: boolean } = {}): string {
  return dateFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    ...(options.seconds ? { second: "2-digit" } : {}),
    hourCycle: "h23",
    timeZone: options.timeZone,
  }).format(date);
}
