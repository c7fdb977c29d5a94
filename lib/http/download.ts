/** The end of a streamed download: read to the end, cancelled by the client, or failed. */
export type DownloadEnd = "ok" | "cancelled" | "failed";

/**
 * A file streamed as a download, one row per pull (so a long export never sits in memory): `head`,
 * each row as `row` writes it, then `tail` (which may say the file stopped at a limit). `onEnd` runs
 * once, however the stream ends. Named `<name>-<yyyymmddhhmm>.<extension>` after `stampedAt`; never
 * cached. The CSV and JSON downloads are this with their own encodings.
 */
export function streamedDownload<T>({
  name,
  extension,
  contentType,
  head,
  row,
  tail,
  rows,
  stampedAt = new Date(),
  onEnd,
  headers,
}: {
  name: string;
  extension: string;
  contentType: string;
  head: string;
  row: (value: T, index: number) => string;
  tail: () => string;
  rows: AsyncIterator<T>;
  stampedAt?: Date;
  onEnd?: (outcome: DownloadEnd) => Promise<void>;
  headers?: Record<string, string>;
}): Response {
  const encoder = new TextEncoder();
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head) controller.enqueue(encoder.encode(head));
    },
    async pull(controller) {
      try {
        const next = await rows.next();
        if (!next.done) {
          controller.enqueue(encoder.encode(row(next.value, index++)));
          return;
        }
        const end = tail();
        if (end) controller.enqueue(encoder.encode(end));
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
      "content-type": contentType,
      "content-disposition": `attachment; filename="${name}-${stamp}.${extension}"`,
      "cache-control": "private, no-store",
      ...headers,
    },
  });
}
