import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE_URL, signIn } from "./helpers";

test("start a task from the form and watch it reach a terminal state", async ({ page }, testInfo) => {
  await signIn(page, "alice", "/launch");
  // No owner is assumed: the form starts empty.
  await page.getByLabel("Owner", { exact: true }).fill("acme");
  await page.getByLabel("Repository", { exact: true }).fill("checkout-api");
  await page
    .getByLabel("Prompt", { exact: true })
    .fill("Add a health check endpoint [emulator:outcome=completed]");
  await page.getByRole("button", { name: "Start task" }).click();
  await expect(page.getByRole("heading", { name: "Task started in acme/checkout-api" })).toBeVisible();
  await expect(page.getByTestId("task-state")).toHaveText("completed", { timeout: 20_000 });
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await testInfo.attach("launched", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("bad input is caught before GitHub, and a user without a Copilot seat gets a clear message", async ({
  page,
}) => {
  await signIn(page, "carol", "/launch");
  // No owner is assumed: the form starts empty.
  await page.getByLabel("Owner", { exact: true }).fill("acme");
  await page.getByLabel("Repository", { exact: true }).fill("web-storefront");
  await page.getByLabel(/^Base branch/).fill("bad..ref");
  await page.getByLabel("Prompt", { exact: true }).fill("Fix the flaky test");
  await page.getByRole("button", { name: "Start task" }).click();
  await expect(page.getByText("Check the highlighted fields.")).toBeVisible();
  await expect(page.getByLabel(/^Base branch/)).toHaveAttribute("aria-invalid", "true");
  // Nothing the person typed is lost.
  await expect(page.locator("textarea[name=prompt]")).toHaveValue("Fix the flaky test");

  await page.getByLabel(/^Base branch/).fill("");
  await page.getByRole("button", { name: "Start task" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /Copilot seat/ })).toBeVisible();
});

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

test("start from a template: pickers, the server-rendered preview, and the policy applied", async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  await signIn(page, "alice", "/launch");
  await page.getByRole("link", { name: /Dependency or runtime upgrade/ }).click();
  await expect(page.getByTestId("template-in-use")).toContainText("Dependency or runtime upgrade");

  // The repository picker: type, move with the keyboard, pick.
  const repository = page.getByRole("combobox", { name: "Repository", exact: true });
  await repository.fill("payments-led");
  await expect(page.getByRole("option", { name: /acme\/payments-ledger/ })).toBeVisible();
  await repository.press("ArrowDown");
  await repository.press("Enter");
  await expect(repository).toHaveValue("payments-ledger");
  await expect(page.getByLabel("Owner", { exact: true })).toHaveValue("acme");

  // The branch picker lists the repository's branches.
  const branch = page.getByRole("combobox", { name: /^Base branch/ });
  // The list opens on ↓ (focus alone leaves it closed, so Enter in an untouched field submits).
  await branch.press("ArrowDown");
  await expect(page.getByRole("option", { name: "trunk", exact: true })).toBeVisible();
  await branch.press("Escape");

  const marker = `e2e ${Date.now()} [emulator:outcome=completed]`;
  await page.getByLabel(/^Target version/).fill("22");
  await page.getByLabel(/^Anything else the agent should know/).fill(marker);
  const preview = page.getByTestId("rendered-prompt");
  await expect(preview).toContainText("Upgrade Node.js to 22 in acme/payments-ledger");
  await expect(preview).toContainText(marker);
  await expect(page.getByTestId("policy-note").first()).toContainText(/branch-only/);
  const rendered = await preview.textContent();

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await testInfo.attach("template-preview", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await page.getByRole("button", { name: "Start task" }).click();
  await expect(page.getByRole("heading", { name: "Task started in acme/payments-ledger" })).toBeVisible();
  await expect(
    page
      .getByRole("region", { name: "Task started in acme/payments-ledger" })
      .getByText(/Pull request turned off/),
  ).toBeVisible();
  const [launch] = await query<{
    prompt: string;
    templateVersionId: string | null;
    createPullRequest: boolean;
    taskId: string;
  }>(
    `SELECT prompt, "templateVersionId", "createPullRequest", "taskId" FROM "Launch" WHERE prompt LIKE $1 ORDER BY "createdAt" DESC LIMIT 1`,
    [`%${marker}%`],
  );
  // The server rendered the same prompt the preview showed, recorded the version, and kept the PR off.
  expect(launch!.prompt.trim()).toBe(rendered!.trim());
  expect(launch!.templateVersionId).toBeTruthy();
  expect(launch!.createPullRequest).toBe(false);
  // The start opened the task's own page.
  await expect(page).toHaveURL(new RegExp(`/tasks/${launch!.taskId}\\?started=1$`));
});
