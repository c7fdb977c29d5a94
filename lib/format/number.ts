/** Counts as people read them ("12,345"), the same on server and client. One formatter, built once. */
const counts = new Intl.NumberFormat("en");

export function formatCount(value: number | bigint): string {
  return counts.format(value);
}

const percents = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** A share of 0–1 as people read it ("42.5%"). */
export function formatPercent(share: number): string {
  return percents.format(share);
}
