import { expect, test } from "./fixtures";

test("templates: create with a parameter, edit into version 2, preview per repository", async ({
  asUser,
  axe,
}) => {
  const name = `E2E lint upgrade ${Date.now()}`;
  const page = await asUser("alice", "/templates");
  await expect(page.getByRole("heading", { name: "Templates", level: 1 })).toBeVisible();
  // The starter templates are there.
  for (const starter of [
    "New repository setup",
    "Dependency or runtime upgrade",
    "Weekly release preparation",
  ])
    await expect(page.getByRole("link", { name: starter })).toBeVisible();
  await axe.expectNoSeriousViolations(page);

  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { name: "New template", level: 1 })).toBeVisible();
  await page.locator("#new-name").fill(name);
  await page.locator("#new-category").selectOption({ label: "Upgrade" });
  await page
    .getByLabel("Prompt", { exact: true })
    .fill(
      "Upgrade {{params.tool}} in {{repo.fullName}}.\n{{#facts.testCommand}}\nRun `{{facts.testCommand}}`.\n{{/facts.testCommand}}\nOwners: {{facts.codeowners}}",
    );
  // A body that uses a parameter that does not exist yet is refused, and nothing typed is lost.
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByText("{{params.tool}} is not a parameter of this template.")).toBeVisible();
  await expect(page.locator("#new-name")).toHaveValue(name);

  await page.getByRole("button", { name: "Add parameter" }).click();
  await page.locator("#new-param-0-name").fill("tool");
  await page.locator("#new-param-0-label").fill("Tool");
  await page.getByRole("checkbox", { name: "Required" }).check();
  await axe.expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Create template" }).click();

  await expect(page).toHaveURL(/\/templates\/[A-Za-z0-9_-]+\?saved=1$/);
  await expect(page.getByRole("status")).toContainText("Saved version 1.");
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const versions = page.getByRole("region", { name: "Versions" });
  await expect(versions.getByRole("heading", { name: /^Version 1/ })).toBeVisible();

  // Editing saves a new version; version 1 stays in the history.
  const edit = page.getByRole("region", { name: "Edit" });
  await edit
    .getByLabel("Prompt", { exact: true })
    .fill(
      "Upgrade {{params.tool}} in {{repo.fullName}} on {{baseRef}}.\n{{#facts.testCommand}}\nRun `{{facts.testCommand}}`.\n{{/facts.testCommand}}\nOwners: {{facts.codeowners}}",
    );
  await edit.getByLabel(/What changed/).fill("Mention the base branch");
  await edit.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page).toHaveURL(/\?saved=2$/);
  await expect(page.getByRole("status")).toContainText("Saved version 2.");
  await expect(versions.getByRole("heading", { name: /^Version 2/ })).toBeVisible();
  await expect(versions.getByRole("heading", { name: /^Version 1/ })).toBeVisible();
  await expect(versions).toContainText("Mention the base branch");
  await expect(versions).toContainText("Prompt: 1 line added, 1 removed");

  // Preview: the exact prompt per repository, with warnings for missing facts.
  const preview = page.getByRole("region", { name: "Preview" });
  await preview.getByLabel("Repositories").fill("acme/checkout-api\nacme/ios-app\nacme/does-not-exist");
  await preview.getByLabel(/^Tool/).fill("golangci-lint");
  await preview.getByRole("button", { name: "Preview prompts" }).click();
  const goPrompt = preview.getByLabel("Prompt for acme/checkout-api");
  await expect(goPrompt).toHaveText(
    "Upgrade golangci-lint in acme/checkout-api on main.\nRun `go test ./...`.\nOwners: @acme/payments",
  );
  await expect(preview.getByLabel("Prompt for acme/ios-app")).toContainText("Run `swift test`.");
  await expect(preview).toContainText("No CODEOWNERS file");
  await expect(preview).toContainText("acme/does-not-exist was not found, or you do not have access to it.");
  await axe.expectNoSeriousViolations(page);

  // The list shows the custom template at version 2.
  await page.getByRole("link", { name: "Templates", exact: true }).first().click();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
  await expect(row).toContainText("Version 2");
  await expect(row).toContainText("Custom");
});
