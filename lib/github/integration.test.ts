import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "@/github-emulator/server";
import { startTask, listMyTasks, listRepoTasks, getTask, getRepoTask } from "./agent-tasks";
import { createGitHubClient, type GitHubClient } from "./client";
import { GitHubError } from "./errors";
import { getViewer, listBranches, listUserRepos } from "./repos";

let emu: { url: string; close: () => Promise<void> };

async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

async function clientFor(login: string): Promise<GitHubClient> {
  const { token } = await control<{ token: string }>("POST", "/_emulator/tokens", {
    login,
    kind: "oauth_app",
  });
  return createGitHubClient({ token, baseUrl: emu.url, waitUnitMs: 5 });
}

async function caught(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GitHubError);
    return error as GitHubError;
  }
  throw new Error("expected a GitHubError");
}

type Counters = { routes: Record<string, { total: number; byStatus: Record<string, number> }> };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, speed: 10 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await control("DELETE", "/_emulator/faults");
  await control("POST", "/_emulator/counters/reset");
  await control("POST", "/_emulator/rate-limit/reset");
});

describe("GitHub client against the emulator", () => {
  it("sends the API version and a descriptive User-Agent, and reports the rate budget", async () => {
    const alice = await clientFor("alice");
    expect(alice.rateBudget()).toBeNull();
    const viewer = await getViewer(alice);
    expect(viewer.login).toBe("alice");
    const budget = alice.rateBudget();
    expect(budget?.limit).toBe(5000);
    expect(budget?.remaining).toBeLessThan(5000);
    expect(budget?.nearlyExhausted).toBe(false);
    expect(budget?.resetAt).toBeInstanceOf(Date);
  });

  it("alice starts a task (201) and can read it back", async () => {
    const alice = await clientFor("alice");
    const task = await startTask(alice, {
      owner: "acme",
      repo: "web-storefront",
      prompt: "Add a dark mode toggle",
      create_pull_request: true,
    });
    expect(task.id).toBeTruthy();
    expect(task.state).toBe("queued");
    const again = await getTask(alice, { task_id: task.id });
    expect(again.id).toBe(task.id);
    const inRepo = await getRepoTask(alice, { owner: "acme", repo: "web-storefront", task_id: task.id });
    expect(inRepo.id).toBe(task.id);
  });

  it("carol (no Copilot seat) gets no_copilot_access", async () => {
    const carol = await clientFor("carol");
    const error = await caught(startTask(carol, { owner: "acme", repo: "web-storefront", prompt: "hi" }));
    expect(error.kind).toBe("no_copilot_access");
    expect(error.status).toBe(403);
    expect(error.message).toContain("acme/web-storefront");
  });

  it("an invisible repository is not_found", async () => {
    const bob = await clientFor("bob");
    const error = await caught(startTask(bob, { owner: "acme", repo: "security-scanner", prompt: "hi" }));
    expect(error.kind).toBe("not_found");
    expect(error.message).toContain(
      "acme/security-scanner doesn't exist or your GitHub account can't see it",
    );
    expect((await caught(listBranches(bob, "acme", "no-such-repo"))).kind).toBe("not_found");
  });

  it("422 maps to invalid_input with GitHub's field messages", async () => {
    const alice = await clientFor("alice");
    const error = await caught(
      startTask(alice, { owner: "acme", repo: "web-storefront", prompt: "hi", model: "gpt-1" }),
    );
    expect(error.kind).toBe("invalid_input");
    expect(error.status).toBe(422);
    expect(error.fieldErrors?.some((e) => e.field === "model")).toBe(true);
    expect(error.message).toContain("model");
  });

  it("a revoked token is signed_out and the message has no token", async () => {
    const { token } = await control<{ token: string }>("POST", "/_emulator/tokens", {
      login: "bob",
      kind: "oauth_app",
    });
    await control("POST", "/_emulator/users/bob/revoke-tokens");
    const error = await caught(getViewer(createGitHubClient({ token, baseUrl: emu.url })));
    expect(error.kind).toBe("signed_out");
    expect(error.message).not.toContain(token);
  });

  it("retries a GET after an injected 502", async () => {
    const alice = await clientFor("alice");
    await control("POST", "/_emulator/faults", {
      type: "status",
      status: 502,
      path: "/agents/tasks",
      method: "GET",
    });
    const result = await listMyTasks(alice);
    expect(result.notModified).toBe(false);
    const counters = await control<Counters>("GET", "/_emulator/counters");
    expect(counters.routes["GET (fault: status)"]?.total).toBe(1);
  });

  it("never retries a task-creating POST: one request, kind unavailable", async () => {
    const alice = await clientFor("alice");
    await control("POST", "/_emulator/faults", {
      type: "status",
      status: 502,
      path: "/agents/repos/*/*/tasks",
      method: "POST",
      count: 5,
    });
    const error = await caught(
      startTask(alice, { owner: "acme", repo: "web-storefront", prompt: "once only" }),
    );
    expect(error.kind).toBe("unavailable");
    expect(error.status).toBe(502);
    const counters = await control<Counters>("GET", "/_emulator/counters");
    const posts = Object.entries(counters.routes)
      .filter(([route]) => route.startsWith("POST"))
      .reduce((sum, [, c]) => sum + c.total, 0);
    expect(posts).toBe(1);
  });

  it("returns { notModified: true } for a matching etag (304)", async () => {
    const alice = await clientFor("alice");
    const first = await listRepoTasks(alice, { owner: "acme", repo: "web-storefront", per_page: 5 });
    if (first.notModified) throw new Error("unexpected 304");
    expect(first.etag).toBeTruthy();
    expect(Array.isArray(first.data.tasks)).toBe(true);
    const second = await listRepoTasks(alice, {
      owner: "acme",
      repo: "web-storefront",
      per_page: 5,
      etag: first.etag,
    });
    expect(second.notModified).toBe(true);

    const repos = await listUserRepos(alice, { per_page: 2 });
    if (repos.notModified) throw new Error("unexpected 304");
    expect(repos.link).toContain('rel="next"');
    expect((await listUserRepos(alice, { per_page: 2, etag: repos.etag })).notModified).toBe(true);
  });

  it("filters repo tasks by creator_id", async () => {
    const alice = await clientFor("alice");
    const result = await listRepoTasks(alice, { owner: "acme", repo: "web-storefront", creator_id: [1001] });
    if (result.notModified) throw new Error("unexpected 304");
    expect(result.data.tasks.every((t) => Number(t.creator?.id) === 1001)).toBe(true);
  });

  it("a malformed JSON body surfaces as unavailable", async () => {
    const alice = await clientFor("alice");
    await control("POST", "/_emulator/faults", { type: "malformed_json", path: "/agents/tasks" });
    expect((await caught(listMyTasks(alice))).kind).toBe("unavailable");
  });

  it("secondary limit: GETs wait retry-after and retry; task creation surfaces rate_limited", async () => {
    const alice = await clientFor("alice");
    await control("POST", "/_emulator/faults", {
      type: "status",
      status: 429,
      path: "/agents/tasks",
      method: "GET",
      count: 2,
      headers: { "retry-after": "1" },
    });
    expect((await listMyTasks(alice)).notModified).toBe(false);

    await control("PATCH", "/_emulator/settings", { secondaryCreateLimitPerMinute: 1 });
    try {
      await startTask(alice, { owner: "acme", repo: "web-storefront", prompt: "first" });
      await control("POST", "/_emulator/counters/reset");
      const error = await caught(
        startTask(alice, { owner: "acme", repo: "web-storefront", prompt: "second" }),
      );
      expect(error.kind).toBe("rate_limited");
      expect(error.retryAt).toBeInstanceOf(Date);
      const counters = await control<Counters>("GET", "/_emulator/counters");
      const posts = Object.entries(counters.routes)
        .filter(([route]) => route.startsWith("POST"))
        .reduce((sum, [, c]) => sum + c.total, 0);
      expect(posts).toBe(1);
    } finally {
      await control("PATCH", "/_emulator/settings", { secondaryCreateLimitPerMinute: 80 });
    }
  });

  it("primary limit: gives up at once on POST, marks the budget exhausted", async () => {
    await control("PATCH", "/_emulator/settings", { primaryRateLimit: 2 });
    try {
      const bob = await clientFor("bob");
      await getViewer(bob);
      await getViewer(bob);
      expect(bob.rateBudget()?.nearlyExhausted).toBe(true);
      const error = await caught(startTask(bob, { owner: "acme", repo: "web-storefront", prompt: "hi" }));
      expect(error.kind).toBe("rate_limited");
      expect(error.retryAt!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await control("PATCH", "/_emulator/settings", { primaryRateLimit: 5000 });
    }
  });
});
