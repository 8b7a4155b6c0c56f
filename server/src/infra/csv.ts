/** A cell of an exported table. */
export type CsvCell = string | number | boolean | null | undefined;

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"):
// a name typed by a student as `=HYPERLINK(...)` must reach the operator as text.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV (CRLF, quotes doubled) with a UTF-8 byte-order mark, which Excel needs to read
 * Cyrillic and Uzbek letters as UTF-8 instead of the system code page. Numbers are written as they
 * are (a negative number is a number, not a formula); only text is guarded.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(cell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
