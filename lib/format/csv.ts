/**
 * CSV for exports: RFC 4180 quoting, and cells that a spreadsheet would run as a formula (a leading
 * =, +, -, @, tab, carriage return or line feed, or their full-width forms) are prefixed with an
 * apostrophe so they stay text. Client-safe.
 */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated, as RFC 4180 has it). */
export function csvRow(values: readonly string[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
