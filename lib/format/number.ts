/** Counts as people read them ("12,345"), the same on server and client. One formatter, built once. */
const counts = new Intl.NumberFormat("en");

export function formatCount(value: number): string {
  return counts.format(value);
}
