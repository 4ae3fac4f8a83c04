// The one rule every export (CSV, XLSX) applies to its cells: text a spreadsheet would run as a formula is neutralised.

/**
 * Characters that make Excel, WPS or LibreOffice read a cell as a formula (or a DDE call) when it starts one.
 * Tab and line breaks count too: some spreadsheets trim them and then see the formula behind.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** A text cell as it may be written to a spreadsheet: with a leading apostrophe when it would start a formula. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CellValue = string | number | boolean | null | undefined;

/** Numbers and booleans are written as values, never as formulas, so only text needs the rule. */
export function safeCellValue<T extends CellValue>(value: T): T | string {
  return typeof value === 'string' ? neutraliseCell(value) : value;
}

/** One RFC 4180 CSV line (CRLF-terminated) of neutralised cells; empty for null and undefined. */
export function csvLine(cells: readonly CellValue[]): string {
  return `${cells
    .map((cell) => {
      const text = cell === null || cell === undefined ? '' : String(safeCellValue(cell));
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\r\n`;
}

/** A whole CSV file: a UTF-8 BOM (so Excel reads Chinese), the header, then the rows, every cell neutralised. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly CellValue[]>): string {
  let out = `\uFEFF${csvLine(header)}`;
  for (const row of rows) out += csvLine(row);
  return out;
}
