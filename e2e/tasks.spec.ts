import { readFile } from "node:fs/promises";
import type { PrismaClient } from "../generated/prisma/client";
import { attachScreenshot, expect, githubIdOf, test } from "./fixtures";
import { TaskQueue } from "./pages/task-queue";

/** alice's seeded tasks are synced, sessions included (she signed in in the setup project). */
async function aliceIsSynced(db: PrismaClient) {
  await expect
    .poll(
      () =>
        db.task.count({
          where: {
            creatorGithubId: githubIdOf("alice"),
            detailUpdatedAt: { equals: db.task.fields.githubUpdatedAt },
          },
        }),
      { timeout: 60_000 },
    )
    .toBeGreaterThan(20);
}

/** Failed and timed-out tasks in the store, everyone's. */
const stuckTasks = (db: PrismaClient) =>
  db.task.count({ where: { state: { in: ["failed", "timed_out"] }, archivedAt: null } });

test("the dashboard's counts match the database, by state, with a chart and breakdowns", async ({
  asUser,
  axe,
  db,
}) => {
  const page = await asUser("alice", "/?scope=all");
  await aliceIsSynced(db);
  // Tasks keep moving on the emulator's clock: compare a fresh page with a fresh count until they agree.
  await expect
    .poll(
      async () => {
        const counts = await db.task.groupBy({ by: ["state"], where: { archivedAt: null }, _count: true });
        await page.reload();
        const shown: Record<string, number> = {};
        for (const { state } of counts)
          shown[state] = Number((await page.getByTestId(`count-${state}`).innerText()).replace(/\D/g, ""));
        return counts.every(({ state, _count }) => shown[state] === _count);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect(page.getByText("State changes per UTC day, last 14 days")).toBeVisible();
  await expect(page.getByRole("region", { name: "By repository" }).getByRole("link").first()).toBeVisible();
  await expect(page.getByTestId("freshness")).toContainText("As of");
  await axe.expectNoSeriousViolations(page);
  await attachScreenshot(page, "dashboard");

  // A state card opens the queue filtered to it.
  await page.locator('[data-state="failed"] a').click();
  await expect(page).toHaveURL(/\/tasks\?state=failed/);
  await expect(new TaskQueue(page).stateFilter("Failed")).toBeChecked();
});

test("queue filters and saved views round-trip through the URL, and the view exports as CSV", async ({
  asUser,
  axe,
  db,
}) => {
  const page = await asUser("alice", "/tasks");
  await aliceIsSynced(db);
  const queue = new TaskQueue(page);
  await queue.filterByStates("Failed", "Timed out");
  await expect(page).toHaveURL(/state=failed&state=timed_out/);
  await expect(queue.rows.first()).toBeVisible();
  const badges = await queue.rows.locator("td:nth-child(2) span").first().allInnerTexts();
  expect(badges.every((text) => /Failed|Timed out/.test(text))).toBe(true);
  // Other specs fail tasks meanwhile, and the table refreshes by itself: compare with a fresh count.
  await expect(async () => {
    await expect(queue.rows).toHaveCount(Math.min(await stuckTasks(db), 50), { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });

  const name = `Stuck work ${Date.now()}`;
  await queue.saveView(name);
  await expect(queue.view(name)).toBeVisible();
  await queue.open();
  await expect(queue.stateFilter("Failed")).not.toBeChecked();
  // A click that lands while the page is still hydrating can be lost under load: click until it navigates.
  await expect(async () => {
    await queue.view(name).click();
    await expect(page).toHaveURL(/state=failed&state=timed_out/, { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  await expect(queue.stateFilter("Timed out")).toBeChecked();
  await axe.expectNoSeriousViolations(page);
  await attachScreenshot(page, "queue");

  await expect(async () => {
    const expected = await stuckTasks(db);
    const csv = await page.request.get("/api/tasks/export?state=failed&state=timed_out");
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,state,state_since,repository/);
    expect(lines.length - 1).toBe(expected);
  }).toPass({ timeout: 30_000 });

  await queue.deleteView(name);
  await expect(queue.view(name)).toHaveCount(0);
  const audited = await db.auditEvent.findMany({
    where: { action: { startsWith: "saved_view." }, details: { path: ["name"], equals: name } },
    orderBy: { at: "asc" },
    select: { action: true },
  });
  expect(audited.map((row) => row.action)).toEqual(["saved_view.create", "saved_view.delete"]);
});

test("the queue updates by itself when a task moves on GitHub", async ({ asUser, db, emulator }) => {
  await aliceIsSynced(db);
  const task = await db.task.findFirst({
    where: { creatorGithubId: githubIdOf("alice"), state: "idle", archivedAt: null },
    select: { id: true, name: true },
  });
  expect(task, "a seeded idle task of alice").toBeTruthy();
  const queue = new TaskQueue(
    await asUser("alice", `/tasks?q=${encodeURIComponent(task!.name!.slice(0, 30))}`),
  );
  const row = queue.row(task!.id);
  await expect(row).toContainText("Idle");
  await emulator.transition(task!.id, { state: "failed" });
  // No reload: the worker syncs it, and the table refreshes in the background.
  await expect(row).toContainText("Failed", { timeout: 45_000 });
  await expect(row).toHaveAttribute("data-changed", "true");
});

test("the task page shows sessions, usage, the timeline, and refreshes from GitHub", async ({
  asUser,
  axe,
  db,
}) => {
  await aliceIsSynced(db);
  const task = await db.task.findFirst({
    where: {
      creatorGithubId: githubIdOf("alice"),
      state: "completed",
      detailUpdatedAt: { equals: db.task.fields.githubUpdatedAt },
      creditsNano: { gt: 0 },
    },
    orderBy: { githubUpdatedAt: "desc" },
    select: { id: true, name: true },
  });
  const page = await asUser("alice", `/tasks/${task!.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(task!.name!);
  await expect(page.getByTestId("session").first()).toContainText(/credits|premium requests/);
  await expect(page.getByTestId("timeline-entry").first()).toBeVisible();
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(page.getByText("Up to date with GitHub.")).toBeVisible();
  const refreshed = await db.auditEvent.count({ where: { action: "task.refresh", targetId: task!.id } });
  expect(refreshed).toBe(1);
  await axe.expectNoSeriousViolations(page);
  await attachScreenshot(page, "task-detail");
});

test("'Export selected' exports exactly the selected tasks with the view export's columns", async ({
  asUser,
  db,
}) => {
  await aliceIsSynced(db);
  const page = await asUser("alice", "/tasks");
  const rows = page.locator("tbody tr[data-task-id]");
  const ids = [
    await rows.nth(0).getAttribute("data-task-id"),
    await rows.nth(2).getAttribute("data-task-id"),
  ];
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(2).getByRole("checkbox").check();
  await expect(page.getByText("2 selected")).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export selected (CSV)" }).click(),
  ]);
  const selected = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
  const view = (await (await page.request.get("/api/tasks/export")).text()).split("\r\n");
  expect(selected[0]).toBe(view[0]);
  expect(
    selected
      .slice(1)
      .map((line) => line.split(",")[0])
      .sort(),
  ).toEqual([...ids].sort());
  // Bad ids change nothing and say why.
  const bad = await page.request.post("/api/tasks/export", { form: { ids: "../etc/passwd" } });
  expect(bad.status()).toBe(400);
});

test("the task page copies its id", async ({ asUser, db }) => {
  await aliceIsSynced(db);
  const task = await db.task.findFirst({
    where: { creatorGithubId: githubIdOf("alice") },
    orderBy: { githubUpdatedAt: "desc" },
    select: { id: true },
  });
  const page = await asUser("alice", `/tasks/${task!.id}`);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy task id" }).click();
  await expect(page.getByRole("button", { name: "Copy task id" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(task!.id);
});
