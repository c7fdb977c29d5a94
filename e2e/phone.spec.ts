import { attachScreenshot, expect, test } from "./fixtures";

// Runs in the "phone" project (a Pixel 7's viewport, touch and user agent; see playwright.config.ts).

/** Every portal page people open ("a campaign" is added by the test: one it creates). */
const PAGES = [
  "/",
  "/tasks",
  "/triage",
  "/launch",
  "/campaigns",
  "/templates",
  "/costs",
  "/settings",
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

test("every portal page fits a phone's width and passes axe", async ({ asUser, axe, db }) => {
  // Eleven pages, each with axe and a full-page screenshot.
  test.setTimeout(480_000);
  const page = await asUser("alice", "/");
  const check = async (path: string) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Wide tables scroll inside their own box; the page itself never scrolls sideways. (The
    // window's innerWidth grows with an overflowing page; the root's clientWidth does not.)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
    await axe.expectNoViolations(page);
    await attachScreenshot(page, `phone ${path}`);
  };
  for (const path of PAGES) await check(path);
  // And a campaign's page: a draft with a few repositories (the starter templates exist by now).
  const alice = await db.user.findFirstOrThrow({ where: { login: "alice" } });
  const version = await db.templateVersion.findFirstOrThrow({ where: { template: { slug: "docs-sync" } } });
  const campaign = await db.campaign.create({
    data: {
      name: `On a phone ${Date.now()}`,
      templateVersionId: version.id,
      targetSpec: { kind: "list", repositories: ["acme/checkout-api", "acme/web-storefront"] },
      createdById: alice.id,
      ownerUserId: alice.id,
    },
  });
  await check(`/campaigns/${campaign.id}`);
});
