import { csvRow, type CsvValue } from "@/lib/format/csv";
import { streamedDownload, type DownloadEnd } from "./download";

/** A CSV column: its header and how a row fills it. */
export type CsvColumn<T> = readonly [header: string, value: (row: T) => CsvValue];

export type CsvEnd = DownloadEnd;

/**
 * A CSV file streamed as a download (lib/http/download.ts): the header row, the rows, then
 * `trailer` (a `#` note, e.g. that the file stops at a limit).
 */
export function csvDownload<T>({
  columns,
  trailer,
  ...rest
}: {
  name: string;
  columns: readonly CsvColumn<T>[];
  rows: AsyncIterator<T>;
  stampedAt?: Date;
  trailer?: () => string | null;
  onEnd?: (outcome: CsvEnd) => Promise<void>;
  headers?: Record<string, string>;
}): Response {
  return streamedDownload({
    ...rest,
    extension: "csv",
    contentType: "text/csv; charset=utf-8",
    head: csvRow(columns.map(([header]) => header)),
    row: (value) => csvRow(columns.map(([, cell]) => cell(value))),
    tail: () => {
      const note = trailer?.();
      return note ? `# ${note}\r\n` : "";
    },
  });
}
