import { csvRow, type CsvValue } from "@/lib/format/csv";

/** A CSV column: its header and how a row fills it. */
export type CsvColumn<T> = readonly [header: string, value: (row: T) => CsvValue];

export type CsvEnd = "ok" | "cancelled" | "failed";

/**
 * A CSV file streamed as a download, one row per pull (so a long export never sits in memory):
 * the header row, the rows, then `trailer` (a `#` note, e.g. that the file stops at a limit).
 * `onEnd` runs once, however the stream ends: read to the end, cancelled by the client, or failed.
 * Named `<name>-<yyyymmddhhmm>.csv` after `stampedAt`; never cached.
 */
export function csvDownload<T>({
  name,
  columns,
  rows,
  stampedAt = new Date(),
  trailer,
  onEnd,
  headers,
}: {
  name: string;
  columns: readonly CsvColumn<T>[];
  rows: AsyncIterator<T>;
  stampedAt?: Date;
  trailer?: () => string | null;
  onEnd?: (outcome: CsvEnd) => Promise<void>;
  headers?: Record<string, string>;
}): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(columns.map(([header]) => header))));
    },
    async pull(controller) {
      try {
        const next = await rows.next();
        if (!next.done) {
          controller.enqueue(encoder.encode(csvRow(columns.map(([, value]) => value(next.value)))));
          return;
        }
        const note = trailer?.();
        if (note) controller.enqueue(encoder.encode(`# ${note}\r\n`));
        await onEnd?.("ok");
        controller.close();
      } catch (error) {
        await onEnd?.("failed").catch(() => {});
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return?.();
      await onEnd?.("cancelled");
    },
  });
  const stamp = stampedAt.toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${stamp}.csv"`,
      "cache-control": "private, no-store",
      ...headers,
    },
  });
}
