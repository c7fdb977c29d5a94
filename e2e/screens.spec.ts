import { mkdir } from "node:fs/promises";
import path from "node:path";
import { devices } from "@playwright/test";
import { expect, githubIdOf, test } from "./fixtures";

/*
 * Screenshots of every page at desktop and phone width, light and dark, for people to look at:
 *   E2E_SCREENSHOTS=test-results/screens npx playwright test e2e/screens.spec.ts --project specs
 * Skipped unless E2E_SCREENSHOTS names a folder. Each page must still render its title and never
 * scroll sideways.
 */
const folder = process.env.E2E_SCREENSHOTS;

test.skip(!folder, "set E2E_SCREENSHOTS to a folder to take screenshots");

test("every page at desktop and phone width, light and dark", async ({ browser, db }) => {
  test.setTimeout(600_000);
  const task = await db.task.findFirst({
    where: { creatorGithubId: githubIdOf("alice") },
    orderBy: { githubUpdatedAt: "desc" },
    select: { id: true },
  });
  const template = await db.template.findFirst({ select: { id: true } });
  const campaign = await db.campaign.findFirst({ select: { id: true } });
  const pages = [
    "/",
    "/tasks",
    ...(task ? [`/tasks/${task.id}`] : []),
    "/triage",
    "/launch",
    "/launch/new-repository",
    "/templates",
    ...(template ? [`/templates/${template.id}`] : []),
    "/campaigns",
    "/campaigns/new",
    ...(campaign ? [`/campaigns/${campaign.id}`] : []),
    "/notifications",
    "/preferences",
    "/settings",
    "/settings/teams",
    "/settings/routing",
    "/settings/policies",
    "/settings/sla",
    "/settings/audit",
  ];
  await mkdir(folder!, { recursive: true });
  const sizes = { desktop: { viewport: { width: 1280, height: 900 } }, phone: devices["Pixel 7"] };
  for (const [size, options] of Object.entries(sizes)) {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({
        ...options,
        colorScheme,
        storageState: path.join(import.meta.dirname, ".auth", "alice.json"),
      });
      const page = await context.newPage();
      for (const url of pages) {
        await page.goto(url);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await page.waitForLoadState("networkidle").catch(() => {});
        // innerWidth grows with an overflowing page; the root's clientWidth does not.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect.soft(overflow, `${url} at ${size} is wider than the screen`).toBeLessThanOrEqual(0);
        const name = `${size}-${colorScheme}${url.replaceAll("/", "_") || "_"}.png`;
        await page.screenshot({ path: path.join(folder!, name), fullPage: true });
      }
      await context.close();
    }
  }
});
