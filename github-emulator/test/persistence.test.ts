import { mkdtempSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../server";
import { authorize, call, exchange, tokenFor } from "./helpers";

describe("state file persistence", () => {
  it("keeps tokens, tasks, pull requests and created repos across a restart", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "gh-emu-")), "state.json");
    const first = await startEmulator({ port: 0, stateFile });
    const { code } = await authorize(first, "alice");
    const token = (await exchange(first, { code })).json.access_token as string;
    const task = await call<{ id: string }>(first, "POST", "/agents/repos/acme/checkout-api/tasks", {
      token,
      body: { prompt: "Persist me [emulator:outcome=completed]", create_pull_request: true },
    });
    await call(first, "POST", "/orgs/acme/repos", { token, body: { name: "persisted-repo" } });
    await call(first, "POST", "/_emulator/clock/advance", { body: { seconds: 600 } });
    await call(first, "GET", `/agents/tasks/${task.body.id}`, { token });
    await first.close();
    expect(existsSync(stateFile)).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, "utf8")).version).toBe(1);

    const second = await startEmulator({ port: 0, stateFile });
    try {
      const me = await call<{ login: string }>(second, "GET", "/user", { token });
      expect(me.body.login).toBe("alice");
      const restored = await call<{ state: string; artifacts: { type: string }[] }>(
        second,
        "GET",
        `/agents/tasks/${task.body.id}`,
        { token },
      );
      expect(restored.body.state).toBe("completed");
      expect(restored.body.artifacts.map((a) => a.type)).toEqual(["branch", "pull"]);
      expect((await call(second, "GET", "/repos/acme/persisted-repo", { token })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("a state file from before a seed change gains the new seed people and repositories", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "gh-emu-")), "state.json");
    const first = await startEmulator({ port: 0, stateFile, seedTasks: false });
    await call(first, "POST", "/_emulator/tokens", { body: { login: "alice" } });
    await first.close();
    // Pretend the file was written before mallory and her repository were seeded.
    const old = JSON.parse(readFileSync(stateFile, "utf8")) as {
      users: { login: string }[];
      repos: { owner: string }[];
      tokens: unknown[];
    };
    old.users = old.users.filter((u) => u.login !== "mallory");
    old.repos = old.repos.filter((r) => r.owner !== "mallory");
    writeFileSync(stateFile, JSON.stringify(old));

    const second = await startEmulator({ port: 0, stateFile });
    try {
      const users = await call<{ login: string }[]>(second, "GET", "/_emulator/users");
      expect(users.body.map((u) => u.login)).toContain("mallory");
      const token = await tokenFor(second, "mallory");
      expect((await call(second, "GET", "/repos/mallory/toolbox", { token })).status).toBe(200);
      // What the file held is kept.
      const state = await call<{ counts: { tokens: number } }>(second, "GET", "/_emulator/state");
      expect(state.body.counts.tokens).toBe(2);
    } finally {
      await second.close();
    }
  });

  it("saves on change (debounced) while running", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "gh-emu-")), "nested", "state.json");
    const emu = await startEmulator({ port: 0, stateFile, seedTasks: false });
    try {
      await call(emu, "POST", "/_emulator/tokens", { body: { login: "bob" } });
      await new Promise((resolve) => setTimeout(resolve, 600));
      const saved = JSON.parse(readFileSync(stateFile, "utf8")) as { tokens: { login: string }[] };
      expect(saved.tokens.map((t) => t.login)).toEqual(["bob"]);
    } finally {
      await emu.close();
    }
  });
});
