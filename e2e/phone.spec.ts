import { attachScreenshot, expect, test } from "./fixtures";

// Runs in the "phone" project (a Pixel 7's viewport, touch and user agent; see playwright.config.ts).

const PAGES = [
  "/",
  "/tasks",
  "/triage",
  "/launch",
  "/templates",
  "/campaigns",
  "/notifications",
  "/preferences",
];

test("on a phone the header is one row and the navigation is behind a menu", async ({ asUser, axe }) => {
  const page = await asUser("bob", "/");
  const header = page.locator("header").first();
  expect((await header.boundingBox())!.height).toBeLessThan(70);
  // The bar's links are folded away; the menu holds them.
  await expect(page.getByRole("navigation", { name: "Primary" })).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  const menu = page.getByRole("dialog", { name: "Switchyard" });
  await expect(menu).toBeVisible();
  await axe.expectNoViolations(page);
  await menu.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Triage" }).click();
  await expect(page).toHaveURL(/\/triage$/);
  await expect(menu).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(
    page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Triage" }),
  ).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(page.getByRole("button", { name: "Menu" })).toBeFocused();
});

test("key pages fit a phone's width and pass axe", async ({ asUser, axe }) => {
  test.slow();
  const page = await asUser("alice", "/");
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(1);
    await axe.expectNoViolations(page);
    await attachScreenshot(page, `phone ${path}`);
  }
});
