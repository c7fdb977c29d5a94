import { attachScreenshot, expect, test } from "./fixtures";
import { LaunchForm } from "./pages/launch-form";
import { TriageInbox } from "./pages/triage-inbox";

// bob signed in in the setup project: he is a CODEOWNER of acme/web-storefront (@acme/web, @bob).

test("a reviewer gets the review item for a completed task, asks for changes through the agent, and the follow-up starts on the same branch", async ({
  asUser,
  axe,
  db,
}) => {
  test.setTimeout(360_000);
  const prompt = `Tidy the basket totals ${Date.now()} [emulator:outcome=completed] [emulator:run_seconds=20]`;
  const form = new LaunchForm(await asUser("alice", "/launch"));
  await form.start("web-storefront", prompt);
  await expect(form.started("web-storefront")).toBeVisible();
  const launch = await db.launch.findFirstOrThrow({ where: { prompt }, select: { taskId: true } });
  const taskId = launch.taskId!;

  // The worker follows the task to its PR, opens a review item for the CODEOWNERS, and reads the PR
  // in full (its workflow runs wait for approval, as GitHub does for the agent's pushes).
  const review = () =>
    db.triageItem.findFirst({ where: { taskId, kind: "review" }, include: { pullRequest: true } });
  await expect
    .poll(async () => (await review())?.pullRequest?.workflowsAwaitingApproval ?? 0, {
      timeout: 240_000,
      intervals: [3_000],
    })
    .toBeGreaterThan(0);
  const item = (await review())!;
  const pull = item.pullRequest!;
  expect(item.ownerReason).toMatch(/^CODEOWNERS: @(acme\/web|bob)$/);

  const bob = await asUser("bob", TriageInbox.path("reviews"));
  const inbox = new TriageInbox(bob);
  await expect(bob.getByRole("link", { name: /^Reviews \(\d+\)$/ })).toBeVisible();
  const card = inbox.item(taskId);
  await expect(card).toBeVisible();
  await expect(card.getByText("Review", { exact: true }).first()).toBeVisible();
  const pullLink = card.getByRole("link", { name: `#${pull.number} ${pull.title}` });
  await expect(pullLink).toHaveAttribute("href", pull.htmlUrl);
  const facts = card.getByTestId("review-facts");
  await expect(facts).toContainText("Awaiting review");
  await expect(facts).toContainText("bob");
  await expect(card.getByRole("link", { name: "Approve workflows on GitHub" })).toHaveAttribute(
    "href",
    `${pull.htmlUrl}/checks`,
  );
  await axe.expectNoSeriousViolations(bob);
  for (const scheme of ["light", "dark"] as const) {
    await bob.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      await bob.setViewportSize({ width, height });
      await card.scrollIntoViewIfNeeded();
      await attachScreenshot(bob, `review-item-${scheme}-${width}`, { fullPage: false });
      await bob.screenshot({ path: test.info().outputPath(`review-item-${scheme}-${width}.png`) });
    }
  }
  await bob.emulateMedia({ colorScheme: "light" });
  await bob.setViewportSize({ width: 1280, height: 900 });

  // Request changes through the agent: a follow-up task on the PR's branch with bob's words.
  const words = `Keep the rounding rules as they were ${Date.now()}.`;
  await card.getByLabel(/Request changes through the agent/).fill(words);
  await card.getByRole("button", { name: "Request changes" }).click();
  await expect(card.getByRole("status")).toContainText("Started", { timeout: 30_000 });
  const linked = await db.triageItem.findUniqueOrThrow({ where: { id: item.id } });
  expect(linked.nextTaskId).toBeTruthy();
  expect(linked.status).toBe("open");
  const followUp = await db.launch.findUniqueOrThrow({
    where: { taskId: linked.nextTaskId! },
    select: { githubLogin: true, kind: true, previousTaskId: true, headRef: true, prompt: true },
  });
  expect(followUp).toMatchObject({
    githubLogin: "bob",
    kind: "follow_up",
    previousTaskId: taskId,
    headRef: pull.headRef,
  });
  expect(followUp.prompt).toContain(words);

  // The follow-up's page: started, on the pull request's branch.
  await bob.goto(`/tasks/${linked.nextTaskId}`);
  await expect(bob.getByText(pull.headRef).first()).toBeVisible();
  await axe.expectNoSeriousViolations(bob);
  await attachScreenshot(bob, "review-follow-up-task");
});
