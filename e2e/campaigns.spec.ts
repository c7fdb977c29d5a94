import type { PrismaClient } from "../generated/prisma/client";
import { attachScreenshot, expect, test } from "./fixtures";
import { CampaignForm, CampaignPage } from "./pages/campaign";

const REPOSITORIES = [
  "checkout-api",
  "web-storefront",
  "design-system",
  "inventory-service",
  "notifications",
];

const startedTargets = (db: PrismaClient, campaignId: string) =>
  db.campaignTarget.count({ where: { campaignId, status: "started" } });

const campaignStatus = async (db: PrismaClient, campaignId: string) =>
  (await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true } })).status;

test("a campaign with a canary wave: draft, dry run, launch, approve the canary, pause and resume", async ({
  asUser,
  axe,
  db,
}) => {
  test.setTimeout(180_000);
  const page = await asUser("alice", "/campaigns");
  await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  await axe.expectNoSeriousViolations(page);
  await page.getByRole("link", { name: "New campaign" }).click();

  // The form: template, typed parameters, targets by list, a canary of one without a threshold.
  const form = new CampaignForm(page);
  const name = `Node 22 everywhere ${Date.now()}`;
  await form.name.fill(name);
  await form.chooseTemplate("Dependency or runtime upgrade");
  await expect(form.version).toContainText("(latest)");
  await form.targetVersion.fill("22");
  // Tasks finish quickly but not at once, so the campaign is still running when it is paused.
  await form.notesForAgent.fill("[emulator:outcome=completed] [emulator:run_seconds=900]");
  await form.targetList(REPOSITORIES.map((r) => `acme/${r}`));
  await form.canarySize.fill("1");
  await expect(form.startsPerMinute).toHaveValue("60");
  await expect(form.maxInFlight).toHaveValue("10");
  await axe.expectNoSeriousViolations(page);
  await form.createDraft();

  const campaign = new CampaignPage(page);
  await expect(campaign.heading(name)).toBeVisible();
  await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();
  const campaignId = campaign.id();

  // Dry run: every repository checked, each with its own prompt.
  await campaign.runDryRun();
  await expect(campaign.dryRunSummary(/Checked 5 repositories: 5 eligible, 0 excluded/)).toBeVisible({
    timeout: 30_000,
  });
  const checkout = campaign.dryRunTarget("acme/checkout-api");
  await expect(checkout.getByText("canary")).toBeVisible();
  await expect(checkout.getByText(/Visible passed/)).toBeAttached();
  await expect(await campaign.dryRunPrompt("acme/checkout-api")).toContainText(
    "Upgrade Node.js to 22 in acme/checkout-api",
  );
  await expect(await campaign.dryRunPrompt("acme/web-storefront")).toContainText(
    "Upgrade Node.js to 22 in acme/web-storefront",
  );
  await axe.expectNoSeriousViolations(page);
  await attachScreenshot(page, "dry-run");

  // Launch: the button states the count and asks again.
  await campaign.launch(5);
  await expect(page.getByRole("heading", { name: "Status" })).toBeVisible({ timeout: 15_000 });

  // The canary starts alone; the campaign then waits for a person.
  await expect.poll(() => startedTargets(db, campaignId), { timeout: 60_000 }).toBe(1);
  await expect(campaign.button("Approve canary")).toBeVisible({ timeout: 60_000 });
  expect(await startedTargets(db, campaignId)).toBe(1);
  const rows = campaign.repositories;
  // A started target links to its task (the repository's name also links out to GitHub).
  const taskLink = (repository: string) => rows.locator('a[href^="/tasks/"]').filter({ hasText: repository });
  await expect(taskLink("checkout-api")).toBeVisible({ timeout: 30_000 });

  // Pause and resume while the canary waits: resuming goes back to waiting, nothing else starts.
  await campaign.pause();
  await expect(page.getByText(/Paused by alice/)).toBeVisible();
  expect(await campaignStatus(db, campaignId)).toBe("paused");
  await campaign.resume();
  await expect.poll(() => campaignStatus(db, campaignId), { timeout: 30_000 }).toBe("canary_wait");
  expect(await startedTargets(db, campaignId)).toBe(1);
  await axe.expectNoSeriousViolations(page);

  // Approve the canary: the other four start.
  await campaign.button("Approve canary").click();
  await expect.poll(() => startedTargets(db, campaignId), { timeout: 60_000 }).toBe(5);
  for (const repository of REPOSITORIES) await expect(taskLink(repository)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("figure").filter({ hasText: "Burndown since launch" })).toBeVisible();

  // Pause and resume a running campaign.
  await expect(campaign.button("Pause")).toBeVisible({ timeout: 15_000 });
  await campaign.pause();
  await expect(page.getByText(/Paused by alice/)).toBeVisible();
  await campaign.resume();
  await expect.poll(() => campaignStatus(db, campaignId), { timeout: 30_000 }).toMatch(/running|completed/);
  await axe.expectNoSeriousViolations(page);
  await attachScreenshot(page, "running");

  // Tasks link to their pages, and the list shows the campaign.
  await taskLink("checkout-api").click();
  await expect(page).toHaveURL(/\/tasks\/[^/]+$/);
  await page.goto("/campaigns");
  const listed = page.getByRole("row").filter({ hasText: name });
  await expect(listed.getByText("Dependency or runtime upgrade")).toBeVisible();
  await expect(listed.getByRole("progressbar")).toBeVisible();

  const audit = await db.auditEvent.findMany({
    where: { targetId: campaignId, targetType: "campaign" },
    orderBy: { at: "asc" },
    select: { action: true },
  });
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

test("a dry run over 130 repositories is filtered, searched and paged by the server, with true counts", async ({
  asUser,
  axe,
}) => {
  test.setTimeout(180_000);
  const page = await asUser("alice", "/campaigns/new");
  const form = new CampaignForm(page);
  await form.name.fill(`Dry run at scale ${Date.now()}`);
  await form.chooseTemplate("Dependency or runtime upgrade");
  await form.targetVersion.fill("22");
  // Five real repositories and 125 names GitHub does not know (the dry run excludes those).
  const missing = Array.from({ length: 125 }, (_, i) => `acme/missing-${String(i).padStart(3, "0")}`);
  await form.targetList([...REPOSITORIES.map((r) => `acme/${r}`), ...missing]);
  await form.createDraft();
  const campaign = new CampaignPage(page);
  await campaign.runDryRun();
  await expect(campaign.dryRunSummary(/Checked 130 repositories: \d+ eligible, \d+ excluded/)).toBeVisible({
    timeout: 60_000,
  });

  // The counts are the server's, over all 130, while only the first 50 cards are on the page.
  await expect(campaign.dryRunFilter("All")).toHaveText("All (130)");
  const eligible = await campaign.dryRunCount("Eligible");
  const excluded = await campaign.dryRunCount("Excluded");
  expect(eligible + excluded).toBe(130);
  expect(excluded).toBeGreaterThanOrEqual(125);
  await expect(campaign.dryRunCards).toHaveCount(50);
  await expect(page.getByTestId("dry-run-shown")).toHaveText("Showing 50 of 130");
  await campaign.button("Show 50 more of 80").click();
  await expect(campaign.dryRunCards).toHaveCount(100);

  // A filter asks the server for that filter and starts again at its first page.
  const filtered = page.waitForResponse(
    (r) => r.url().includes("/dry-run?") && r.url().includes("filter=excluded"),
  );
  await campaign.dryRunFilter("Excluded").click();
  expect((await filtered).status()).toBe(200);
  await expect(page.getByTestId("dry-run-shown")).toHaveText(`Showing 50 of ${excluded}`);
  await expect(campaign.dryRunCards).toHaveCount(50);
  await expect(campaign.dryRunResults.getByText("Eligible", { exact: true })).toHaveCount(0);

  // A search is the server's too: counts per filter for the names that match.
  const searched = page.waitForResponse(
    (r) => r.url().includes("/dry-run?") && r.url().includes("q=missing-01"),
  );
  await campaign.dryRunResults.getByLabel("Search repositories").fill("missing-01");
  await searched;
  await expect(campaign.dryRunFilter("Excluded")).toHaveText("Excluded (10)");
  await expect(campaign.dryRunFilter("Eligible")).toHaveText("Eligible (0)");
  await expect(campaign.dryRunCards).toHaveCount(10);
  await expect(campaign.dryRunTarget("acme/missing-019")).toBeVisible();
  await axe.expectNoSeriousViolations(page);
  await attachScreenshot(page, "dry-run at scale, searched");

  // An eligible repository's prompt is read when opened.
  await campaign.dryRunResults.getByLabel("Search repositories").fill("checkout");
  await campaign.dryRunFilter("All").click();
  await expect(campaign.dryRunCards).toHaveCount(1);
  await expect(await campaign.dryRunPrompt("acme/checkout-api")).toContainText(
    "Upgrade Node.js to 22 in acme/checkout-api",
  );
});

test("the form keeps what was typed, editing a draft drops its dry run, and others cannot change it", async ({
  asUser,
}) => {
  test.setTimeout(90_000);
  const page = await asUser("alice", "/campaigns/new");
  const form = new CampaignForm(page);
  const name = `Services to Node 20 ${Date.now()}`;
  await form.name.fill(name);
  await form.chooseTemplate("Dependency or runtime upgrade");
  await form.targetPattern("acme", "*-service");
  await form.startsPerMinute.fill("100");
  await form.createDraft();
  await expect(page.getByRole("alert").filter({ hasText: "Check the highlighted fields." })).toBeVisible();
  await expect(form.startsPerMinute).toHaveAttribute("aria-invalid", "true");
  await expect(form.targetVersion).toHaveAttribute("aria-invalid", "true");
  await expect(form.name).toHaveValue(name);
  await expect(form.namePattern).toHaveValue("*-service");

  await form.startsPerMinute.fill("30");
  await form.targetVersion.fill("20");
  await form.createDraft();
  const campaign = new CampaignPage(page);
  await expect(campaign.heading(name)).toBeVisible();
  const path = new URL(page.url()).pathname;

  await campaign.runDryRun();
  await expect(campaign.dryRunSummary(/Checked \d+ repositories: \d+ eligible/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole("heading", { name: "acme/inventory-service" })).toBeVisible();
  await expect(campaign.button(/^Launch \d+ tasks$/)).toBeVisible();

  // Editing the draft throws the dry run away: its targets or prompts may differ now.
  await page.getByText("Edit draft").click();
  await form.name.fill(`${name} (edited)`);
  await form.saveDraft();
  await expect(campaign.heading(`${name} (edited)`)).toBeVisible();
  await expect(page.getByText("Nothing has been checked yet.")).toBeVisible();
  await expect(campaign.button(/^Launch/)).toHaveCount(0);

  // bob is neither creator nor owner: he can look, not act.
  const bob = await asUser("bob", path);
  await expect(new CampaignPage(bob).heading(`${name} (edited)`)).toBeVisible();
  await expect(
    bob.getByText("Only its creator, owner or an admin can run or launch this draft."),
  ).toBeVisible();
  await expect(bob.getByRole("button", { name: "Run dry run" })).toHaveCount(0);
});
