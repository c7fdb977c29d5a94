/**
 * A webhook receiver on 127.0.0.1 for tests: it keeps every request (path, headers, raw body) and
 * answers each path with the status codes scripted for it, in order, then 200.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: IncomingHttpHeaders; body: string };

export async function startLocalReceiver() {
  const received: Received[] = [];
  /** Status codes to answer per path, in order; 200 once a script runs out. */
  const scripts = new Map<string, number[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = scripts.get(path)?.shift() ?? 200;
      // The answer's text must never reach a delivery record: it says something to tell apart.
      response
        .writeHead(status, { "content-type": "text/plain" })
        .end(status === 200 ? "ok" : "receiver broke");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    scripts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
