import { attachScreenshot, expect, test } from "./fixtures";

test.describe.configure({ timeout: 90_000 });

test("alice creates a repository from the template repository, follows both steps live, then meets a name clash", async ({
  asUser,
  axe,
}) => {
  const name = `svc-e2e-${Date.now()}`;
  const page = await asUser("alice", "/launch/new-repository");
  await expect(page.getByRole("heading", { name: "New repository" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Organisation" })).toHaveValue("acme");
  await page.getByLabel("Repository name").fill(name);
  await page.getByLabel(/^Internal/).check();
  await page.getByLabel("Description").fill("Webhooks for the checkout flow");
  await page.getByLabel("Owning team in Switchyard").selectOption({ label: "Platform" });
  await page.getByLabel("Template repository").selectOption("acme/service-template");
  await page.getByLabel("Owning team", { exact: true }).fill("@acme/platform");
  await page.getByLabel(/^What the service is for/).fill("Checkout webhooks [emulator:outcome=completed]");

  await axe.expectNoViolations(page);
  await attachScreenshot(page, "new-repository-form");

  await page.getByRole("button", { name: "Create repository and start setup" }).click();
  await expect(page).toHaveURL(/\/launch\/new-repository\/[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("heading", { name: `Setting up acme/${name}` })).toBeVisible();
  await expect(page.getByTestId("setup-step-1-state")).toHaveText("Done");
  await expect(page.getByTestId("setup-step-2-state")).toHaveText("Done", { timeout: 20_000 });
  // The page follows the task as the worker syncs it, without a reload.
  await expect(page.getByTestId("setup-task-state")).toHaveText("completed", { timeout: 60_000 });
  await expect(page.getByText("from acme/service-template")).toBeVisible();
  await expect(page.getByText("owned by Platform")).toBeVisible();

  await axe.expectNoViolations(page);
  await attachScreenshot(page, "setup-status");
  await page.getByRole("link", { name: "Open the task page" }).click();
  await expect(page).toHaveURL(/\/tasks\/[A-Za-z0-9-]+$/);

  // The same name again: a clear message on the name field, and nothing typed is lost.
  await page.goto("/launch/new-repository");
  await page.getByLabel("Repository name").fill(name);
  await page.getByLabel("Owning team", { exact: true }).fill("@acme/platform");
  await page.getByLabel(/^What the service is for/).fill("A second try");
  await page.getByRole("button", { name: "Create repository and start setup" }).click();
  await expect(page.getByRole("alert").filter({ hasText: `acme/${name} already exists` })).toBeVisible();
  await expect(page.getByLabel("Repository name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Repository name")).toHaveValue(name);
  await expect(page.getByLabel(/^What the service is for/)).toHaveValue("A second try");
  // Both attempts are listed with their status.
  const recent = page.getByTestId("recent-setups");
  await expect(recent.getByText("Repository not created").first()).toBeVisible();
  await expect(recent.getByText("Setup task started").first()).toBeVisible();
});

test("carol, not a member of acme, is told she cannot create repositories there", async ({ asUser }) => {
  const page = await asUser("carol", "/launch/new-repository");
  await page.getByRole("combobox", { name: "Organisation" }).fill("acme");
  await page.getByLabel("Repository name").fill(`carol-${Date.now()}`);
  await page.getByLabel("Owning team", { exact: true }).fill("@acme/web");
  await page.getByRole("button", { name: "Create repository and start setup" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "You don't have permission to create repositories in acme" }),
  ).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Organisation" })).toHaveAttribute("aria-invalid", "true");
});

test("a refused setup-task start shows on the status page, and Resume starts only the task", async ({
  asUser,
  emulator,
}) => {
  const name = `svc-resume-${Date.now()}`;
  await emulator.fault({
    type: "status",
    status: 422,
    method: "POST",
    path: `/agents/repos/acme/${name}/tasks`,
    count: 1,
    body: {
      message: "Validation Failed",
      errors: [{ resource: "Task", code: "invalid", field: "base_ref" }],
    },
  });
  const page = await asUser("alice", "/launch/new-repository");
  await page.getByLabel("Repository name").fill(name);
  await page.getByLabel("Owning team", { exact: true }).fill("@acme/platform");
  await page.getByLabel(/^What the service is for/).fill("Resume me [emulator:outcome=completed]");
  await page.getByRole("button", { name: "Create repository and start setup" }).click();
  await expect(page.getByRole("heading", { name: `Setting up acme/${name}` })).toBeVisible();
  await expect(page.getByTestId("setup-step-1-state")).toHaveText("Done");
  await expect(page.getByTestId("setup-step-2-state")).toHaveText("Failed");
  await expect(page.getByRole("alert").filter({ hasText: "GitHub rejected the request" })).toBeVisible();
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("setup-step-2-state")).toHaveText("Done", { timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Resume" })).toHaveCount(0);
  await expect(page.getByTestId("setup-task-state")).toHaveText("completed", { timeout: 60_000 });
});
