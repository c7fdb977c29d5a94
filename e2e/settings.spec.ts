import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

async function expectNoSeriousAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("admins manage teams, routing rules and SLA targets in Settings", async ({ page }, testInfo) => {
  const stamp = Date.now();
  const teamName = `E2E team ${stamp}`;
  const ruleA = `E2E rule A ${stamp}`;
  const ruleB = `E2E rule B ${stamp}`;
  await signIn(page, "alice", "/settings");
  await expect(page.getByRole("heading", { name: "Routing rules", level: 2 })).toBeVisible();

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

  // A team that rules still send work to cannot be deleted.
  await team.getByRole("button", { name: `Delete team ${teamName}` }).click();
  await team.getByRole("button", { name: "Yes, delete" }).click();
  await expect(team.getByRole("alert")).toContainText("Routing rules still send work to this team");

  // SLA: remember the current value so it can be put back (other tests rely on the defaults).
  const sla = page.getByRole("region", { name: "SLA and escalation" });
  const waiting = sla.getByLabel("Waiting for you");
  const previous = await waiting.inputValue();
  await waiting.fill("90");
  await sla.getByRole("button", { name: "Save targets" }).click();
  await expect(sla.getByRole("status")).toContainText("Saved the targets.");
  await expect(sla.getByTestId("sla-waiting_for_user")).toContainText("Now 1 h 30 min");

  await expectNoSeriousAxeViolations(page);
  await testInfo.attach("settings", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // Clean up: SLA back as it was, then the rules, then the team.
  await waiting.fill(previous);
  await sla.getByRole("button", { name: "Save targets" }).click();
  await expect(sla.getByTestId("sla-waiting_for_user")).not.toContainText("Now 1 h 30 min");
  for (const name of [ruleA, ruleB]) {
    const card = page.getByRole("article", { name });
    await card.getByRole("button", { name: `Delete rule ${name}` }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await expect(card).toHaveCount(0);
  }
  await page.reload();
  await team.getByRole("button", { name: `Delete team ${teamName}` }).click();
  await team.getByRole("button", { name: "Yes, delete" }).click();
  await expect(team).toHaveCount(0);
});

test("people who are not admins are turned away from Settings", async ({ page }) => {
  await signIn(page, "bob", "/settings");
  await expect(page).toHaveURL(/\/\?denied=admin$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Routing rules" })).toHaveCount(0);
});

test("a mirrored team's members are read from GitHub on request", async ({ page }) => {
  await signIn(page, "alice", "/settings");
  const payments = page.getByRole("article", { name: "Payments" });
  await payments.getByRole("button", { name: "Sync members from GitHub" }).click();
  // The emulator's acme/payments has bob and alice, both known here.
  await expect(payments.getByRole("status")).toHaveText("2 members known to Switchyard.");
});
