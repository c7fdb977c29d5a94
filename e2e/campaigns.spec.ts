import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE_URL, signIn } from "./helpers";

const REPOSITORIES = [
  "checkout-api",
  "web-storefront",
  "design-system",
  "inventory-service",
  "notifications",
];

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function expectNoSeriousAxeViolations(page: Page) {
  await expect(page).toHaveTitle(/\S/);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const startedTargets = async (campaignId: string) =>
  (
    await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "CampaignTarget" WHERE "campaignId" = $1 AND status = 'started'`,
      [campaignId],
    )
  )[0]!.n;

const campaignStatus = async (campaignId: string) =>
  (await query<{ status: string }>(`SELECT status::text FROM "Campaign" WHERE id = $1`, [campaignId]))[0]!
    .status;

test("a campaign with a canary wave: draft, dry run, launch, approve the canary, pause and resume", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, "alice", "/campaigns");
  await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole("link", { name: "New campaign" }).click();

  // The form: template, typed parameters, targets by list, a canary of one without a threshold.
  const name = `Node 22 everywhere ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "Dependency or runtime upgrade" });
  await expect(page.getByLabel("Version", { exact: true })).toContainText("(latest)");
  await page.getByLabel(/^Target version/).fill("22");
  // Tasks finish quickly but not at once, so the campaign is still running when it is paused.
  await page
    .getByLabel(/^Anything else the agent should know/)
    .fill("[emulator:outcome=completed] [emulator:run_seconds=900]");
  await page.getByLabel("A list of repositories").check();
  await page
    .getByLabel("Repositories", { exact: true })
    .fill(REPOSITORIES.map((r) => `acme/${r}`).join("\n"));
  await page.getByLabel("Canary size").fill("1");
  await expect(page.getByLabel("Starts per minute")).toHaveValue("60");
  await expect(page.getByLabel("Max tasks in flight")).toHaveValue("10");
  await expectNoSeriousAxeViolations(page);
  await page.getByRole("button", { name: "Create draft" }).click();

  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();
  const campaignId = page.url().split("/").pop()!;

  // Dry run: every repository checked, each with its own prompt.
  await page.getByRole("button", { name: "Run dry run" }).click();
  await expect(page.getByText(/Checked 5 repositories: 5 eligible, 0 excluded/).first()).toBeVisible({
    timeout: 30_000,
  });
  const checkout = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "acme/checkout-api" }) });
  await expect(checkout.getByText("canary")).toBeVisible();
  await expect(checkout.getByText(/Visible passed/)).toBeAttached();
  await checkout.getByText("Prompt for acme/checkout-api").click();
  await expect(checkout.locator("pre")).toContainText("Upgrade Node.js to 22 in acme/checkout-api");
  const storefront = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "acme/web-storefront" }) });
  await storefront.getByText("Prompt for acme/web-storefront").click();
  await expect(storefront.locator("pre")).toContainText("Upgrade Node.js to 22 in acme/web-storefront");
  await expectNoSeriousAxeViolations(page);
  await testInfo.attach("dry-run", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // Launch: the button states the count and asks again.
  await page.getByRole("button", { name: "Launch 5 tasks" }).click();
  await page.getByRole("button", { name: "Yes, launch 5 tasks" }).click();
  await expect(page.getByRole("heading", { name: "Status" })).toBeVisible({ timeout: 15_000 });

  // The canary starts alone; the campaign then waits for a person.
  await expect.poll(() => startedTargets(campaignId), { timeout: 60_000 }).toBe(1);
  await expect(page.getByRole("button", { name: "Approve canary" })).toBeVisible({ timeout: 60_000 });
  expect(await startedTargets(campaignId)).toBe(1);
  const rows = page.getByRole("table", { name: /Repositories of this campaign/ });
  await expect(rows.getByRole("link", { name: /checkout-api/ })).toBeVisible({ timeout: 30_000 });

  // Pause and resume while the canary waits: resuming goes back to waiting, nothing else starts.
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText(/Paused by alice/)).toBeVisible();
  expect(await campaignStatus(campaignId)).toBe("paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect.poll(() => campaignStatus(campaignId), { timeout: 30_000 }).toBe("canary_wait");
  expect(await startedTargets(campaignId)).toBe(1);
  await expectNoSeriousAxeViolations(page);

  // Approve the canary: the other four start.
  await page.getByRole("button", { name: "Approve canary" }).click();
  await expect.poll(() => startedTargets(campaignId), { timeout: 60_000 }).toBe(5);
  for (const repository of REPOSITORIES)
    await expect(rows.getByRole("link", { name: new RegExp(repository) })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("figure").filter({ hasText: "Burndown since launch" })).toBeVisible();

  // Pause and resume a running campaign.
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText(/Paused by alice/)).toBeVisible();
  await page.getByRole("button", { name: "Resume" }).click();
  await expect.poll(() => campaignStatus(campaignId), { timeout: 30_000 }).toMatch(/running|completed/);
  await expectNoSeriousAxeViolations(page);
  await testInfo.attach("running", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // Tasks link to their pages, and the list shows the campaign.
  await rows.getByRole("link", { name: /checkout-api/ }).click();
  await expect(page).toHaveURL(/\/tasks\/[^/]+$/);
  await page.goto("/campaigns");
  const listed = page.getByRole("row").filter({ hasText: name });
  await expect(listed.getByText("Dependency or runtime upgrade")).toBeVisible();
  await expect(listed.getByRole("progressbar")).toBeVisible();

  const audit = await query<{ action: string }>(
    `SELECT action FROM "AuditEvent" WHERE "targetId" = $1 AND "targetType" = 'campaign' ORDER BY at`,
    [campaignId],
  );
  // What alice did, in order (the runner audits its own steps too).
  const mine = new Set(
    ["create", "dry_run", "launch", "pause", "resume", "approve_canary"].map((a) => `campaign.${a}`),
  );
  expect(audit.map((a) => a.action).filter((action) => mine.has(action))).toEqual([
    "campaign.create",
    "campaign.dry_run",
    "campaign.launch",
    "campaign.pause",
    "campaign.resume",
    "campaign.approve_canary",
    "campaign.pause",
    "campaign.resume",
  ]);
});

test("the form keeps what was typed, editing a draft drops its dry run, and others cannot change it", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signIn(page, "alice", "/campaigns/new");
  const name = `Services to Node 20 ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "Dependency or runtime upgrade" });
  await page.getByLabel("An organisation's repositories matching a name pattern").check();
  await page.getByLabel("Organisation", { exact: true }).fill("acme");
  await page.getByLabel("Name pattern", { exact: true }).fill("*-service");
  await page.getByLabel("Starts per minute").fill("100");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Check the highlighted fields." })).toBeVisible();
  await expect(page.getByLabel("Starts per minute")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel(/^Target version/)).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Name pattern", { exact: true })).toHaveValue("*-service");

  await page.getByLabel("Starts per minute").fill("30");
  await page.getByLabel(/^Target version/).fill("20");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const url = page.url();

  await page.getByRole("button", { name: "Run dry run" }).click();
  await expect(page.getByText(/Checked \d+ repositories: \d+ eligible/).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole("heading", { name: "acme/inventory-service" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Launch \d+ tasks$/ })).toBeVisible();

  // Editing the draft throws the dry run away: its targets or prompts may differ now.
  await page.getByText("Edit draft").click();
  await page.getByLabel("Name", { exact: true }).fill(`${name} (edited)`);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { name: `${name} (edited)`, level: 1 })).toBeVisible();
  await expect(page.getByText("Nothing has been checked yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Launch/ })).toHaveCount(0);

  // bob is neither creator nor owner: he can look, not act.
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await signIn(bob, "bob", new URL(url).pathname);
  await expect(bob.getByRole("heading", { name: `${name} (edited)`, level: 1 })).toBeVisible();
  await expect(
    bob.getByText("Only its creator, owner or an admin can run or launch this draft."),
  ).toBeVisible();
  await expect(bob.getByRole("button", { name: "Run dry run" })).toHaveCount(0);
  await bobContext.close();
});
