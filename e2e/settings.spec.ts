import type { Page } from "@playwright/test";
import { attachScreenshot, expect, test } from "./fixtures";

/** Opens a section of Settings from its navigation, which marks it as the current page. */
async function openSection(page: Page, name: string, path: string) {
  const nav = page.getByRole("navigation", { name: "Settings sections" });
  await nav.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
}

test("admins manage teams, routing rules and SLA targets in Settings", async ({ asUser, axe }) => {
  // A team, two rules, the SLA, then all of it cleaned up: the longest Settings flow.
  test.slow();
  const stamp = Date.now();
  const teamName = `E2E team ${stamp}`;
  const ruleA = `E2E rule A ${stamp}`;
  const ruleB = `E2E rule B ${stamp}`;
  const page = await asUser("alice", "/settings");
  await openSection(page, "Teams", "/settings/teams");

  // A team with a webhook: its signing secret is shown once, and only the host is shown after.
  const newTeam = page.getByRole("region", { name: "New team" });
  await newTeam.getByLabel("Team name").fill(teamName);
  await newTeam.getByLabel("Webhook URL").fill(`https://hooks.example.com/e2e/${stamp}`);
  await newTeam.getByLabel("Generate a signing secret").check();
  await newTeam.getByRole("button", { name: "Create team" }).click();
  await expect(newTeam.getByRole("status")).toContainText(`Created team ${teamName}.`);
  await expect(newTeam.getByTestId("webhook-secret")).toHaveText(/^whsec_[0-9a-f]{64}$/);
  const team = page.getByRole("article", { name: teamName });
  await expect(team).toContainText("hooks.example.com, signed");
  await expect(team).not.toContainText(`/e2e/${stamp}`);

  await team.getByLabel(`Add a member to ${teamName}`).selectOption({ label: "alice" });
  await team.getByRole("button", { name: `Add to ${teamName}` }).click();
  await expect(team.getByRole("button", { name: `Remove alice from ${teamName}` })).toBeVisible();
  await axe.expectNoSeriousViolations(page);

  await openSection(page, "Routing", "/settings/routing");
  await expect(page.getByRole("heading", { name: "Routing rules", level: 2 })).toBeVisible();
  // Two rules to that team; conditions no real task matches, so they route nothing meanwhile.
  const newRule = page.getByRole("region", { name: "New routing rule" });
  await newRule.getByLabel("Rule name").fill(ruleA);
  await newRule.getByLabel("Repository pattern").fill(`e2e-${stamp}/payments-*`);
  await newRule.getByLabel("Send the work to").selectOption({ label: teamName });
  await newRule.getByRole("button", { name: "Add rule" }).click();
  await expect(newRule.getByRole("status")).toContainText(`Added rule ${ruleA}.`);
  const cardA = page.getByRole("article", { name: ruleA });
  await expect(cardA).toContainText(`repository e2e-${stamp}/payments-*`);
  await expect(cardA).toContainText(`Sends work to: team ${teamName}`);

  // A rule without conditions is refused unless it says it matches everything; typed values stay.
  await newRule.getByLabel("Rule name").fill(ruleB);
  await newRule.getByLabel("Send the work to").selectOption({ label: teamName });
  await newRule.getByRole("button", { name: "Add rule" }).click();
  await expect(newRule.getByRole("alert")).toContainText("Check the highlighted fields.");
  await expect(newRule.getByText("Give at least one condition")).toBeVisible();
  await expect(newRule.getByLabel("Rule name")).toHaveValue(ruleB);
  await newRule.getByLabel("Organisation").fill(`e2e-${stamp}`);
  await newRule.getByRole("checkbox", { name: "Failed" }).check();
  await newRule.getByLabel("Send the work to").selectOption({ label: teamName });
  await newRule.getByRole("button", { name: "Add rule" }).click();
  await expect(newRule.getByRole("status")).toContainText(`Added rule ${ruleB}.`);
  await expect(page.getByRole("article", { name: ruleB })).toContainText(`organisation e2e-${stamp}`);

  const ruleOrder = async () => {
    const names = await page
      .getByRole("list", { name: "Routing rules, first match wins" })
      .getByRole("heading", { level: 3 })
      .allTextContents();
    return names.filter((name) => name === ruleA || name === ruleB);
  };
  await expect.poll(ruleOrder).toEqual([ruleA, ruleB]);
  await page.getByRole("button", { name: `Move rule ${ruleB} up` }).click();
  await expect.poll(ruleOrder).toEqual([ruleB, ruleA]);

  await axe.expectNoSeriousViolations(page);

  // A team that rules still send work to cannot be deleted.
  await openSection(page, "Teams", "/settings/teams");
  await team.getByRole("button", { name: `Delete team ${teamName}` }).click();
  await team.getByRole("button", { name: "Yes, delete" }).click();
  await expect(team.getByRole("alert")).toContainText("Routing rules still send work to this team");

  // SLA: remember the current value so it can be put back (other tests rely on the defaults).
  await openSection(page, "SLA", "/settings/sla");
  const sla = page.getByRole("region", { name: "SLA and escalation" });
  const waiting = sla.getByLabel("Waiting for you");
  const previous = await waiting.inputValue();
  await waiting.fill("90");
  await sla.getByRole("button", { name: "Save targets" }).click();
  await expect(sla.getByRole("status")).toContainText("Saved the targets.");
  await expect(sla.getByTestId("sla-waiting_for_user")).toContainText("Now 1 h 30 min");

  await axe.expectNoSeriousViolations(page);
  await attachScreenshot(page, "settings");

  // Clean up: SLA back as it was, then the rules, then the team.
  await waiting.fill(previous);
  await sla.getByRole("button", { name: "Save targets" }).click();
  await expect(sla.getByTestId("sla-waiting_for_user")).not.toContainText("Now 1 h 30 min");
  await openSection(page, "Routing", "/settings/routing");
  for (const name of [ruleA, ruleB]) {
    const card = page.getByRole("article", { name });
    await card.getByRole("button", { name: `Delete rule ${name}` }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await expect(card).toHaveCount(0);
  }
  await openSection(page, "Teams", "/settings/teams");
  await team.getByRole("button", { name: `Delete team ${teamName}` }).click();
  await team.getByRole("button", { name: "Yes, delete" }).click();
  await expect(team).toHaveCount(0);
});

test("people who are not admins are turned away from Settings", async ({ asUser }) => {
  const page = await asUser("bob", "/settings");
  await expect(page).toHaveURL(/\/\?denied=admin$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Routing rules" })).toHaveCount(0);
});

test("a mirrored team's members are read from GitHub on request", async ({ asUser }) => {
  const page = await asUser("alice", "/settings/teams");
  const payments = page.getByRole("article", { name: "Payments" });
  await payments.getByRole("button", { name: "Sync members from GitHub" }).click();
  // The emulator's acme/payments has bob and alice, both known here.
  await expect(payments.getByRole("status")).toHaveText("2 members known to Switchyard.");
});

test("admins add repository policies, see what they match, and set a repository's owning team", async ({
  asUser,
  axe,
  db,
}) => {
  test.slow();
  const stamp = Date.now();
  const owner = `e2e-${stamp}`;
  const pattern = `${owner}/payments-*`;
  // Two repositories Switchyard knows (as if seen in tasks), under an owner no other test uses.
  const ids = [BigInt(stamp) * 10n + 1n, BigInt(stamp) * 10n + 2n];
  await db.repository.createMany({
    data: [
      { id: ids[0]!, owner, name: "payments-api" },
      { id: ids[1]!, owner, name: "payments-web" },
    ],
  });
  try {
    const page = await asUser("alice", "/settings");
    await openSection(page, "Policies", "/settings/policies");
    const section = page.getByRole("region", { name: "Repository policies" });
    await expect(section.getByTestId("policy-combination-rule")).toContainText("the strictest value wins");
    // The demo seed's policies.
    await expect(section.getByRole("article", { name: "acme/payments-*" })).toContainText("Branch-only");
    await expect(section.getByRole("article", { name: "acme/security-*" })).toContainText("claude-opus-4.6");

    const form = page.getByRole("region", { name: "New policy" });
    await form.getByLabel("Repository pattern").fill(`${owner}/payments-api`);
    await expect(form).toContainText(`Matches 1 known repository: ${owner}/payments-api`);
    await form.getByLabel("Repository pattern").fill(pattern.toUpperCase());
    await expect(form).toContainText("Matches 2 known repositories");

    // Invalid input is refused and kept.
    await form.getByLabel("Largest campaign without an admin's approval").fill("0");
    await form.getByRole("radio", { name: /^Branch-only/ }).check();
    await form.getByRole("button", { name: "Add policy" }).click();
    await expect(form.getByRole("alert")).toContainText("Check the highlighted fields.");
    await expect(form.getByText("At least 1 repository.")).toBeVisible();
    await expect(form.getByLabel("Repository pattern")).toHaveValue(pattern.toUpperCase());

    await form.getByLabel("Repository pattern").fill(pattern);
    await form.getByRole("radio", { name: /^Branch-only/ }).check();
    await form.getByRole("checkbox", { name: "claude-opus-4.6" }).check();
    await form.getByRole("checkbox", { name: "gpt-5.4" }).check();
    await form.getByLabel("Largest campaign without an admin's approval").fill("25");
    await form.getByLabel("Note").fill("E2E: regulated code");
    await form.getByRole("button", { name: "Add policy" }).click();
    await expect(form.getByRole("status")).toContainText(`Added policy ${pattern}.`);
    await expect(form.getByLabel("Repository pattern")).toHaveValue("");

    const card = section.getByRole("article", { name: pattern });
    await expect(card).toContainText(
      "Branch-only: the agent creates a branch and a person opens the pull request",
    );
    await expect(card).toContainText("claude-opus-4.6, gpt-5.4");
    await expect(card).toContainText("Up to 25 repositories");
    await expect(card).toContainText(
      `Matches 2 known repositories: ${owner}/payments-api, ${owner}/payments-web`,
    );

    // The newest policy is last; moving it up puts it above the seeded ones' last.
    const order = async () =>
      section
        .getByRole("list", { name: "Repository policies, all matching ones apply" })
        .getByRole("heading", { level: 3 })
        .allTextContents();
    await expect.poll(async () => (await order()).at(-1)).toBe(pattern);
    await card.getByRole("button", { name: `Move policy ${pattern} up` }).click();
    await expect.poll(async () => (await order()).at(-2)).toBe(pattern);

    // The repository's owning team.
    const owners = page.getByRole("region", { name: "Repository owners" });
    await owners.getByLabel("Repository", { exact: true }).fill(`${owner}/payments-api`);
    await owners.getByLabel("Owning team", { exact: true }).selectOption({ label: "Payments" });
    await owners.getByRole("button", { name: "Save owner" }).click();
    await expect(owners.getByRole("status")).toContainText(`${owner}/payments-api is owned by Payments.`);
    await expect(owners.getByRole("row", { name: new RegExp(`${owner}/payments-api`) })).toContainText(
      "Payments",
    );
    await owners.getByLabel("Repository", { exact: true }).fill(`${owner}/nowhere`);
    await owners.getByRole("button", { name: "Save owner" }).click();
    await expect(owners.getByText("Switchyard does not know this repository yet")).toBeVisible();

    await axe.expectNoSeriousViolations(page);

    await owners.getByRole("button", { name: `Clear the owning team of ${owner}/payments-api` }).click();
    await expect(owners.getByRole("row", { name: new RegExp(`${owner}/payments-api`) })).toHaveCount(0);
    await card.getByRole("button", { name: `Delete policy ${pattern}` }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await expect(card).toHaveCount(0);
  } finally {
    await db.repositoryPolicy.deleteMany({ where: { pattern } });
    await db.repository.deleteMany({ where: { owner } });
  }
});
