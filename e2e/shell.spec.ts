import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { EMULATOR_URL, signIn } from "./helpers";

const sections = [
  { name: "Dashboard", path: "/" },
  { name: "Tasks", path: "/tasks" },
  { name: "Triage", path: "/triage" },
  { name: "Launch", path: "/launch" },
  { name: "Templates", path: "/templates" },
  { name: "Campaigns", path: "/campaigns" },
  { name: "Settings", path: "/settings" },
];

test("the shell renders, navigates and passes axe", async ({ page }, testInfo) => {
  await signIn(page, "alice");
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
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations, `${section.path}: ${axe.violations.map((v) => v.id).join(", ")}`).toEqual([]);
  }
  await page.goto("/");
  await testInfo.attach("dashboard", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("dark theme follows the system", async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, "bob");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect((r! + g! + b!) / 3).toBeLessThan(80);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await testInfo.attach("dashboard-dark", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("unknown pages get the not-found page, and health reports the database", async ({ page, request }) => {
  await signIn(page, "alice");
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the dashboard" })).toBeVisible();
  const health = await request.get("/api/health");
  expect(await health.json()).toEqual({ ok: true, database: "up" });
});

test("the GitHub emulator is running for demo mode", async ({ request }) => {
  const health = await request.get(`${EMULATOR_URL}/_emulator/health`);
  expect(health.ok()).toBe(true);
});
