/**
 * conditional-list (part of `npm run bench`): listing 1,000 agent tasks from the emulator with If-None-Match (what the sync
 * engine will do) versus plain re-listing (the naive poller). Compares counted rate-limit requests
 * and wall time per polling round when nothing changed.
 */
import { startEmulator } from "../github-emulator/server";

const ROUNDS = 20;
const gh = await startEmulator({ port: 0, primaryRateLimit: 1_000_000 });
const post = (path: string, body: unknown) =>
  fetch(`${gh.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

try {
  await post("/_emulator/repos/bulk", { org: "acme", count: 50, prefix: "bench" });
  await post("/_emulator/tasks/bulk", { login: "alice", count: 1000, repos: 50 });
  const token = (
    (await (await post("/_emulator/tokens", { login: "alice", kind: "oauth_app" })).json()) as {
      token: string;
    }
  ).token;
  const headers = {
    authorization: `Bearer ${token}`,
    "user-agent": "switchyard-bench",
    accept: "application/vnd.github+json",
  };

  async function listAllPages(etags?: Map<number, string>) {
    let counted = 0;
    for (let page = 1; ; page++) {
      const pageHeaders: Record<string, string> = { ...headers };
      const etag = etags?.get(page);
      if (etag) pageHeaders["if-none-match"] = etag;
      const response = await fetch(`${gh.url}/agents/tasks?per_page=100&page=${page}`, {
        headers: pageHeaders,
      });
      if (response.status !== 304) counted++;
      const newTag = response.headers.get("etag");
      if (etags && newTag) etags.set(page, newTag);
      await response.arrayBuffer();
      if (!response.headers.get("link")?.includes('rel="next"')) break;
    }
    return counted;
  }

  const etags = new Map<number, string>();
  await listAllPages(etags); // warm: learn the ETags

  let naiveCounted = 0;
  const naiveStart = performance.now();
  for (let round = 0; round < ROUNDS; round++) naiveCounted += await listAllPages();
  const naiveMs = (performance.now() - naiveStart) / ROUNDS;

  let oursCounted = 0;
  const oursStart = performance.now();
  for (let round = 0; round < ROUNDS; round++) oursCounted += await listAllPages(etags);
  const oursMs = (performance.now() - oursStart) / ROUNDS;

  console.info(
    `conditional-list: ${ROUNDS} idle polling rounds over the seeded tasks plus 1,000 more (all pages, per_page=100)`,
  );
  console.info(`  naive:       ${naiveCounted} counted requests, ${naiveMs.toFixed(1)} ms/round`);
  console.info(`  conditional: ${oursCounted} counted requests, ${oursMs.toFixed(1)} ms/round`);
  console.info(
    `bench:conditional-list counted_naive=${naiveCounted} counted_ours=${oursCounted} time_ratio=${(naiveMs / oursMs).toFixed(2)}`,
  );
} finally {
  await gh.close();
}
