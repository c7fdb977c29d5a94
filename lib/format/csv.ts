/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, quote or line break is quoted,
 * its quotes doubled), safe to open in a spreadsheet: text that a spreadsheet would run as a
 * formula gets a leading apostrophe. Client-safe.
 */

/**
 * What spreadsheets treat as the start of a formula: = + - @, the tab and line breaks that some
 * of them strip first, and the full-width ＝ ＋ － ＠ that some of them fold into the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  // A number is data, never a formula (and -3 must stay a number).
  const text = typeof value === "string" ? (FORMULA_START.test(value) ? `'${value}` : value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
