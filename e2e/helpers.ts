import { expect, type Page } from "@playwright/test";

/** Signs in through the real OAuth redirects: app → emulator's account picker → callback. */
export async function signIn(page: Page, login: "alice" | "bob" | "carol", path = "/") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: `Sign in as ${login}` }).click();
  await expect(page.getByTestId("signed-in-login")).toContainText(login);
}
