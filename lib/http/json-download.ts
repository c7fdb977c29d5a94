import { streamedDownload, type DownloadEnd } from "./download";

/**
 * A JSON file streamed as a download (lib/http/download.ts): `{"<key>": [rows…], …summary}`, where
 * `summary` is read once the rows are done (e.g. `{ truncated: true }` when the file stops at a
 * limit). One row per line, so a long file is still readable with line tools.
 */
export function jsonDownload<T>({
  key,
  summary,
  ...rest
}: {
  name: string;
  key: string;
  rows: AsyncIterator<T>;
  summary: () => Record<string, unknown>;
  stampedAt?: Date;
  onEnd?: (outcome: DownloadEnd) => Promise<void>;
  headers?: Record<string, string>;
}): Response {
  return streamedDownload({
    ...rest,
    extension: "json",
    contentType: "application/json; charset=utf-8",
    head: `{${JSON.stringify(key)}:[`,
    row: (value, index) => `${index === 0 ? "\n" : ",\n"}${JSON.stringify(value)}`,
    tail: () => {
      const rest = JSON.stringify(summary()).slice(1, -1);
      return `\n]${rest ? `,${rest}` : ""}}\n`;
    },
  });
}
