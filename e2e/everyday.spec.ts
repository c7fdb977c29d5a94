import { expect, githubIdOf, test } from "./fixtures";
import type { PrismaClient } from "../generated/prisma/client";

/** One of alice's synced tasks with its GitHub URL (she signed in in the setup project). */
async function aliceTask(db: PrismaClient) {
  await expect
    .poll(() => db.task.count({ where: { creatorGithubId: githubIdOf("alice"), htmlUrl: { not: null } } }), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);
  return (await db.task.findFirst({
    where: { creatorGithubId: githubIdOf("alice"), htmlUrl: { not: null } },
    orderBy: { githubUpdatedAt: "desc" },
    select: { id: true, name: true, htmlUrl: true },
  }))!;
}

test("the command palette opens a task from its pasted GitHub URL", async ({ asUser, db, axe }) => {
  const task = await aliceTask(db);
  const page = await asUser("alice", "/");
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search and jump" });
  await expect(palette).toBeVisible();
  const input = palette.getByRole("combobox");
  await expect(input).toBeFocused();
  await input.fill(task.htmlUrl!);
  const option = palette.getByRole("option", { name: new RegExp(task.id) });
  await expect(option).toBeVisible();
  await axe.expectNoViolations(page);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/tasks/${task.id}$`));
  await expect(palette).toBeHidden();
  // The task page links out to GitHub and copies what people paste elsewhere.
  await expect(page.getByRole("link", { name: /on GitHub, opens in a new tab/ }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Copy repository name / })).toBeVisible();
});

test("the palette finds people and offers actions; a URL of another host names nothing", async ({
  asUser,
}) => {
  const page = await asUser("bob", "/tasks");
  await page.getByRole("button", { name: "Search and jump (Ctrl+K)" }).click();
  const palette = page.getByRole("dialog", { name: "Search and jump" });
  const input = palette.getByRole("combobox");
  await input.fill("alic");
  await expect(palette.getByRole("option", { name: /^alice/ })).toBeVisible();
  await input.fill("new repo");
  await palette.getByRole("option", { name: /New repository…/ }).click();
  await expect(page).toHaveURL(/\/launch\/new-repository$/);
  await page.keyboard.press("Control+k");
  await palette.getByRole("combobox").fill("https://elsewhere.example/acme/api/copilot/tasks/1");
  await expect(palette.getByText("Nothing matches.")).toBeVisible();
});

test("keyboard shortcuts move between pages, never while typing, and are listed under ?", async ({
  asUser,
  axe,
}) => {
  const page = await asUser("alice", "/");
  await page.keyboard.press("g");
  await page.keyboard.press("t");
  await expect(page).toHaveURL(/\/tasks$/);
  // "/" focuses the queue's search; typing there is text, not shortcuts.
  const search = page.getByRole("searchbox", { name: "Search names and prompts" });
  // The queue can take a while on a busy machine.
  await expect(search).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await page.keyboard.type("gr");
  await expect(search).toHaveValue("gr");
  await expect(page).toHaveURL(/\/tasks$/);
  await search.blur();
  await page.keyboard.press("g");
  await page.keyboard.press("r");
  await expect(page).toHaveURL(/\/triage$/);
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByText("Go to triage")).toBeVisible();
  await axe.expectNoViolations(page);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await page.keyboard.press("g");
  await page.keyboard.press("d");
  await expect(page).toHaveURL(/\/$/);
});

test("j and k move through the triage inbox", async ({ asUser }) => {
  const page = await asUser("alice", "/triage?view=all");
  const items = page.getByTestId("triage-item");
  test.skip((await items.count()) < 2, "needs two triage items");
  // Until the page is hydrated a key does nothing; the first j that lands focuses the first item.
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(items.nth(0)).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.press("j");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(items.nth(0)).toBeFocused();
});

test("a person's chosen time zone is used for every time shown", async ({ asUser, axe }) => {
  const page = await asUser("carol", "/preferences");
  await page.getByRole("combobox", { name: "Time zone" }).selectOption("Asia/Tokyo");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved: times now show in this zone.")).toBeVisible();
  await axe.expectNoViolations(page);
  // Server-rendered in that zone (Tokyo is UTC+9 and has no daylight saving).
  const seen = await asUser("carol", "/preferences");
  await expect(seen.locator("time").first()).toContainText(/GMT\+9|JST/);
  await seen.getByRole("combobox", { name: "Time zone" }).selectOption("");
  await seen.getByRole("button", { name: "Save" }).click();
  await expect(seen.getByText("Saved: times now show in this zone.")).toBeVisible();
});
