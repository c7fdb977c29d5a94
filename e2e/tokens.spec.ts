import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE_URL, EMULATOR_URL, signIn } from "./helpers";

async function tokenVersionOf(login: string): Promise<number> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT a."tokenVersion" AS v FROM "Account" a JOIN "User" u ON u.id = a."userId" WHERE u.login = $1`,
      [login],
    );
    return rows[0]?.v ?? -1;
  } finally {
    await client.end();
  }
}

async function startTask(page: import("@playwright/test").Page, prompt: string) {
  await page.goto("/launch");
  await page.getByLabel("Repository", { exact: true }).fill("checkout-api");
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Start task" }).click();
}

test.afterEach(async ({ request }) => {
  await request.patch(`${EMULATOR_URL}/_emulator/settings`, { data: { accessTokenTtlSeconds: 28800 } });
});

test("an expiring user-to-server token is refreshed transparently", async ({ page, request }) => {
  await request.patch(`${EMULATOR_URL}/_emulator/settings`, { data: { accessTokenTtlSeconds: 5 } });
  await signIn(page, "bob");
  const before = await tokenVersionOf("bob");
  // Let the 5-second token expire: a token is used as is for the first half of its life.
  await page.waitForTimeout(5_500);
  await startTask(page, "Refresh me [emulator:outcome=completed]");
  await expect(page.getByRole("heading", { name: "Task started in acme/checkout-api" })).toBeVisible();
  expect(await tokenVersionOf("bob")).toBeGreaterThan(before);
});

test("a revoked sign-in leads to a clean sign-in prompt with the reason", async ({ page, request }) => {
  await signIn(page, "bob");
  await request.post(`${EMULATOR_URL}/_emulator/users/bob/revoke-tokens`);
  await startTask(page, "This cannot start");
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: /Sign in again/ })
      .first(),
  ).toBeVisible();
  // Every portal page now says why Switchyard cannot act, and how to fix it.
  await page.reload();
  const banner = page.getByRole("alert").filter({ hasText: /cannot act for you/ });
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "Sign in again" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Switchyard" })).toBeVisible();
  await expect(page.getByText(/could not be renewed/)).toBeVisible();
  // Signing in again clears the problem.
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: "Sign in as bob" }).click();
  await page.goto("/launch");
  await expect(page.getByRole("alert").filter({ hasText: /cannot act for you/ })).toHaveCount(0);
});
