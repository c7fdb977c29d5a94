import { DEMO_PROMPT_EXAMPLES } from "../lib/demo/examples";
import { attachScreenshot, expect, test } from "./fixtures";
import { LaunchForm } from "./pages/launch-form";

const example = (id: string) => DEMO_PROMPT_EXAMPLES.find((e) => e.id === id)!;

test("the guided start: first sync, three things to try, an example that fills the launch form, hidden and shown again", async ({
  asUser,
  axe,
  db,
}) => {
  // carol: no Copilot seat, so nothing she does here starts work other specs would see.
  await db.user.update({ where: { login: "carol" }, data: { guidedStartHiddenAt: null } });
  const page = await asUser("carol", "/");
  const guide = page.getByRole("region", { name: "Welcome to Switchyard" });
  await expect(guide).toBeVisible();
  await expect(page.getByTestId("demo-bar")).toContainText("Demo");
  // Only admins may reset the demo.
  await expect(page.getByRole("button", { name: "Reset demo data" })).toHaveCount(0);
  await expect(guide.getByTestId("guided-sync")).toContainText(
    /Copied \d+ tasks? from GitHub|first sync is running/,
  );
  for (const name of ["Launch a task", "Open the triage inbox", "Create a campaign from a starter template"])
    await expect(guide.getByRole("link", { name })).toBeVisible();
  await axe.expectNoViolations(page);
  await attachScreenshot(page, "guided start");

  // The campaign suggestion opens the form with a starter template chosen.
  await guide.getByRole("link", { name: "Create a campaign from a starter template" }).click();
  await expect(page.getByRole("heading", { name: "New campaign", level: 1 })).toBeVisible();
  await expect(page.locator("#campaign-template")).toHaveValue(/.+/);
  await page.goBack();

  await guide.getByTestId("example-failed").click();
  await expect(page.getByRole("heading", { name: "Launch", level: 1 })).toBeVisible();
  await expect(new LaunchForm(page).prompt).toHaveValue(example("failed").prompt);

  await page.goto("/");
  await guide.getByRole("button", { name: "Hide the guided start" }).click();
  await expect(guide).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("region", { name: "Welcome to Switchyard" })).toHaveCount(0);
  await page.getByRole("button", { name: "Show the guided start" }).click();
  await expect(page.getByRole("region", { name: "Welcome to Switchyard" })).toBeVisible();
});

test("answering a waiting_for_user question on the emulator's task page resumes the task in Switchyard", async ({
  asUser,
  axe,
}) => {
  test.setTimeout(90_000);
  const waiting = example("waiting");
  const page = await asUser("bob", `/launch?prompt=${encodeURIComponent(waiting.prompt)}`);
  const form = new LaunchForm(page);
  await expect(form.prompt).toHaveValue(waiting.prompt);
  await form.owner.fill("acme");
  await form.repository.fill("checkout-api");
  await form.startButton.click();
  await expect(page).toHaveURL(/\/tasks\/[\w-]+(\?|$)/, { timeout: 20_000 });

  const answerLink = page.getByRole("link", { name: "Answer it on GitHub" });
  await expect(answerLink).toBeVisible({ timeout: 30_000 });
  const [github] = await Promise.all([page.context().waitForEvent("page"), answerLink.click()]);
  await expect(github.getByRole("heading", { name: "Copilot is waiting for you" })).toBeVisible();
  await expect(github.getByText("Should the limit apply per user or per IP address?").first()).toBeVisible();
  await axe.expectNoViolations(github);
  await attachScreenshot(github, "emulator task page");

  await github.getByLabel("Your answer").fill("Per user: 100 requests a minute.");
  await github.getByRole("button", { name: "Answer and resume" }).click();
  await expect(github.getByRole("status")).toContainText("Copilot has your answer");
  await expect(github.getByText("Per user: 100 requests a minute.")).toBeVisible();

  // Switchyard's copy moves on with the next sync (a waiting task's page does not poll: reload).
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("The agent is waiting for an answer.")).toHaveCount(0);
    await expect(page.locator("main header").first()).toContainText(/In progress|Completed/);
  }).toPass({ timeout: 45_000 });
});

test("template history shows the prompt's change as a diff, and the prompt rendered or raw", async ({
  asUser,
  axe,
  db,
}) => {
  const slug = `e2e-diff-${Date.now()}`;
  const template = await db.template.create({
    data: {
      slug,
      name: `E2E diff ${slug}`,
      versions: {
        create: [
          { version: 1, body: "# Upgrade\n\nUpgrade the linter.\nKeep the config.\nRun the tests." },
          {
            version: 2,
            body: "# Upgrade\n\nUpgrade the linter to v9.\nKeep the config.\nRun the tests.\n\n- one\n- two\n\n<img src=x onerror=alert(1)>",
          },
        ],
      },
    },
  });
  try {
    const page = await asUser("alice", `/templates/${template.id}`);
    const diff = page.getByTestId("prompt-diff-2");
    await expect(diff).toBeVisible();
    await expect(diff).toContainText("Removed: Upgrade the linter.");
    await expect(diff).toContainText("Added: Upgrade the linter to v9.");
    await expect(page.getByText("lines marked + were added, − removed")).toBeVisible();

    await page.getByText("Prompt of version 2").click();
    const prompt = page.locator("details").filter({ has: page.getByText("Prompt of version 2") });
    const rendered = prompt.getByTestId("prompt-rendered");
    await expect(rendered.getByRole("listitem")).toHaveCount(2);
    // Raw HTML in a prompt is never rendered.
    await expect(rendered.locator("img")).toHaveCount(0);
    await prompt.getByRole("button", { name: "Raw" }).click();
    await expect(prompt.locator("pre")).toContainText("<img src=x onerror=alert(1)>");
    await axe.expectNoViolations(page);
    await attachScreenshot(page, "template diff");
  } finally {
    await db.template.delete({ where: { id: template.id } });
  }
});
