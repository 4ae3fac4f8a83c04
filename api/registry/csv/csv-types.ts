// Result and error shapes shared by the registry CSV import parsers.

/** `line` is the spreadsheet row number: the header is line 1, the first data row line 2. */
export interface CsvLineError {
  line: number;
  message: string;
}

/** All-or-nothing: any error means no rows, so a caller can never apply half a file. */
export type CsvImportResult<T> = { ok: true; rows: T[] } | { ok: false; errors: CsvLineError[] };
