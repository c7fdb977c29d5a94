import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { MAX_ANSWER_LENGTH } from "../routes/pages";
import { call, emulator, tokenFor } from "./helpers";

interface Task {
  id: string;
  state: string;
  html_url: string;
}

const page = (emu: RunningEmulator, path: string) =>
  call(emu, "GET", path, { headers: { accept: "text/html" } });

function answer(emu: RunningEmulator, path: string, text: string) {
  return fetch(`${emu.url}${path}/answer`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ answer: text }).toString(),
    redirect: "manual",
  });
}

async function waitingTask(emu: RunningEmulator) {
  const token = await tokenFor(emu, "bob");
  const created = await call<Task>(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
    token,
    body: {
      prompt:
        "Add rate limiting [emulator:outcome=waiting_for_user] [emulator:question=Limit per user or per IP?]",
    },
  });
  expect(created.status, created.text).toBe(201);
  await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 600 } });
  const read = await call<Task>(emu, "GET", `/agents/tasks/${created.body.id}`, { token });
  expect(read.body.state).toBe("waiting_for_user");
  return { token, task: read.body, path: new URL(read.body.html_url).pathname };
}

describe("web pages", () => {
  it("serves a page for every link the API hands out: task, repository, branch, person, organisation", async () => {
    const emu = await emulator();
    const { task, path } = await waitingTask(emu);
    expect(task.html_url.startsWith(emu.url)).toBe(true);

    const taskPage = await page(emu, path);
    expect(taskPage.status).toBe(200);
    expect(taskPage.headers.get("content-type")).toContain("text/html");
    expect(taskPage.text).toContain("Waiting for you");
    expect(taskPage.text).toContain("Limit per user or per IP?");
    expect(taskPage.text).toMatch(/<label for="answer">Your answer<\/label>/);
    expect(taskPage.text).toContain("Task queued by @bob on acme/checkout-api");

    const repo = await page(emu, "/acme/checkout-api");
    expect(repo.status).toBe(200);
    expect(repo.text).toContain("Default branch");
    expect(repo.text).toContain(`/acme/checkout-api/copilot/tasks/${task.id}`);

    const branch = await page(emu, "/acme/checkout-api/tree/main");
    expect(branch.status).toBe(200);
    expect(branch.text).toContain("its default branch");

    const person = await page(emu, "/bob");
    expect(person.status).toBe(200);
    expect(person.text).toContain("Copilot tasks they started");
    const org = await page(emu, "/acme");
    expect(org.status).toBe(200);
    expect(org.text).toContain("Members");
    expect((await page(emu, "/")).status).toBe(200);
  });

  it("answers 404 pages for what does not exist, and leaves the API's own paths to the API", async () => {
    const emu = await emulator();
    expect((await page(emu, "/nobody-here")).status).toBe(404);
    expect((await page(emu, "/acme/no-such-repo")).status).toBe(404);
    expect((await page(emu, "/acme/checkout-api/tree/no-such-branch")).status).toBe(404);
    const wrongRepo = await page(
      emu,
      "/acme/web-storefront/copilot/tasks/00000000-0000-0000-0000-000000000000",
    );
    expect(wrongRepo.status).toBe(404);
    // `/user` and `/rate_limit` are API paths, not people's pages.
    const user = await call(emu, "GET", "/user");
    expect(user.status).toBe(401);
    expect(user.headers.get("content-type")).toContain("application/json");
    const limit = await call<{ resources: unknown }>(emu, "GET", "/rate_limit");
    expect(limit.body.resources).toBeDefined();
  });

  it("escapes what people wrote", async () => {
    const emu = await emulator();
    const token = await tokenFor(emu, "bob");
    const created = await call<Task>(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
      token,
      body: { prompt: "<script>alert(1)</script> fix the build" },
    });
    const taskPage = await page(emu, new URL(created.body.html_url).pathname);
    expect(taskPage.text).not.toContain("<script>alert(1)</script>");
    expect(taskPage.text).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
  });

  it("an answer resumes a waiting task, which then finishes as living tasks do", async () => {
    const emu = await emulator();
    const { token, task, path } = await waitingTask(emu);

    const response = await answer(emu, path, "Per user, 100 requests a minute.");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${path}?answered=1`);

    const resumed = await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token });
    expect(resumed.body.state).toBe("in_progress");
    const after = await page(emu, `${path}?answered=1`);
    expect(after.text).toContain("Copilot has your answer");
    expect(after.text).toContain("Per user, 100 requests a minute.");
    expect(after.text).not.toContain('name="answer"');
    expect(after.text).toContain("Read the answer; back at work");
    expect(after.text.match(/Starting session with model/g)).toHaveLength(1);

    await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 120 } });
    const done = await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token });
    expect(done.body.state).toBe("completed");
  });

  it("refuses an empty or oversized answer, and an answer to a task that is not waiting, changing nothing", async () => {
    const emu = await emulator();
    const { token, task, path } = await waitingTask(emu);

    const empty = await answer(emu, path, "   ");
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Write an answer");
    const huge = await answer(emu, path, "x".repeat(MAX_ANSWER_LENGTH + 1));
    expect(huge.status).toBe(422);
    expect((await call<Task>(emu, "GET", `/agents/tasks/${task.id}`, { token })).body.state).toBe(
      "waiting_for_user",
    );

    expect((await answer(emu, path, "First answer")).status).toBe(303);
    const again = await answer(emu, path, "Second answer");
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("not waiting for an answer");
    const details = await call<{ sessions: { state: string }[] }>(emu, "GET", `/_emulator/tasks/${task.id}`);
    expect(details.body.sessions.at(-1)?.state).toBe("in_progress");
  });
});

describe("reset keeping tokens (Switchyard's demo reset)", () => {
  it("goes back to the seed tasks while issued tokens keep working; a plain reset revokes them", async () => {
    const emu = await emulator();
    const seedTasks = emu.state.store.data.tasks.length;
    const { token } = await waitingTask(emu);
    expect(emu.state.store.data.tasks.length).toBe(seedTasks + 1);

    const kept = await call<{ tasks: number }>(emu, "POST", "/_emulator/reset", {
      body: { keep: ["tokens"] },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.tasks).toBe(seedTasks);
    expect((await call(emu, "GET", "/user", { token })).status).toBe(200);

    expect((await call(emu, "POST", "/_emulator/reset", { body: { keep: ["everything"] } })).status).toBe(
      422,
    );
    await call(emu, "POST", "/_emulator/reset");
    expect((await call(emu, "GET", "/user", { token })).status).toBe(401);
  });
});
