import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { E2E_DATABASE_URL, signIn } from "./helpers";

test("pages need a session; GitHub sign-in returns to the page asked for; sign-out ends it", async ({
  page,
}, testInfo) => {
  await page.goto("/triage");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Switchyard" })).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await testInfo.attach("sign-in", { body: await page.screenshot(), contentType: "image/png" });

  await signIn(page, "alice", "/triage");
  await expect(page).toHaveURL(/\/triage$/);
  await expect(page.getByTestId("signed-in-login")).toContainText("(admin)");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("no token reaches the browser", async ({ page }) => {
  const bodies: string[] = [];
  page.on("response", async (response) => {
    if (!response.url().startsWith("http://localhost")) return;
    const type = response.headers()["content-type"] ?? "";
    if (/html|json|javascript|text\/x-component/.test(type))
      bodies.push(await response.text().catch(() => ""));
  });
  await signIn(page, "bob");
  await page.goto("/tasks");
  const session = await page.request.get("/api/auth/session");
  bodies.push(await session.text());
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body).not.toMatch(/gh[uorp]_[A-Za-z0-9]{10,}/);
  const cookies = await page.context().cookies();
  for (const cookie of cookies) expect(cookie.value).not.toMatch(/gh[uor]_/);
});

test("tokens are stored encrypted", async ({ page }) => {
  await signIn(page, "alice");
  const { default: pg } = await import("pg");
  const client = new pg.Client({
    connectionString: E2E_DATABASE_URL,
  });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT access_token, refresh_token FROM "Account"`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // v2.<key id>.<iv>.<tag>.<ciphertext> (lib/auth/token-cipher.ts).
      expect(row.access_token).toMatch(/^v2\.[A-Za-z0-9_-]{10}\./);
      expect(JSON.stringify(row)).not.toMatch(/gh[uor]_/);
    }
  } finally {
    await client.end();
  }
});
