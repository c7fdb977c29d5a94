import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { call, emulator, tokenFor } from "./helpers";

interface Task {
  id: string;
  state: string;
  updated_at: string;
  created_at: string;
  archived_at: string | null;
  session_count: number;
  creator: { id: number };
  artifacts: { type: string; data: { id?: number; head_ref?: string; base_ref?: string } }[];
  sessions?: {
    state: string;
    model: string;
    head_ref: string;
    base_ref: string;
    completed_at?: string;
    usage: { type: string; amount: number };
    error?: { message: string };
  }[];
}
interface TaskList {
  tasks: Task[];
  total_active_count: number;
  total_archived_count: number;
}

async function start(
  emu: RunningEmulator,
  token: string,
  body: Record<string, unknown>,
  repo = "acme/checkout-api",
) {
  const result = await call<Task>(emu, "POST", `/agents/repos/${repo}/tasks`, { token, body });
  expect(result.status, result.text).toBe(201);
  return result.body;
}

const advance = (emu: RunningEmulator, seconds: number) =>
  call(emu, "POST", "/_emulator/clock/advance", { body: { seconds } });

function parseLink(header: string | null): Record<string, number> {
  const rels: Record<string, number> = {};
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>;\s*rel="(\w+)"/.exec(part.trim());
    if (match) rels[match[2]!] = Number(new URL(match[1]!).searchParams.get("page"));
  }
  return rels;
}

describe("agent tasks", () => {
  it("creates a queued task with the documented shape and urls from publicUrl", async () => {
    const emu = await emulator({ publicUrl: "https://gh.example.test", seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const task = await start(emu, alice, {
      prompt: "Fix the login button\n[emulator:outcome=completed]",
      base_ref: "main",
    });
    expect(task).toMatchObject({
      state: "queued",
      session_count: 1,
      artifacts: [],
      archived_at: null,
      creator: { id: 1001 },
      creator_type: "user",
      name: "Fix the login button",
      url: `https://gh.example.test/agents/repos/acme/checkout-api/tasks/${task.id}`,
      html_url: `https://gh.example.test/acme/checkout-api/copilot/tasks/${task.id}`,
    });
    expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("validates the body: missing prompt, unknown model, bad refs, bad JSON, no seat", async () => {
    const emu = await emulator({ seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const post = (body: unknown) =>
      call<{ message: string; errors?: { code: string; field: string; message: string }[] }>(
        emu,
        "POST",
        "/agents/repos/acme/checkout-api/tasks",
        { token: alice, body },
      );
    const missing = await post({ model: "gpt-5.4" });
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.[0]).toMatchObject({ code: "missing_field", field: "prompt" });
    const model = await post({ prompt: "x", model: "gpt-4o" });
    expect(model.body.errors?.[0]).toMatchObject({ code: "invalid", field: "model" });
    const refs = await post({ prompt: "x", base_ref: "nope", head_ref: "also-nope" });
    expect(refs.body.errors?.map((e) => e.field)).toEqual(["base_ref", "head_ref"]);
    expect(refs.body.errors?.[0]?.message).toContain("does not exist");
    const json = await call<{ message: string }>(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
      token: alice,
      rawBody: "{oops",
      headers: { "content-type": "application/json" },
    });
    expect(json.status).toBe(400);
    expect(json.body.message).toBe("Problems parsing JSON");
    const carol = await tokenFor(emu, "carol");
    const seat = await call<{ message: string }>(emu, "POST", "/agents/repos/acme/web-storefront/tasks", {
      token: carol,
      body: { prompt: "x" },
    });
    expect(seat.status).toBe(403);
    expect(seat.body.message).toContain("Copilot cloud agent is not enabled");
    for (const model of [
      "claude-sonnet-4.6",
      "claude-opus-4.6",
      "gpt-5.2-codex",
      "gpt-5.3-codex",
      "gpt-5.4",
      "claude-sonnet-4.5",
      "claude-opus-4.5",
    ]) {
      expect((await post({ prompt: `x ${model}`, model })).status).toBe(201);
    }
  });

  it("lives: queued → in_progress → completed with branch, PR, usage; lazily on clock advance", async () => {
    const emu = await emulator({ seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const created = await start(emu, alice, {
      prompt:
        "Add retries to the webhook sender\n[emulator:outcome=completed]\n[emulator:queue_seconds=5]\n[emulator:run_seconds=60]",
      create_pull_request: true,
    });
    const get = async () =>
      (await call<Task>(emu, "GET", `/agents/tasks/${created.id}`, { token: alice })).body;
    expect((await get()).sessions?.[0]).toMatchObject({
      state: "queued",
      model: expect.any(String),
      usage: { type: "ai_credits", amount: 0 },
    });
    const createdAt = Date.parse(created.created_at);
    await advance(emu, 10);
    const running = await get();
    expect(running.state).toBe("in_progress");
    expect(Date.parse(running.updated_at)).toBe(createdAt + 5000);
    expect(running.artifacts.map((a) => a.type)).toEqual(["branch", "pull"]);
    const usage1 = running.sessions![0]!.usage.amount;
    expect(Number.isInteger(usage1)).toBe(true);
    expect(usage1).toBeGreaterThan(0);
    await advance(emu, 20);
    expect((await get()).sessions![0]!.usage.amount).toBeGreaterThan(usage1);
    await advance(emu, 60);
    const done = await get();
    expect(done.state).toBe("completed");
    expect(Date.parse(done.updated_at)).toBe(createdAt + 65_000);
    expect(done.sessions![0]!.completed_at).toBe(done.updated_at);
    const branch = done.artifacts.find((a) => a.type === "branch")!;
    expect(branch.data).toEqual({ head_ref: "copilot/add-retries-to-the-webhook-sender", base_ref: "main" });
    const info = await call<{ pull_request: number }>(emu, "GET", `/_emulator/tasks/${done.id}`);
    const pull = await call<{
      id: number;
      state: string;
      draft: boolean;
      merged: boolean;
      requested_reviewers: { login: string }[];
      head: { ref: string };
    }>(emu, "GET", `/repos/acme/checkout-api/pulls/${info.body.pull_request}`, { token: alice });
    expect(pull.body).toMatchObject({
      state: "open",
      draft: false,
      merged: false,
      head: { ref: branch.data.head_ref },
    });
    expect(pull.body.id).toBe(done.artifacts.find((a) => a.type === "pull")!.data.id);
    expect(pull.body.requested_reviewers.map((u) => u.login)).toEqual(["alice"]);
    // The branch exists now.
    const branches = await call<{ name: string }[]>(emu, "GET", "/repos/acme/checkout-api/branches", {
      token: alice,
    });
    expect(branches.body.map((b) => b.name)).toContain(branch.data.head_ref);
    // Merge via the control API.
    await call(emu, "POST", `/_emulator/repos/acme/checkout-api/pulls/${info.body.pull_request}/merge`, {
      body: { login: "bob" },
    });
    const merged = await call<{ state: string; merged: boolean; merged_by: { login: string } }>(
      emu,
      "GET",
      `/repos/acme/checkout-api/pulls/${info.body.pull_request}`,
      { token: alice },
    );
    expect(merged.body).toMatchObject({ state: "closed", merged: true, merged_by: { login: "bob" } });
  });

  it("outcomes are deterministic per (repo, prompt); failures carry realistic errors; waiting has a question", async () => {
    const emuA = await emulator({ seedTasks: false });
    const emuB = await emulator({ seedTasks: false });
    const prompts = Array.from({ length: 12 }, (_, i) => `Refactor module ${i}`);
    const plans = async (emu: RunningEmulator) => {
      const token = await tokenFor(emu, "bob");
      const out: string[] = [];
      for (const prompt of prompts) {
        const task = await start(emu, token, { prompt }, "acme/web-storefront");
        out.push(
          (await call<{ sessions: { planned_outcome: string }[] }>(emu, "GET", `/_emulator/tasks/${task.id}`))
            .body.sessions[0]!.planned_outcome,
        );
      }
      return out;
    };
    expect(await plans(emuA)).toEqual(await plans(emuB));

    const emu = emuA;
    const alice = await tokenFor(emu, "alice");
    const failed = await start(emu, alice, {
      prompt: "Break it [emulator:outcome=failed] [emulator:failure=firewall]",
    });
    const waiting = await start(emu, alice, {
      prompt: "Ask me [emulator:outcome=waiting_for_user] [emulator:question=Which database?]",
    });
    const timeout = await start(emu, alice, { prompt: "Take forever [emulator:outcome=timed_out]" });
    await advance(emu, 300);
    const failedTask = (await call<Task>(emu, "GET", `/agents/tasks/${failed.id}`, { token: alice })).body;
    expect(failedTask.state).toBe("failed");
    expect(failedTask.sessions![0]!.error!.message).toMatch(/^The firewall blocked a request to /);
    const waitingTask = (await call<Task>(emu, "GET", `/agents/tasks/${waiting.id}`, { token: alice })).body;
    expect(waitingTask.state).toBe("waiting_for_user");
    expect(
      (await call<{ sessions: { question: string }[] }>(emu, "GET", `/_emulator/tasks/${waiting.id}`)).body
        .sessions[0]!.question,
    ).toBe("Which database?");
    expect((await call<Task>(emu, "GET", `/agents/tasks/${timeout.id}`, { token: alice })).body.state).toBe(
      "in_progress",
    );
    await advance(emu, 3600);
    expect((await call<Task>(emu, "GET", `/agents/tasks/${timeout.id}`, { token: alice })).body.state).toBe(
      "timed_out",
    );
  });

  it("speed multiplies the task clock; scenario weights choose outcomes", async () => {
    const emu = await emulator({ seedTasks: false, speed: 100 });
    const alice = await tokenFor(emu, "alice");
    await call(emu, "PUT", "/_emulator/scenario", { body: { weights: { cancelled: 1 }, reset: true } });
    const task = await start(emu, alice, { prompt: "Anything" });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token: alice })).body.state).toBe(
      "cancelled",
    );
  });

  it("control API: force a transition now, set the next state, follow-up sessions, archive", async () => {
    const emu = await emulator({ seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const task = await start(emu, alice, { prompt: "Do work [emulator:outcome=completed]" });
    await call(emu, "POST", `/_emulator/tasks/${task.id}/transition`, { body: { state: "in_progress" } });
    expect((await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token: alice })).body.state).toBe(
      "in_progress",
    );
    await call(emu, "POST", `/_emulator/tasks/${task.id}/transition`, {
      body: { state: "failed", when: "next" },
    });
    await advance(emu, 3600);
    const failed = (await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token: alice })).body;
    expect(failed.state).toBe("failed");
    expect(failed.sessions![0]!.error!.message.length).toBeGreaterThan(10);
    const followUp = await call<{ sessions: unknown[] }>(
      emu,
      "POST",
      `/_emulator/tasks/${task.id}/sessions`,
      { body: { prompt: "try again", outcome: "completed" } },
    );
    expect(followUp.status).toBe(201);
    const two = (await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token: alice })).body;
    expect(two).toMatchObject({ session_count: 2, state: "queued" });
    await call(emu, "POST", `/_emulator/tasks/${task.id}/archive`);
    const archived = (await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token: alice })).body;
    expect(archived.archived_at).not.toBeNull();
    const list = await call<TaskList>(emu, "GET", "/agents/tasks", { token: alice });
    expect(list.body).toMatchObject({ tasks: [], total_active_count: 0, total_archived_count: 1 });
  });

  it("head_ref continues an existing branch and pull request", async () => {
    const emu = await emulator({ seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const first = await start(emu, alice, {
      prompt: "Add a health endpoint [emulator:outcome=completed]",
      create_pull_request: true,
    });
    await advance(emu, 600);
    const done = (await call<Task>(emu, "GET", `/agents/tasks/${first.id}`, { token: alice })).body;
    const branch = done.artifacts.find((a) => a.type === "branch")!.data.head_ref!;
    const pullId = done.artifacts.find((a) => a.type === "pull")!.data.id;
    const info = (await call<{ pull_request: number }>(emu, "GET", `/_emulator/tasks/${first.id}`)).body;
    const before = (
      await call<{ commits: number }>(emu, "GET", `/repos/acme/checkout-api/pulls/${info.pull_request}`, {
        token: alice,
      })
    ).body;

    const next = await start(emu, alice, {
      prompt: "Also add a readiness probe [emulator:outcome=completed]",
      head_ref: branch,
      base_ref: "main",
    });
    expect(next.artifacts).toEqual([
      { provider: "github", type: "branch", data: { head_ref: branch, base_ref: "main" } },
      { provider: "github", type: "pull", data: { id: pullId, global_id: expect.any(String) } },
    ]);
    await advance(emu, 600);
    const continued = (await call<Task>(emu, "GET", `/agents/tasks/${next.id}`, { token: alice })).body;
    expect(continued.state).toBe("completed");
    expect(continued.sessions![0]!.head_ref).toBe(branch);
    const after = (
      await call<{ commits: number }>(emu, "GET", `/repos/acme/checkout-api/pulls/${info.pull_request}`, {
        token: alice,
      })
    ).body;
    expect(after.commits).toBeGreaterThan(before.commits);
    const pulls = (await call<{ head: string }[]>(emu, "GET", "/_emulator/pulls?repo=acme/checkout-api"))
      .body;
    expect(pulls.filter((p) => p.head === branch)).toHaveLength(1);
  });

  it("lists: pagination with Link headers and every filter", async () => {
    const emu = await emulator({ seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const bob = await tokenFor(emu, "bob");
    const mk = async (token: string, prompt: string) =>
      start(emu, token, {
        prompt: `${prompt} [emulator:outcome=completed] [emulator:queue_seconds=1] [emulator:run_seconds=1]`,
      });
    for (let i = 0; i < 7; i++) {
      await mk(alice, `alice task ${i}`);
      await advance(emu, 10);
    }
    for (let i = 0; i < 3; i++) await mk(bob, `bob task ${i}`);
    const sinceMark = new Date(
      Date.parse((await call<{ now: string }>(emu, "GET", "/_emulator/state")).body.now) - 1000,
    ).toISOString();
    await advance(emu, 5);
    const fresh = await start(emu, alice, { prompt: "still queued [emulator:queue_seconds=999]" });

    // User list: only the caller's tasks, desc by updated_at, 3 per page.
    const pages: string[][] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await call<TaskList>(emu, "GET", `/agents/tasks?per_page=3&page=${page}`, { token: alice });
      pages.push(res.body.tasks.map((t) => t.id));
      expect(res.body.total_active_count).toBe(8);
      const link = parseLink(res.headers.get("link"));
      expect(link.first).toBe(1);
      expect(link.last).toBe(3);
      if (page < 3) expect(link.next).toBe(page + 1);
      else expect(link.next).toBeUndefined();
      if (page > 1) expect(link.prev).toBe(page - 1);
      else expect(link.prev).toBeUndefined();
    }
    expect(pages.flat()).toHaveLength(8);
    expect(new Set(pages.flat()).size).toBe(8);
    expect(pages[0]![0]).toBe(fresh.id);
    const link = (
      await call(emu, "GET", "/agents/tasks?per_page=3&state=completed", { token: alice })
    ).headers.get("link")!;
    expect(link).toContain("state=completed");

    const asc = await call<TaskList>(emu, "GET", "/agents/tasks?sort=created_at&direction=asc&per_page=100", {
      token: alice,
    });
    const created = asc.body.tasks.map((t) => Date.parse(t.created_at));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const completed = await call<TaskList>(emu, "GET", "/agents/tasks?state=completed", { token: alice });
    expect(completed.body.tasks.every((t) => t.state === "completed")).toBe(true);
    expect(completed.body.tasks).toHaveLength(7);
    const mixed = await call<TaskList>(emu, "GET", "/agents/tasks?state=queued,completed", { token: alice });
    expect(mixed.body.tasks).toHaveLength(8);
    const since = await call<TaskList>(emu, "GET", `/agents/tasks?since=${encodeURIComponent(sinceMark)}`, {
      token: alice,
    });
    expect(since.body.tasks.map((t) => t.id)).toEqual([fresh.id]);

    await call(emu, "POST", `/_emulator/tasks/${fresh.id}/archive`);
    const archived = await call<TaskList>(emu, "GET", "/agents/tasks?is_archived=true", { token: alice });
    expect(archived.body).toMatchObject({ total_active_count: 7, total_archived_count: 1 });
    expect(archived.body.tasks.map((t) => t.id)).toEqual([fresh.id]);

    // Repo list: everyone's tasks; creator_id repeated.
    const repoAll = await call<TaskList>(emu, "GET", "/agents/repos/acme/checkout-api/tasks?per_page=100", {
      token: bob,
    });
    expect(repoAll.body.tasks).toHaveLength(10);
    const onlyBob = await call<TaskList>(
      emu,
      "GET",
      "/agents/repos/acme/checkout-api/tasks?creator_id=1002",
      { token: bob },
    );
    expect(onlyBob.body.tasks.every((t) => t.creator.id === 1002)).toBe(true);
    expect(onlyBob.body.tasks).toHaveLength(3);
    const both = await call<TaskList>(
      emu,
      "GET",
      "/agents/repos/acme/checkout-api/tasks?creator_id=1001&creator_id=1002&per_page=100",
      { token: bob },
    );
    expect(both.body.tasks).toHaveLength(10);

    // Validation.
    for (const query of [
      "per_page=101",
      "per_page=0",
      "page=0",
      "sort=name",
      "direction=up",
      "state=done",
      "is_archived=maybe",
      "since=yesterday",
      "creator_id=bob",
    ]) {
      const res = await call<{ message: string; errors: { code: string }[] }>(
        emu,
        "GET",
        `/agents/repos/acme/checkout-api/tasks?${query}`,
        { token: bob },
      );
      expect(res.status, query).toBe(422);
      expect(res.body.errors[0]!.code).toBe("invalid");
    }
  });

  it("seeds ~60 historical tasks across states for alice and bob", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    const all = "queued,in_progress,completed,failed,idle,waiting_for_user,timed_out,cancelled";
    const states = new Set<string>();
    let total = 0;
    for (const login of ["alice", "bob"]) {
      const token = login === "alice" ? alice : await tokenFor(emu, login);
      for (const archived of ["false", "true"]) {
        const res = await call<TaskList>(
          emu,
          "GET",
          `/agents/tasks?per_page=100&state=${all}&is_archived=${archived}`,
          { token },
        );
        res.body.tasks.forEach((t) => states.add(t.state));
        total += res.body.tasks.length;
      }
    }
    expect(total).toBeGreaterThanOrEqual(60);
    for (const state of ["completed", "failed", "waiting_for_user", "idle", "cancelled", "timed_out"])
      expect(states).toContain(state);
  });
});
