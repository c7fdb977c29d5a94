import type { PrismaClient } from "../generated/prisma/client";
import { expect, signInWithGitHub, test } from "./fixtures";
import { LaunchForm } from "./pages/launch-form";

// These tests shorten the emulator's token lifetime (for everyone) and revoke bob's GitHub tokens,
// which every session of his shares (tokens live on his one Account row, not on a session): they
// sign in from scratch and run while no other test runs.
test.describe.configure({ mode: "default", lock: "-exclusive-" });

test.afterEach(async ({ browser }, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  // A test that failed half-way may leave bob's tokens revoked: sign him in afresh for the specs after.
  const context = await browser.newContext();
  await signInWithGitHub(await context.newPage(), "bob");
  await context.close();
});

async function tokenVersionOf(db: PrismaClient, login: string): Promise<number> {
  const account = await db.account.findFirst({ where: { user: { login } }, select: { tokenVersion: true } });
  return account?.tokenVersion ?? -1;
}

test("an expiring user-to-server token is refreshed transparently", async ({ page, db, emulator }) => {
  await emulator.settings({ accessTokenTtlSeconds: 5 });
  await signInWithGitHub(page, "bob");
  const before = await tokenVersionOf(db, "bob");
  // Let the 5-second token expire: a token is used as is for the first half of its life.
  await page.waitForTimeout(5_500);
  const form = new LaunchForm(page);
  await form.open();
  await form.start("checkout-api", "Refresh me [emulator:outcome=completed]");
  await expect(form.started("checkout-api")).toBeVisible();
  expect(await tokenVersionOf(db, "bob")).toBeGreaterThan(before);
});

test("a revoked sign-in leads to a clean sign-in prompt with the reason", async ({ page, emulator }) => {
  await signInWithGitHub(page, "bob");
  await emulator.revokeTokens("bob");
  const form = new LaunchForm(page);
  await form.open();
  await form.start("checkout-api", "This cannot start");
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
