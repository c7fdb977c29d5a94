import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { E2E_DATABASE_URL, EMULATOR_URL, signIn } from "./helpers";

const ALICE = 1001;

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function expectNoSeriousAxeViolations(page: Page) {
  // Next streams metadata: wait for the title before auditing the document.
  await expect(page).toHaveTitle(/\S/);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** alice signs in, and her seeded tasks are synced (sessions included). */
async function signInAndSync(page: Page) {
  await signIn(page, "alice", "/");
  await expect
    .poll(
      async () =>
        (
          await query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "Task" WHERE "creatorGithubId" = $1 AND "detailUpdatedAt" = "githubUpdatedAt"`,
            [ALICE],
          )
        )[0]!.n,
      { timeout: 60_000 },
    )
    .toBeGreaterThan(20);
}

test("the dashboard's counts match the database, by state, with a chart and breakdowns", async ({
  page,
}, testInfo) => {
  await signInAndSync(page);
  await page.goto("/?scope=all");
  // Tasks keep moving on the emulator's clock: compare a fresh page with a fresh count until they agree.
  await expect
    .poll(
      async () => {
        const counts = await query<{ state: string; n: number }>(
          `SELECT state::text, count(*)::int AS n FROM "Task" WHERE "archivedAt" IS NULL GROUP BY state`,
        );
        await page.reload();
        const shown: Record<string, number> = {};
        for (const { state } of counts)
          shown[state] = Number((await page.getByTestId(`count-${state}`).innerText()).replace(/\D/g, ""));
        return counts.every(({ state, n }) => shown[state] === n);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect(page.getByText("State changes per day, last 14 days")).toBeVisible();
  await expect(page.getByRole("region", { name: "By repository" }).getByRole("link").first()).toBeVisible();
  await expect(page.getByTestId("freshness")).toContainText("As of");
  await expectNoSeriousAxeViolations(page);
  await testInfo.attach("dashboard", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // A state card opens the queue filtered to it.
  await page.locator('[data-state="failed"] a').click();
  await expect(page).toHaveURL(/\/tasks\?state=failed/);
  await expect(page.getByRole("checkbox", { name: "Failed", exact: true })).toBeChecked();
});

test("queue filters and saved views round-trip through the URL, and the view exports as CSV", async ({
  page,
}, testInfo) => {
  await signInAndSync(page);
  await page.goto("/tasks");
  await page.getByRole("checkbox", { name: "Failed", exact: true }).check();
  await page.getByRole("checkbox", { name: "Timed out", exact: true }).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/state=failed&state=timed_out/);
  const rows = page.locator("tbody tr[data-task-id]");
  await expect(rows.first()).toBeVisible();
  const badges = await rows.locator("td:nth-child(2) span").first().allInnerTexts();
  expect(badges.every((text) => /Failed|Timed out/.test(text))).toBe(true);
  const expected = (
    await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Task" WHERE state IN ('failed', 'timed_out') AND "archivedAt" IS NULL`,
    )
  )[0]!.n;
  await expect(rows).toHaveCount(Math.min(expected, 50));

  const name = `Stuck work ${Date.now()}`;
  await page.getByLabel("Save these filters as").fill(name);
  await page.getByRole("button", { name: "Save view" }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();
  await page.goto("/tasks");
  await expect(page.getByRole("checkbox", { name: "Failed", exact: true })).not.toBeChecked();
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/state=failed&state=timed_out/);
  await expect(page.getByRole("checkbox", { name: "Timed out", exact: true })).toBeChecked();
  await expectNoSeriousAxeViolations(page);
  await testInfo.attach("queue", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  const csv = await page.request.get("/api/tasks/export?state=failed&state=timed_out");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toMatch(/^id,state,state_since,repository/);
  expect(lines.length - 1).toBe(expected);

  await page.getByRole("button", { name: `Delete view ${name}` }).click();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  const audited = await query<{ action: string }>(
    `SELECT action FROM "AuditEvent" WHERE action LIKE 'saved_view.%' AND details->>'name' = $1 ORDER BY at`,
    [name],
  );
  expect(audited.map((row) => row.action)).toEqual(["saved_view.create", "saved_view.delete"]);
});

test("the queue updates by itself when a task moves on GitHub", async ({ page, request }) => {
  await signInAndSync(page);
  const [task] = await query<{ id: string; name: string }>(
    `SELECT id, name FROM "Task" WHERE "creatorGithubId" = $1 AND state = 'idle' AND "archivedAt" IS NULL LIMIT 1`,
    [ALICE],
  );
  expect(task, "a seeded idle task of alice").toBeTruthy();
  await page.goto(`/tasks?q=${encodeURIComponent(task!.name.slice(0, 30))}`);
  const row = page.locator(`tr[data-task-id="${task!.id}"]`);
  await expect(row).toContainText("Idle");
  const moved = await request.post(`${EMULATOR_URL}/_emulator/tasks/${task!.id}/transition`, {
    data: { state: "failed" },
  });
  expect(moved.ok()).toBe(true);
  // No reload: the worker syncs it, and the table refreshes in the background.
  await expect(row).toContainText("Failed", { timeout: 45_000 });
  await expect(row).toHaveAttribute("data-changed", "true");
});

test("the task page shows sessions, usage, the timeline, and refreshes from GitHub", async ({
  page,
}, testInfo) => {
  await signInAndSync(page);
  const [task] = await query<{ id: string; name: string }>(
    `SELECT t.id, t.name FROM "Task" t WHERE t."creatorGithubId" = $1 AND t.state = 'completed'
       AND t."detailUpdatedAt" = t."githubUpdatedAt" AND t."creditsNano" > 0 ORDER BY t."githubUpdatedAt" DESC LIMIT 1`,
    [ALICE],
  );
  await page.goto(`/tasks/${task!.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(task!.name);
  await expect(page.getByTestId("session").first()).toContainText(/credits|premium requests/);
  await expect(page.getByTestId("timeline-entry").first()).toBeVisible();
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(page.getByText("Up to date with GitHub.")).toBeVisible();
  const [refreshed] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'task.refresh' AND "targetId" = $1`,
    [task!.id],
  );
  expect(refreshed!.n).toBe(1);
  await expectNoSeriousAxeViolations(page);
  await testInfo.attach("task-detail", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("'Export selected' exports exactly the selected tasks with the view export's columns", async ({
  page,
}) => {
  await signInAndSync(page);
  await page.goto("/tasks");
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

test("the task page copies its id", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAndSync(page);
  const [task] = await query<{ id: string }>(
    `SELECT id FROM "Task" WHERE "creatorGithubId" = $1 ORDER BY "githubUpdatedAt" DESC LIMIT 1`,
    [ALICE],
  );
  await page.goto(`/tasks/${task!.id}`);
  await page.getByRole("button", { name: "Copy task id" }).click();
  await expect(page.getByRole("button", { name: "Copy task id" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(task!.id);
});
