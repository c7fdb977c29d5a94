import { describe, expect, it } from "vitest";
import { call, emulator, tokenFor } from "./helpers";

describe("client-facing behaviour", () => {
  it("ETag on every GET; If-None-Match → 304 with no body, not counted", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    const first = await call(emu, "GET", "/agents/tasks?per_page=5", { token: alice });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get("x-ratelimit-used")).toBe("1");
    const cached = await call(emu, "GET", "/agents/tasks?per_page=5", {
      token: alice,
      headers: { "if-none-match": etag },
    });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe("");
    expect(cached.headers.get("x-ratelimit-used")).toBe("1");
    expect(cached.headers.get("x-ratelimit-remaining")).toBe("4999");
    // Strong form of the same tag also matches.
    expect(
      (
        await call(emu, "GET", "/agents/tasks?per_page=5", {
          token: alice,
          headers: { "if-none-match": etag.slice(2) },
        })
      ).status,
    ).toBe(304);
    // A change produces a new ETag and a counted 200.
    await call(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
      token: alice,
      body: { prompt: "new" },
    });
    const changed = await call(emu, "GET", "/agents/tasks?per_page=5", {
      token: alice,
      headers: { "if-none-match": etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(changed.headers.get("x-ratelimit-used")).toBe("3");
    const counters = await call<{
      routes: Record<string, { counted: number; notCounted: number; byStatus: Record<string, number> }>;
    }>(emu, "GET", "/_emulator/counters");
    expect(counters.body.routes["GET /agents/tasks"]).toEqual({
      total: 4,
      counted: 2,
      notCounted: 2,
      byStatus: { "200": 2, "304": 2 },
    });
    // /rate_limit is not counted.
    const rate = await call<{ resources: { core: { used: number } } }>(emu, "GET", "/rate_limit", {
      token: alice,
    });
    expect(rate.body.resources.core.used).toBe(3);
    expect((await call(emu, "GET", "/rate_limit", { token: alice })).headers.get("x-ratelimit-used")).toBe(
      "3",
    );
  });

  it("primary rate limit per user: 403 with remaining 0, reset after the window", async () => {
    const emu = await emulator({ primaryRateLimit: 3 });
    const bob = await tokenFor(emu, "bob");
    const alice = await tokenFor(emu, "alice");
    for (let i = 0; i < 3; i++) expect((await call(emu, "GET", "/user", { token: bob })).status).toBe(200);
    const limited = await call<{ message: string; status: string }>(emu, "GET", "/user", { token: bob });
    expect(limited.status).toBe(403);
    expect(limited.body.message).toMatch(/^API rate limit exceeded for user ID 1002\./);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
    expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    // Other users are not affected; all tokens of one user share the bucket.
    expect((await call(emu, "GET", "/user", { token: alice })).status).toBe(200);
    expect((await call(emu, "GET", "/user", { token: await tokenFor(emu, "bob", "oauth_app") })).status).toBe(
      403,
    );
    await call(emu, "PATCH", "/_emulator/settings", { body: { primaryLimitStatus: 429 } });
    expect((await call(emu, "GET", "/user", { token: bob })).status).toBe(429);
    await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 3601 } });
    const after = await call(emu, "GET", "/user", { token: bob });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("2");
  });

  it("secondary limit on content creation: 403 with retry-after", async () => {
    const emu = await emulator({ secondaryCreateLimitPerMinute: 2, seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const post = () =>
      call<{ message: string }>(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
        token: alice,
        body: { prompt: "x" },
      });
    expect((await post()).status).toBe(201);
    expect((await call(emu, "POST", "/orgs/acme/repos", { token: alice, body: { name: "r1" } })).status).toBe(
      201,
    );
    const limited = await post();
    expect(limited.status).toBe(403);
    expect(limited.body.message).toMatch(/secondary rate limit/);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Reads are unaffected.
    expect((await call(emu, "GET", "/agents/tasks", { token: alice })).status).toBe(200);
    await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 61 } });
    expect((await post()).status).toBe(201);
  });

  it("requires a User-Agent and a supported X-GitHub-Api-Version", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    const noAgent = await fetch(`${emu.url}/user`, {
      headers: { authorization: `Bearer ${alice}`, "user-agent": "" },
    });
    expect(noAgent.status).toBe(403);
    expect(await noAgent.text()).toContain("User-Agent");
    const bad = await call<{ message: string }>(emu, "GET", "/user", {
      token: alice,
      headers: { "x-github-api-version": "2021-01-01" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("2021-01-01");
    const good = await call(emu, "GET", "/user", {
      token: alice,
      headers: { "x-github-api-version": "2026-03-10" },
    });
    expect(good.headers.get("x-github-api-version-selected")).toBe("2026-03-10");
    const missing = await call<{ message: string }>(emu, "GET", "/agents/tasks");
    expect(missing.status).toBe(401);
    expect(missing.body.message).toBe("Requires authentication");
    // Rate limit headers on every API response, including errors.
    for (const res of [bad, good, missing]) expect(res.headers.get("x-ratelimit-limit")).not.toBeNull();
    expect((await call(emu, "GET", "/_emulator/health")).body).toEqual({ ok: true });
  });
});
