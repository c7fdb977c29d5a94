import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";

test("an admin's change shows in the audit log, filters by person, and exports with its row", async ({
  asUser,
  axe,
}, testInfo) => {
  test.slow();
  const teamName = `E2E audited ${Date.now()}`;
  const page = await asUser("alice", "/settings/teams");
  const newTeam = page.getByRole("region", { name: "New team" });
  await newTeam.getByLabel("Team name").fill(teamName);
  await newTeam.getByRole("button", { name: "Create team" }).click();
  await expect(newTeam.getByRole("status")).toContainText(`Created team ${teamName}.`);

  const sections = page.getByRole("navigation", { name: "Settings sections" });
  await sections.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  await expect(sections.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");

  // The newest event is the team just created: who, what, its target, the outcome and the details.
  const rows = page.getByTestId("audit-row");
  const created = rows.filter({ hasText: teamName });
  await expect(created).toContainText("team.create");
  await expect(created).toContainText("alice");
  await expect(created).toContainText("ok");
  await expect(created.getByRole("link", { name: /^team / })).toHaveAttribute("href", "/settings/teams");
  await expect(created.locator("time")).toHaveAttribute("dateTime", /^\d{4}-\d{2}-\d{2}T/);
  await created.getByText("Details").click();
  await expect(created).toContainText(`"name": "${teamName}"`);
  await axe.expectNoSeriousViolations(page);
  await testInfo.attach("audit-log", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // Filter by person and action: the filters go into the address.
  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Person").fill("alice");
  await filters.getByLabel("Action").fill("team.");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actor=alice/);
  await expect(page).toHaveURL(/action=team\./);
  await expect(created).toBeVisible();
  for (const text of await rows.allTextContents()) {
    expect(text).toContain("alice");
    expect(text).toContain("team.");
  }

  // Someone else's events only: alice's team is not among them.
  await filters.getByLabel("Person").fill("bob");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actor=bob/);
  await expect(created).toHaveCount(0);
  for (const text of await rows.allTextContents()) expect(text).not.toContain("alice");

  // The export follows the filters and has the row; the export is recorded in turn.
  await filters.getByLabel("Person").fill("alice");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actor=alice/);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export these events as CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^switchyard-audit-\d{12}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("at,actor,github_identity,action,target_type,target_id,outcome,details");
  const teamLine = lines.find((line) => line.includes(teamName));
  expect(teamLine).toContain(",alice,");
  expect(teamLine).toContain(",team.create,team,");
  expect(lines.slice(1).every((line) => line.includes(",alice,") && line.includes(",team."))).toBe(true);

  await page.goto("/settings/audit?action=audit.export&actor=alice");
  const exported = rows.first();
  await expect(exported).toContainText("audit.export");
  await exported.getByText("Details").click();
  await expect(exported).toContainText('"filters": "actor=alice&action=team."');
  await expect(exported).toContainText(`"rows": ${lines.length - 1}`);

  // Clean up the team (its deletion is audited too).
  await page.goto("/settings/teams");
  const team = page.getByRole("article", { name: teamName });
  await team.getByRole("button", { name: `Delete team ${teamName}` }).click();
  await team.getByRole("button", { name: "Yes, delete" }).click();
  await expect(team).toHaveCount(0);
});

test("filters that are not valid are explained, never an error page", async ({ asUser, axe }) => {
  const page = await asUser("alice", "/settings/audit?from=yesterday&outcome=maybe");
  // In the page itself (Next's route announcer is an alert too).
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("Some filters are not valid");
  await expect(page.getByText("Use a date (YYYY-MM-DD) or a date and time (UTC).")).toBeVisible();
  await expect(page.getByLabel("From (UTC)")).toHaveAttribute("aria-invalid", "true");

  const crafted = await page.goto("/settings/audit?cursor=bm90LWEtY3Vyc29y");
  expect(crafted?.status()).toBe(200);
  await expect(alert).toContainText("That page link is not valid");
  await page.getByRole("link", { name: "Go to the newest events" }).click();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await axe.expectNoSeriousViolations(page);

  // The export says what is wrong, with the filter's name (page.request shares the sign-in).
  const response = await page.request.get("/api/audit/export?to=2026-02-30");
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({
    code: "invalid_input",
    fieldErrors: { to: expect.any(Array) },
  });
});

test("people who are not admins are turned away from the audit log and its export", async ({ asUser }) => {
  const page = await asUser("bob", "/settings/audit");
  await expect(page).toHaveURL(/\/\?denied=admin$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toHaveCount(0);
  const response = await page.request.get("/api/audit/export");
  expect(response.status()).toBe(403);
});
