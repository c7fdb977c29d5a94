import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("start a task from the form and watch it reach a terminal state", async ({ page }, testInfo) => {
  await signIn(page, "alice", "/launch");
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
