import { expect, type Page } from "@playwright/test";

/** The e2e stack's emulator and database (scripts/e2e-server.ts), on the ports Playwright gave it. */
export const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4011}`;
export const E2E_DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_DATABASE_PORT ?? 54349}/switchyard_e2e`;

/** Signs in through the real OAuth redirects: app → emulator's account picker → callback. */
export async function signIn(page: Page, login: "alice" | "bob" | "carol", path = "/") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: `Sign in as ${login}` }).click();
  await expect(page.getByTestId("signed-in-login")).toContainText(login);
}
