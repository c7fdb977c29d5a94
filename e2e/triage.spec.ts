import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE_URL, EMULATOR_URL, signIn } from "./helpers";

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

// Each flow waits on several sync cycles and worker jobs.
test.describe.configure({ timeout: 90_000 });

/** alice starts a task from the launch form; returns its id. */
async function launchAsAlice(page: Page, repo: string, prompt: string) {
  await signIn(page, "alice", "/launch");
  // No owner is assumed: the form starts empty.
  await page.getByLabel("Owner", { exact: true }).fill("acme");
  await page.getByLabel("Repository", { exact: true }).fill(repo);
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Start task" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Task started in acme/${repo}`) })).toBeVisible();
  const [launch] = await query<{ taskId: string }>(
    `SELECT "taskId" FROM "Launch" WHERE prompt = $1 ORDER BY "createdAt" DESC LIMIT 1`,
    [prompt],
  );
  return launch!.taskId;
}

async function bobPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "bob", "/");
  return page;
}

async function itemFor(taskId: string) {
  await expect
    .poll(async () => (await query(`SELECT 1 FROM "TriageItem" WHERE "taskId" = $1`, [taskId])).length, {
      timeout: 45_000,
    })
    .toBe(1);
  return (
    await query<{ id: string; ownerReason: string; status: string; nextTaskId: string | null }>(
      `SELECT id, "ownerReason", status, "nextTaskId" FROM "TriageItem" WHERE "taskId" = $1`,
      [taskId],
    )
  )[0]!;
}

test("a failed task reaches its CODEOWNERS owner, who retries it; the item resolves when the retry completes", async ({
  page,
  browser,
}, testInfo) => {
  const prompt = `Add an index on profile lookups ${Date.now()} [emulator:outcome=failed] [emulator:failure=tests]`;
  // bob signs in first so Switchyard can route to him and sync his own tasks.
  const bob = await bobPage(browser);
  const taskId = await launchAsAlice(page, "user-profile-service", prompt);
  const item = await itemFor(taskId);
  expect(item.ownerReason).toBe("CODEOWNERS: @bob");

  await bob.goto("/triage?view=mine");
  const card = bob.locator(`[data-testid="triage-item"][data-task-id="${taskId}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("triage-reason")).toHaveText("CODEOWNERS: @bob");
  await expect(bob.getByRole("button", { name: /Notifications, \d+ unread/ })).toBeVisible({
    timeout: 20_000,
  });
  await expect(bob).toHaveTitle(/\S/);
  const axe = await new AxeBuilder({ page: bob }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(
    axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
  ).toEqual([]);
  await testInfo.attach("triage-inbox", {
    body: await bob.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await card.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(card.getByRole("status")).toContainText("Started", { timeout: 20_000 });
  const [linked] = await query<{ nextTaskId: string }>(
    `SELECT "nextTaskId" FROM "TriageItem" WHERE id = $1`,
    [item.id],
  );
  expect(linked!.nextTaskId).toBeTruthy();
  const [launch] = await query<{ githubLogin: string; kind: string; previousTaskId: string }>(
    `SELECT "githubLogin", kind, "previousTaskId" FROM "Launch" WHERE "taskId" = $1`,
    [linked!.nextTaskId],
  );
  // Under bob's own identity, linked to the original as its next attempt.
  expect(launch).toEqual({ githubLogin: "bob", kind: "retry", previousTaskId: taskId });

  // The same prompt would fail again on the emulator: let this attempt succeed.
  await expect
    .poll(
      async () =>
        (
          await bob.request.post(`${EMULATOR_URL}/_emulator/tasks/${linked!.nextTaskId}/transition`, {
            data: { state: "completed" },
          })
        ).status(),
      { timeout: 20_000 },
    )
    .toBe(200);
  await expect
    .poll(
      async () =>
        (await query<{ status: string }>(`SELECT status FROM "TriageItem" WHERE id = $1`, [item.id]))[0]!
          .status,
      {
        timeout: 45_000,
      },
    )
    .toBe("resolved");
  const [resolved] = await query<{ resolution: string }>(
    `SELECT resolution FROM "TriageItem" WHERE id = $1`,
    [item.id],
  );
  expect(resolved!.resolution).toBe("retried");
  await bob.goto(`/tasks/${taskId}`);
  await expect(bob.getByText("Next attempt")).toBeVisible();
});

test("a task waiting for an answer is followed up from the inbox on the same branch", async ({
  page,
  browser,
}) => {
  const prompt = `Add rate limiting to profile updates ${Date.now()} [emulator:outcome=waiting_for_user]`;
  const bob = await bobPage(browser);
  const taskId = await launchAsAlice(page, "user-profile-service", prompt);
  await itemFor(taskId);
  const [task] = await query<{ headRef: string }>(`SELECT "headRef" FROM "Task" WHERE id = $1`, [taskId]);

  await bob.goto("/triage?view=mine");
  const card = bob.locator(`[data-testid="triage-item"][data-task-id="${taskId}"]`);
  await card
    .getByLabel(/Or follow up here/)
    .fill("Use a sliding window of 100 requests per minute per user.");
  await card.getByRole("button", { name: "Follow up" }).click();
  await expect(card.getByRole("status")).toContainText("Started", { timeout: 20_000 });
  const [followUp] = await query<{ headRef: string; kind: string; prompt: string }>(
    `SELECT l."headRef", l.kind, l.prompt FROM "Launch" l WHERE l."previousTaskId" = $1`,
    [taskId],
  );
  expect(followUp).toMatchObject({ kind: "follow_up", headRef: task!.headRef });
  expect(followUp!.prompt).toContain("sliding window");
});

test("a selection of items is acknowledged in one go, and the action is audited", async ({ browser }) => {
  const bob = await bobPage(browser);
  await bob.goto("/triage?view=mine");
  const first = bob.getByTestId("triage-item").first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  const taskId = await first.getAttribute("data-task-id");
  await first.getByRole("checkbox", { name: /^Select / }).check();
  const bulk = bob.getByRole("form", { name: "Act on several items" });
  await expect(bulk).toContainText("For the 1 selected item");
  await bulk.getByRole("button", { name: "Apply to 1 items" }).click();
  await expect(bulk.getByRole("status")).toHaveText("Done.");
  const [row] = await query<{ acknowledged: boolean }>(
    `SELECT "acknowledgedAt" IS NOT NULL AS acknowledged FROM "TriageItem" WHERE "taskId" = $1 AND status = 'open'`,
    [taskId],
  );
  expect(row!.acknowledged).toBe(true);
  const audits = await query(
    `SELECT 1 FROM "AuditEvent" WHERE action = 'triage.acknowledge' AND details->>'taskId' = $1`,
    [taskId],
  );
  expect(audits.length).toBeGreaterThan(0);
});
