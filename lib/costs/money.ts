/**
 * Credits as exact integers: ai_credits are stored and summed as integer nanos (1e-9 credit) and
 * only divided for display; premium requests are a separate decimal, never added to credits.
 * Pure and client-safe.
 */

import { formatCount } from "@/lib/format/number";

export const NANOS_PER_CREDIT = 1_000_000_000n;

/** "12.5" → 12_500_000_000n, exactly (at most 9 decimals); null when it is not a plain number. */
export function creditsTextToNano(text: string): bigint | null {
  const match = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = (match[2] ?? "").padEnd(9, "0");
  return BigInt(match[1]!) * NANOS_PER_CREDIT + BigInt(fraction);
}

/** Credits for people: one decimal, rounded half up, with thousands separators ("1,234.5"). */
export function formatCreditsNano(nano: bigint): string {
  const negative = nano < 0n;
  const abs = negative ? -nano : nano;
  const tenths = (abs * 10n + NANOS_PER_CREDIT / 2n) / NANOS_PER_CREDIT;
  // The shared formatter: bigint.toLocaleString builds a new ICU formatter on every call.
  const whole = formatCount(tenths / 10n);
  return `${negative ? "-" : ""}${whole}.${tenths % 10n}`;
}

/** Exact credits as text, every nano kept ("12.000000001"), for CSV and audit details. */
export function exactCredits(nano: bigint): string {
  const negative = nano < 0n;
  const abs = negative ? -nano : nano;
  const fraction = (abs % NANOS_PER_CREDIT).toString().padStart(9, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / NANOS_PER_CREDIT}${fraction ? `.${fraction}` : ""}`;
}

/** A decimal from Postgres as text without trailing zeros ("3.5000" → "3.5"). */
export function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/\.?0+$/, "") : value;
}

/** Whole percent of `part` in `whole`, rounded down (so 99.9 % never reads as 100 %). */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 100n) / whole);
}
