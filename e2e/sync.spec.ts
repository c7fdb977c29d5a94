import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE_URL, signIn } from "./helpers";

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

test("a task started from Switchyard is recorded as a launch and followed to its end by the worker", async ({
  page,
}) => {
  await signIn(page, "alice", "/launch");
  // No owner is assumed: the form starts empty.
  await page.getByLabel("Owner", { exact: true }).fill("acme");
  await page.getByLabel("Repository", { exact: true }).fill("payments-ledger");
  await page.getByLabel("Prompt", { exact: true }).fill("Document the ledger API [emulator:outcome=failed]");
  await page.getByRole("button", { name: "Start task" }).click();
  await expect(page.getByRole("heading", { name: /Task started in acme\/payments-ledger/ })).toBeVisible();

  const [launch] = await query<{ status: string; taskId: string }>(
    `SELECT l.status, l."taskId" FROM "Launch" l WHERE l.prompt LIKE 'Document the ledger API%' ORDER BY l."createdAt" DESC LIMIT 1`,
  );
  expect(launch).toMatchObject({ status: "started" });
  expect(launch!.taskId).toBeTruthy();

  // The worker's sync (not the page) brings the task to its final state, with every change recorded.
  await expect
    .poll(
      async () =>
        (await query<{ state: string }>(`SELECT state FROM "Task" WHERE id = $1`, [launch!.taskId]))[0]
          ?.state,
      { timeout: 30_000 },
    )
    .toBe("failed");
  const changes = await query<{ from: string | null; to: string; via: string }>(
    `SELECT "fromState" AS from, "toState" AS to, "observedVia" AS via FROM "TaskStateChange" WHERE "taskId" = $1 ORDER BY id`,
    [launch!.taskId],
  );
  expect(changes[0]).toMatchObject({ from: null, to: "queued", via: "launch" });
  expect(changes.at(-1)).toMatchObject({ to: "failed" });
  for (let i = 1; i < changes.length; i++) expect(changes[i]!.from).toBe(changes[i - 1]!.to);
  await expect
    .poll(
      async () =>
        (
          await query<{ error: string | null }>(`SELECT "errorMessage" AS error FROM "Task" WHERE id = $1`, [
            launch!.taskId,
          ])
        )[0]?.error,
      { timeout: 30_000 },
    )
    .toBeTruthy();
});

test("settings show each person's sync", async ({ page }, testInfo) => {
  await signIn(page, "bob", "/");
  await page.context().clearCookies();
  await signIn(page, "alice", "/settings");
  await expect(page.getByRole("heading", { name: "Task sync" })).toBeVisible();
  await expect(page.getByTestId("sync-alice")).toContainText("Syncing", { timeout: 20_000 });
  await expect(page.getByTestId("sync-bob")).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await testInfo.attach("settings-sync", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});
