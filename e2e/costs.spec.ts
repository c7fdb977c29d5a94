import { attachScreenshot, expect, githubIdOf, test } from "./fixtures";
import { LaunchForm } from "./pages/launch-form";

// dave starts no tasks in any other spec, so his team's budget running out here changes nothing
// elsewhere; the team, its budget and the task that used it up are removed afterwards.
test("a team over its hard budget cannot start a task, and sees why", async ({ asUser, db, axe }) => {
  const run = Date.now();
  const dave = await db.user.findFirstOrThrow({ where: { login: "dave" }, select: { id: true } });
  const team = await db.team.create({
    data: { name: `Budget e2e ${run}`, members: { create: { userId: dave.id } } },
  });
  const repositoryId = BigInt(880_000_000 + (run % 1_000_000));
  await db.repository.create({ data: { id: repositoryId, owner: "acme", name: `budget-e2e-${run}` } });
  const taskId = `budget-e2e-${run}`;
  const now = new Date();
  await db.task.create({
    data: {
      id: taskId,
      repositoryId,
      creatorGithubId: githubIdOf("dave"),
      state: "completed",
      createdAt: now,
      githubUpdatedAt: now,
      // 12.5 credits against a budget of 10.
      creditsNano: 12_500_000_000n,
    },
  });
  const budget = await db.budget.create({
    data: { scope: "team", teamId: team.id, limitNano: 10_000_000_000n, hard: true },
  });
  try {
    const page = await asUser("dave", "/launch");
    const form = new LaunchForm(page);
    const launchesBefore = await db.launch.count({ where: { userId: dave.id } });
    await form.start("checkout-api", `Budget check ${run}`);
    const alert = page
      .getByRole("alert")
      .filter({ hasText: `Team Budget e2e ${run} has used its monthly budget` });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("12.5 credits of 10.0 credits");
    await expect(alert).toContainText("unless an admin raises the budget or overrides it for this month");
    // Refused before anything was written or sent.
    expect(await db.launch.count({ where: { userId: dave.id } })).toBe(launchesBefore);
    expect(
      await db.auditEvent.count({
        where: { actorId: dave.id, action: "task.start", outcome: "budget_exceeded" },
      }),
    ).toBeGreaterThan(0);
    await axe.expectNoViolations(page);
    await attachScreenshot(page, "budget-refused");
  } finally {
    await db.budget.delete({ where: { id: budget.id } });
    await db.task.delete({ where: { id: taskId } });
    await db.repository.delete({ where: { id: repositoryId } });
    await db.team.delete({ where: { id: team.id } });
  }
});

test("the Costs page renders, links its figures to the queue, and is axe clean", async ({ asUser, axe }) => {
  test.setTimeout(120_000);
  const page = await asUser("alice", "/costs");
  await expect(page.getByRole("heading", { level: 1, name: "Costs" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Costs", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByTestId("credits-current")).toHaveText(/^\d[\d,]*\.\d$/);
  for (const table of ["By person", "By team", "By repository", "By template", "By campaign", "By model"])
    await expect(page.getByRole("table", { name: table })).toBeVisible();
  // Cost per merged PR and merge rate, the merges linked to the queue's merged filter.
  const merges = page.getByTestId("cost-per-merged-pr");
  await expect(merges).toContainText(/\d tasks/);
  await expect(merges.getByRole("link", { name: /merged pull requests?$/ })).toHaveAttribute(
    "href",
    /\/tasks\?.*pr=merged/,
  );
  for (const table of [
    "Per template",
    "Per campaign",
    "Per model",
    "Per person",
    "Per team",
    "Per repository",
  ])
    await expect(
      page.getByRole("table", { name: table }).getByRole("columnheader", { name: "Merge rate" }),
    ).toBeVisible();
  await axe.expectNoViolations(page);

  // The chart by week, its figures behind a disclosure, each linking to the tasks of its week.
  await page.getByLabel("Chart by").selectOption("week");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/by=week/);
  await expect(page.getByRole("figure", { name: "Credits per week, last 12 weeks" })).toBeVisible();
  await page.getByText("Figures and the tasks behind them").click();
  await axe.expectNoViolations(page);

  // A month's credits open the queue on that month's tasks, costliest first.
  await page
    .getByRole("link", { name: /^Credits in / })
    .first()
    .click();
  await expect(page).toHaveURL(/\/tasks\?.*createdFrom=\d{4}-\d{2}-01.*sort=cost/);

  // The CSV export answers with the month's rows.
  const response = await page.request.get("/api/costs/export");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  expect((await response.text()).split("\r\n")[0]).toBe(
    "breakdown,key,name,month,credits,premium_requests,tasks,tasks_with_pull_request,previous_month,previous_credits,previous_premium_requests,previous_tasks," +
      "merged_pull_requests,tasks_merged,credits_per_merged_pull_request,merge_rate",
  );
});

test("screenshots: Costs, Budgets and the dashboard at desktop and phone width, light and dark", async ({
  asUser,
  axe,
}) => {
  // Twelve pages, each audited: slow on a shared CI machine.
  test.setTimeout(300_000);
  const page = await asUser("alice", "/costs");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height, name] of [
      [1280, 900, "desktop"],
      [390, 844, "phone"],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const path of ["/costs", "/settings/budgets", "/"]) {
        await page.goto(path);
        await expect(page).toHaveTitle(/\S/);
        await axe.expectNoViolations(page);
        const shot = `${path.replace(/\W+/g, "-")}-${name}-${scheme}`;
        await attachScreenshot(page, shot);
        await page.screenshot({ path: test.info().outputPath(`${shot}.png`), fullPage: true });
      }
    }
  }
});
