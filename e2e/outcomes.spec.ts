import { attachScreenshot, expect, test } from "./fixtures";
import { CampaignForm, CampaignPage } from "./pages/campaign";

const REPOSITORIES = [
  "checkout-api",
  "web-storefront",
  "design-system",
  "inventory-service",
  "notifications",
  "search-indexer",
];

test("a campaign's outcomes follow its pull requests: 3 merged, 1 closed, 1 waiting for approval, 1 failing checks", async ({
  asUser,
  axe,
  db,
  emulator,
}) => {
  test.setTimeout(420_000);
  const page = await asUser("alice", "/campaigns/new");
  const form = new CampaignForm(page);
  const name = `Outcomes ${Date.now()}`;
  await form.name.fill(name);
  await form.chooseTemplate("Dependency or runtime upgrade");
  await form.targetVersion.fill("22");
  await form.notesForAgent.fill("[emulator:outcome=completed] [emulator:run_seconds=20]");
  await form.targetList(REPOSITORIES.map((r) => `acme/${r}`));
  await form.createDraft();
  const campaign = new CampaignPage(page);
  await expect(campaign.heading(name)).toBeVisible();
  const campaignId = campaign.id();
  await campaign.runDryRun();
  await expect(campaign.dryRunSummary(/Checked 6 repositories: 6 eligible/)).toBeVisible({ timeout: 60_000 });
  await campaign.launch(6);
  await expect(page.getByRole("heading", { name: "Status" })).toBeVisible({ timeout: 15_000 });

  // Every task completes with a PR, and the worker links each to its task.
  const pulls = () =>
    db.pullRequest.findMany({
      where: { tasks: { some: { task: { campaignId } } } },
      include: { repository: { select: { owner: true, name: true } } },
      orderBy: { repositoryId: "asc" },
    });
  await expect.poll(async () => (await pulls()).length, { timeout: 240_000, intervals: [3_000] }).toBe(6);

  // GitHub's people act: three merged, one closed, one with failing checks; one left waiting.
  const [a, b, c, closed, failing, waiting] = await pulls();
  const full = (p: NonNullable<typeof a>) => `${p.repository.owner}/${p.repository.name}`;
  for (const merged of [a!, b!, c!])
    await emulator.pullAction(full(merged), merged.number, "merge", { login: "bob" });
  await emulator.pullAction(full(closed!), closed!.number, "close");
  await emulator.pullAction(full(failing!), failing!.number, "checks", { conclusion: "failure" });
  // Linked first, read in full on the next pass: the runs waiting for approval show then.
  await expect
    .poll(
      async () =>
        (await db.pullRequest.findUniqueOrThrow({ where: { id: waiting!.id } })).workflowsAwaitingApproval,
      {
        timeout: 60_000,
        intervals: [3_000],
      },
    )
    .toBeGreaterThan(0);

  const states = async () => (await pulls()).map((p) => `${p.state}:${p.checksState}`).sort();
  await expect
    .poll(states, { timeout: 120_000, intervals: [3_000] })
    .toEqual(["closed:none", "merged:none", "merged:none", "merged:none", "open:failure", "open:none"]);

  // The campaign page counts outcomes, and its burndown counts merged pull requests.
  await page.reload();
  const outcomes = page.getByTestId("campaign-outcomes");
  const count = (outcome: string) => outcomes.locator(`[data-outcome="${outcome}"] dd`);
  await expect(count("merged")).toHaveText("3");
  await expect(count("closed_unmerged")).toHaveText("1");
  await expect(count("checks_failing")).toHaveText("1");
  await expect(count("awaiting_review")).toHaveText("1");
  await expect(count("no_pr")).toHaveText("0");
  await expect(count("failed")).toHaveText("0");
  await expect(page.getByText(/3 of 6 merged/)).toBeVisible();
  await axe.expectNoSeriousViolations(page);

  // The task whose PR was closed unmerged is flagged on its page and in the queue.
  const closedTask = await db.taskPullRequest.findFirstOrThrow({ where: { pullRequestId: closed!.id } });
  await page.goto(`/tasks/${closedTask.taskId}`);
  await expect(page.locator('[data-flag="pr_closed_unmerged"]')).toBeVisible();
  await expect(page.getByRole("heading", { name: `Pull request #${closed!.number}` })).toBeVisible();
  await axe.expectNoSeriousViolations(page);

  for (const [path, label] of [
    [`/campaigns/${campaignId}`, "campaign"],
    [`/tasks/${closedTask.taskId}`, "task"],
    ["/", "dashboard"],
    ["/tasks", "queue"],
  ] as const) {
    await page.goto(path);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [
        [1280, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        await attachScreenshot(page, `${label}-${scheme}-${width}`);
        await page.screenshot({
          path: test.info().outputPath(`${label}-${scheme}-${width}.png`),
          fullPage: true,
        });
      }
    }
    // Back to light without motion: the queue's rows fade their colours over a second otherwise, and
    // axe would measure a background halfway from dark to light.
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
    await axe.expectNoSeriousViolations(page);
  }
});
