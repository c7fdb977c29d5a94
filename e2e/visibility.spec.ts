/**
 * Each person sees only what GitHub shows them. acme/security-scanner is private to the security
 * team (alice, not bob); bob/scratch is bob's own private repository (not alice's). A failed task in
 * each: bob never meets the scanner's task (queue, its page by URL, dashboard breakdown, triage,
 * export); alice, an admin, sees both, and the portal says hers is an admin view.
 */
import type { PrismaClient } from "../generated/prisma/client";
import { expect, test } from "./fixtures";
import { EMULATOR_URL } from "./support/emulator";

/** Starts a task on the emulator as `login`, as if from github.com (Switchyard learns it by syncing). */
async function startOnGitHub(login: string, repository: string, prompt: string): Promise<string> {
  const minted = await fetch(`${EMULATOR_URL}/_emulator/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, kind: "pat" }),
  });
  const { token } = (await minted.json()) as { token: string };
  const response = await fetch(`${EMULATOR_URL}/agents/repos/${repository}/tasks`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ prompt }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The task is in Switchyard's store and has failed, and the person's visible repositories are known. */
async function synced(db: PrismaClient, taskId: string, login: string) {
  await expect
    .poll(async () => (await db.task.findUnique({ where: { id: taskId }, select: { state: true } }))?.state, {
      timeout: 60_000,
    })
    .toBe("failed");
  await expect
    .poll(
      async () => {
        const user = await db.user.findUnique({ where: { login }, select: { id: true } });
        if (!user) return 0;
        return db.repositoryAccessState.count({ where: { userId: user.id, refreshedAt: { not: null } } });
      },
      { timeout: 30_000 },
    )
    .toBe(1);
}

test("a member never meets a task of a repository GitHub hides from them; an admin sees it, marked", async ({
  asUser,
  db,
}, testInfo) => {
  // Two people sign in and sync before anything is checked.
  test.setTimeout(180_000);
  const stamp = Date.now();
  const secret = `Rotate the scanner's signing keys ${stamp}`;
  const scratch = `Tidy the scratch notes ${stamp}`;
  const secretTask = await startOnGitHub(
    "alice",
    "acme/security-scanner",
    `${secret} [emulator:outcome=failed] [emulator:failure=tests]`,
  );
  const scratchTask = await startOnGitHub(
    "bob",
    "bob/scratch",
    `${scratch} [emulator:outcome=failed] [emulator:failure=tests]`,
  );
  const bob = await asUser("bob", "/");
  const alice = await asUser("alice", "/");
  await synced(db, secretTask, "alice");
  await synced(db, scratchTask, "bob");
  await expect
    .poll(() => db.triageItem.count({ where: { taskId: secretTask } }), { timeout: 45_000 })
    .toBe(1);

  // bob: his own task is there (the lists are loaded), the scanner's is nowhere.
  await bob.goto("/tasks?state=failed");
  await expect(bob.getByRole("link", { name: scratch })).toBeVisible({ timeout: 20_000 });
  await expect(bob.getByText(secret)).toHaveCount(0);
  await bob.goto(`/tasks?q=${encodeURIComponent("signing keys")}`);
  await expect(bob.getByText(secret)).toHaveCount(0);

  // Its page by URL is "not found", exactly like an id that does not exist (the root loading.tsx
  // streams, so both come with status 200 and Next's noindex; neither says more).
  await bob.goto(`/tasks/${secretTask}`);
  await expect(bob.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(bob.getByText(secret)).toHaveCount(0);
  await expect(bob.getByText("security-scanner")).toHaveCount(0);
  const hidden = await (await bob.request.get(`/tasks/${secretTask}`)).text();
  expect(hidden).not.toContain("security-scanner");
  expect(hidden).not.toContain(secret);

  await bob.goto("/?scope=all");
  const byRepository = bob.getByRole("region", { name: "By repository" });
  await expect(byRepository).toBeVisible();
  await expect(byRepository.getByText("acme/security-scanner")).toHaveCount(0);
  await expect(bob.getByText("security-scanner")).toHaveCount(0);

  await bob.goto("/triage?view=all");
  await expect(bob.locator(`[data-task-id="${secretTask}"]`)).toHaveCount(0);
  await expect(bob.getByText(secret)).toHaveCount(0);

  const bobCsv = await (await bob.request.get("/api/tasks/export?archived=include")).text();
  expect(bobCsv).toContain(scratchTask);
  expect(bobCsv).not.toContain(secretTask);
  expect(bobCsv).not.toContain("security-scanner");
  await testInfo.attach("member-queue", {
    body: await bob.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // alice, an admin: both tasks, in every list, and the portal marks the view.
  await alice.goto("/tasks?state=failed");
  await expect(alice.getByRole("link", { name: secret })).toBeVisible({ timeout: 20_000 });
  await expect(alice.getByRole("link", { name: scratch })).toBeVisible();
  await expect(alice.getByTestId("visibility-note")).toContainText("Admin view");
  // The hidden-repository count is shared for 30 s (lib/dal/visibility.ts): reload until it counts
  // the hidden task this test made.
  await expect
    .poll(
      async () => {
        await alice.reload();
        return alice.getByTestId("visibility-note").textContent();
      },
      { timeout: 75_000, intervals: [5_000] },
    )
    .toContain("repositories you cannot see on GitHub");

  await alice.goto(`/tasks/${secretTask}`);
  await expect(alice.getByRole("heading", { name: secret })).toBeVisible();
  // bob/scratch is not hers on GitHub: that task's page says she sees it only as an admin.
  await alice.goto(`/tasks/${scratchTask}`);
  await expect(alice.getByTestId("admin-only-task")).toContainText(
    "your GitHub account cannot see bob/scratch",
  );

  await alice.goto("/?scope=all");
  await expect(alice.getByRole("region", { name: "By repository" })).toBeVisible();

  await alice.goto("/triage?view=all");
  await expect(alice.locator(`[data-task-id="${secretTask}"]`)).toBeVisible();

  const aliceCsv = await (await alice.request.get("/api/tasks/export?archived=include")).text();
  expect(aliceCsv).toContain(secretTask);
  expect(aliceCsv).toContain(scratchTask);
  await testInfo.attach("admin-view", {
    body: await alice.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});
