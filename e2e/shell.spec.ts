import { attachScreenshot, expect, test } from "./fixtures";

const sections = [
  { name: "Dashboard", path: "/" },
  { name: "Tasks", path: "/tasks" },
  { name: "Triage", path: "/triage" },
  { name: "Launch", path: "/launch" },
  { name: "Templates", path: "/templates" },
  { name: "Campaigns", path: "/campaigns" },
  { name: "Settings", path: "/settings" },
];

test("the shell renders, navigates and passes axe", async ({ asUser, axe }) => {
  // Seven pages, each audited by axe; the task queue's alone can take 20 s on a busy machine.
  test.slow();
  const page = await asUser("alice");
  const nav = page.getByRole("navigation", { name: "Primary" });
  await expect(nav).toBeVisible();
  for (const section of sections) {
    await nav.getByRole("link", { name: section.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${section.path}$`));
    await expect(nav.getByRole("link", { name: section.name, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await axe.expectNoViolations(page);
  }
  await page.goto("/");
  await attachScreenshot(page, "dashboard");
});

test("the header is one row and the page never wider than the screen, from a small laptop to a wide monitor", async ({
  asUser,
}) => {
  // alice is an admin: the longest header there is.
  const page = await asUser("alice", "/tasks");
  for (const width of [1024, 1280, 1440, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const header = page.locator("header").first();
    expect((await header.boundingBox())!.height, `${width} px`).toBeLessThan(70);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
    // Below 1280 px the navigation is in the menu; from 1280 px it is in the bar.
    const bar = page.locator("header").getByRole("navigation", { name: "Primary" });
    if (width < 1280) await expect(bar).toBeHidden();
    else await expect(bar).toBeVisible();
  }
});

test("dark theme follows the system", async ({ asUser, axe }) => {
  const page = await asUser("bob");
  await page.emulateMedia({ colorScheme: "dark" });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect((r! + g! + b!) / 3).toBeLessThan(80);
  await axe.expectNoViolations(page);
  await attachScreenshot(page, "dashboard-dark");
});

test("unknown pages get the not-found page, and health reports the database", async ({ asUser, request }) => {
  const page = await asUser("alice");
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the dashboard" })).toBeVisible();
  const health = await request.get("/api/health");
  expect(await health.json()).toEqual({ ok: true, database: "up" });
});

test("the GitHub emulator is running for demo mode", async ({ emulator }) => {
  expect(await emulator.isHealthy()).toBe(true);
});
