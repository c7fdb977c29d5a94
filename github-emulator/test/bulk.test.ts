import { describe, expect, it } from "vitest";
import { call, emulator, tokenFor } from "./helpers";

describe("bulk data for benchmarks", () => {
  it("10,000 tasks across 200 repositories, fast lists, touching 1%", async () => {
    const emu = await emulator({ seedTasks: false });
    const repos = await call<{ created: number }>(emu, "POST", "/_emulator/repos/bulk", {
      body: { count: 200, prefix: "bench-" },
    });
    expect(repos.body.created).toBe(200);
    const names = Array.from({ length: 200 }, (_, i) => `acme/bench-${String(i + 1).padStart(4, "0")}`);
    const started = Date.now();
    const bulk = await call<{ created: number }>(emu, "POST", "/_emulator/tasks/bulk", {
      body: { login: "alice", count: 10_000, repos: names, createPullRequest: true, archivedShare: 0.1 },
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body.created).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(10_000);

    const alice = await tokenFor(emu, "alice");
    const listStarted = Date.now();
    const page = await call<{ tasks: unknown[]; total_active_count: number; total_archived_count: number }>(
      emu,
      "GET",
      "/agents/tasks?per_page=100&page=3",
      { token: alice },
    );
    expect(page.body.tasks).toHaveLength(100);
    expect(page.body.total_active_count + page.body.total_archived_count).toBe(10_000);
    const repoList = await call<{ tasks: unknown[] }>(
      emu,
      "GET",
      "/agents/repos/acme/bench-0007/tasks?per_page=100",
      { token: alice },
    );
    expect(repoList.body.tasks.length).toBeGreaterThan(30);
    expect(Date.now() - listStarted).toBeLessThan(1500);

    const etag = page.headers.get("etag")!;
    const touched = await call<{ touched: number }>(emu, "POST", "/_emulator/tasks/touch", {
      body: { fraction: 0.01, login: "alice", seed: 1 },
    });
    expect(touched.body.touched).toBe(100);
    const since = await call<{ tasks: unknown[] }>(
      emu,
      "GET",
      `/agents/tasks?per_page=100&since=${encodeURIComponent(new Date(Date.now() - 2000).toISOString())}`,
      { token: alice },
    );
    expect(since.body.tasks.length).toBeGreaterThanOrEqual(90);
    const again = await call(emu, "GET", "/agents/tasks?per_page=100&page=3", {
      token: alice,
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(200);
  });
});
