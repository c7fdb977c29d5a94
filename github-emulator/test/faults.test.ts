import { describe, expect, it } from "vitest";
import { call, emulator, tokenFor } from "./helpers";

describe("fault injection", () => {
  it("status faults for the next N matching requests, by path pattern and method", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    await call(emu, "POST", "/_emulator/faults", {
      body: { type: "status", status: 502, path: "/agents/**", method: "GET", count: 2 },
    });
    expect((await call(emu, "GET", "/user", { token: alice })).status).toBe(200);
    expect((await call(emu, "GET", "/agents/tasks", { token: alice })).status).toBe(502);
    const second = await call<{ message: string }>(emu, "GET", "/agents/tasks/abc", { token: alice });
    expect(second.status).toBe(502);
    expect(second.body.message).toBe("Server Error");
    expect((await call(emu, "GET", "/agents/tasks", { token: alice })).status).toBe(200);
    const counters = await call<{ faultsInjected: number; routes: Record<string, unknown> }>(
      emu,
      "GET",
      "/_emulator/counters",
    );
    expect(counters.body.faultsInjected).toBe(2);
    expect(counters.body.routes["GET (fault: status)"]).toMatchObject({ total: 2, notCounted: 2 });
  });

  it("custom status, body and headers (e.g. a 429 with retry-after)", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    await call(emu, "POST", "/_emulator/faults", {
      body: {
        type: "status",
        status: 429,
        path: "/user",
        headers: { "retry-after": "7" },
        body: { message: "slow down" },
      },
    });
    const res = await call<{ message: string }>(emu, "GET", "/user", { token: alice });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.body.message).toBe("slow down");
  });

  it("latency", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    await call(emu, "POST", "/_emulator/faults", {
      body: { type: "latency", latencyMs: 300, path: "/user" },
    });
    const started = Date.now();
    const res = await call(emu, "GET", "/user", { token: alice });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("connection reset", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    await call(emu, "POST", "/_emulator/faults", { body: { type: "reset", path: "/repos/*/*" } });
    await expect(call(emu, "GET", "/repos/acme/checkout-api", { token: alice })).rejects.toThrow();
    expect((await call(emu, "GET", "/repos/acme/checkout-api", { token: alice })).status).toBe(200);
  });

  it("drop_response: the request is handled (the task exists) but the client never hears", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    await call(emu, "POST", "/_emulator/faults", {
      body: { type: "drop_response", path: "/agents/repos/*/*/tasks", method: "POST" },
    });
    const before = await call<{ tasks: unknown[] }>(emu, "GET", "/agents/tasks?per_page=100", {
      token: alice,
    });
    await expect(
      call(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
        token: alice,
        body: { prompt: "lost reply" },
      }),
    ).rejects.toThrow();
    const after = await call<{ tasks: unknown[] }>(emu, "GET", "/agents/tasks?per_page=100", {
      token: alice,
    });
    expect(after.body.tasks.length).toBe(before.body.tasks.length + 1);
  });

  it("malformed JSON", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    await call(emu, "POST", "/_emulator/faults", { body: { type: "malformed_json", path: "/user" } });
    const response = await fetch(`${emu.url}/user`, {
      headers: { authorization: `Bearer ${alice}`, "user-agent": "t" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    await expect(response.json()).rejects.toThrow();
  });

  it("a share of requests (probability), deterministic per seed, and removal", async () => {
    const emu = await emulator({ seed: 7 });
    const alice = await tokenFor(emu, "alice");
    const rule = await call<{ id: number }>(emu, "POST", "/_emulator/faults", {
      body: { type: "status", status: 500, path: "/user", probability: 0.5 },
    });
    let failures = 0;
    for (let i = 0; i < 60; i++)
      if ((await call(emu, "GET", "/user", { token: alice })).status === 500) failures++;
    expect(failures).toBeGreaterThan(15);
    expect(failures).toBeLessThan(45);
    await call(emu, "DELETE", `/_emulator/faults/${rule.body.id}`);
    expect((await call(emu, "GET", "/user", { token: alice })).status).toBe(200);
    // Regex patterns are accepted too.
    await call(emu, "POST", "/_emulator/faults", {
      body: { type: "status", status: 503, path: "/^\\/user$/" },
    });
    expect((await call(emu, "GET", "/user", { token: alice })).status).toBe(503);
  });
});
