/**
 * Cron expressions in a time zone: checking them, saying them in words, and listing their slots.
 * cron-parser computes the slots (daylight-saving changes included), cronstrue the words. Five
 * fields (minute precision), at most one slot every MIN_INTERVAL_MINUTES. Client-safe.
 */
import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";

export const MIN_INTERVAL_MINUTES = 15;
/** Every Monday at 09:00: what the form suggests. */
export const DEFAULT_CRON = "0 9 * * 1";

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}

function parse(expression: string, timeZone: string, currentDate: Date) {
  return CronExpressionParser.parse(expression, { tz: timeZone, currentDate });
}

/** Why the expression cannot be used, as a sentence for the form; null when it is fine. */
export function cronProblem(expression: string, timeZone: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return "Use five fields: minute hour day-of-month month day-of-week (e.g. 0 9 * * 1).";
  if (!isTimeZone(timeZone)) return "Choose a time zone such as Europe/Berlin or UTC.";
  let slots: Date[];
  try {
    slots = nextSlots(expression, timeZone, new Date(), 3);
  } catch {
    return "That is not a cron expression (e.g. 0 9 * * 1 for Mondays at 09:00).";
  }
  if (slots.length === 0) return "That expression never fires.";
  for (let i = 1; i < slots.length; i++)
    if (slots[i]!.getTime() - slots[i - 1]!.getTime() < MIN_INTERVAL_MINUTES * 60_000)
      return `Runs can be at most every ${MIN_INTERVAL_MINUTES} minutes.`;
  return null;
}

/** "At 09:00, only on Monday (Europe/Berlin)". */
export function describeCron(expression: string, timeZone: string): string {
  try {
    return `${cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true })} (${timeZone})`;
  } catch {
    return expression;
  }
}

/** The next `count` slots strictly after `after`. */
export function nextSlots(expression: string, timeZone: string, after: Date, count: number): Date[] {
  const cron = parse(expression, timeZone, after);
  return cron.take(count).map((slot) => slot.toDate());
}

/** Counting stops here: a schedule down for longer only says "more than this". */
export const MAX_COUNTED_SLOTS = 1000;

/**
 * The slots in (after, until]: the latest of them (the one a run is for) and how many there are
 * (counted up to MAX_COUNTED_SLOTS).
 */
export function dueSlots(
  expression: string,
  timeZone: string,
  after: Date,
  until: Date,
): { latest: Date | null; count: number } {
  const back = parse(expression, timeZone, new Date(until.getTime() + 1));
  const latest = back.prev().toDate();
  if (latest <= after) return { latest: null, count: 0 };
  const forward = parse(expression, timeZone, after);
  let count = 0;
  while (count < MAX_COUNTED_SLOTS && forward.next().toDate() <= until) count++;
  return { latest, count };
}

/** "Mon 7 Dec 2026, 09:00" in the schedule's own zone. */
export function formatSlot(slot: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(slot);
}

/** Every IANA zone this runtime knows, UTC first. */
export function timeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}
