import { attachScreenshot, expect, test } from "./fixtures";
import { LaunchForm } from "./pages/launch-form";

test("start a task from the form and watch it reach a terminal state", async ({ asUser, axe }) => {
  const page = await asUser("alice", "/launch");
  const form = new LaunchForm(page);
  await form.start("checkout-api", "Add a health check endpoint [emulator:outcome=completed]");
  await expect(form.started("checkout-api")).toBeVisible();
  await expect(page.getByTestId("task-state")).toHaveText("completed", { timeout: 20_000 });
  await axe.expectNoViolations(page);
  await attachScreenshot(page, "launched");
});

test("bad input is caught before GitHub, and a user without a Copilot seat gets a clear message", async ({
  asUser,
}) => {
  const page = await asUser("carol", "/launch");
  const form = new LaunchForm(page);
  // No owner is assumed: the form starts empty.
  await form.owner.fill("acme");
  await form.repository.fill("web-storefront");
  await form.baseBranch.fill("bad..ref");
  await form.prompt.fill("Fix the flaky test");
  await form.startButton.click();
  await expect(page.getByText("Check the highlighted fields.")).toBeVisible();
  await expect(form.baseBranch).toHaveAttribute("aria-invalid", "true");
  // Nothing the person typed is lost. (By name: the label's text now holds the prompt too.)
  await expect(page.locator("textarea[name=prompt]")).toHaveValue("Fix the flaky test");

  await form.baseBranch.fill("");
  await form.startButton.click();
  await expect(page.getByRole("alert").filter({ hasText: /Copilot seat/ })).toBeVisible();
});

test("start from a template: pickers, the server-rendered preview, and the policy applied", async ({
  asUser,
  axe,
  db,
}) => {
  test.setTimeout(60_000);
  const page = await asUser("alice", "/launch");
  // Every Content-Security-Policy violation the page reports (zod's eval probe was one).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await page.reload();
  const form = new LaunchForm(page);
  await page.getByRole("link", { name: /Dependency or runtime upgrade/ }).click();
  await expect(page.getByTestId("template-in-use")).toContainText("Dependency or runtime upgrade");

  // The repository picker: type, move with the keyboard, pick.
  await form.repository.fill("payments-led");
  await expect(page.getByRole("option", { name: /acme\/payments-ledger/ })).toBeVisible();
  await form.repository.press("ArrowDown");
  await form.repository.press("Enter");
  await expect(form.repository).toHaveValue("payments-ledger");
  await expect(form.owner).toHaveValue("acme");

  // The branch picker lists the repository's branches.
  const branch = page.getByRole("combobox", { name: /^Base branch/ });
  // The list opens on ↓ (focus alone leaves it closed, so Enter in an untouched field submits).
  await branch.press("ArrowDown");
  await expect(page.getByRole("option", { name: "trunk", exact: true })).toBeVisible();
  await form.baseBranch.press("Escape");

  const marker = `e2e ${Date.now()} [emulator:outcome=completed]`;
  await page.getByLabel(/^Target version/).fill("22");
  await page.getByLabel(/^Anything else the agent should know/).fill(marker);
  const preview = page.getByTestId("rendered-prompt");
  await expect(preview).toContainText("Upgrade Node.js to 22 in acme/payments-ledger");
  await expect(preview).toContainText(marker);
  await expect(page.getByTestId("policy-note").first()).toContainText(/branch-only/);
  const rendered = await preview.textContent();

  await axe.expectNoViolations(page);
  await attachScreenshot(page, "template-preview");
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations).toEqual([]);

  await form.startButton.click();
  await expect(form.started("payments-ledger")).toBeVisible();
  await expect(
    page
      .getByRole("region", { name: "Task started in acme/payments-ledger" })
      .getByText(/Pull request turned off/),
  ).toBeVisible();
  const launch = await db.launch.findFirst({
    where: { prompt: { contains: marker } },
    orderBy: { createdAt: "desc" },
    select: { prompt: true, templateVersionId: true, createPullRequest: true, taskId: true },
  });
  // The server rendered the same prompt the preview showed, recorded the version, and kept the PR off.
  expect(launch!.prompt.trim()).toBe(rendered!.trim());
  expect(launch!.templateVersionId).toBeTruthy();
  expect(launch!.createPullRequest).toBe(false);
  // The start opened the task's own page.
  await expect(page).toHaveURL(new RegExp(`/tasks/${launch!.taskId}\\?started=1$`));
});
