import type { PrismaClient } from "../generated/prisma/client";
import { attachScreenshot, expect, test, type AsUser } from "./fixtures";
import { LaunchForm } from "./pages/launch-form";
import { TriageInbox } from "./pages/triage-inbox";

// Each flow waits on several sync cycles and worker jobs. In order: the last test acknowledges the
// first item in bob's inbox, which must not be one the first test is about to resolve.
test.describe.configure({ mode: "default", timeout: 90_000 });

/** alice starts a task from the launch form; returns its id. */
async function launchAsAlice(asUser: AsUser, db: PrismaClient, repo: string, prompt: string) {
  const form = new LaunchForm(await asUser("alice", "/launch"));
  await form.start(repo, prompt);
  await expect(form.started(repo)).toBeVisible();
  const launch = await db.launch.findFirst({
    where: { prompt },
    orderBy: { createdAt: "desc" },
    select: { taskId: true },
  });
  return launch!.taskId!;
}

/** The triage item the worker opens for this task. */
async function itemFor(db: PrismaClient, taskId: string) {
  await expect.poll(() => db.triageItem.count({ where: { taskId } }), { timeout: 45_000 }).toBe(1);
  return db.triageItem.findFirstOrThrow({
    where: { taskId },
    select: { id: true, ownerReason: true, status: true, nextTaskId: true },
  });
}

// bob signed in in the setup project, so Switchyard can route to him and syncs his own tasks.

test("a failed task reaches its CODEOWNERS owner, who retries it; the item resolves when the retry completes", async ({
  asUser,
  axe,
  db,
  emulator,
}) => {
  const prompt = `Add an index on profile lookups ${Date.now()} [emulator:outcome=failed] [emulator:failure=tests]`;
  const taskId = await launchAsAlice(asUser, db, "user-profile-service", prompt);
  const item = await itemFor(db, taskId);
  expect(item.ownerReason).toBe("CODEOWNERS: @bob");

  const bob = await asUser("bob", TriageInbox.path("mine"));
  const inbox = new TriageInbox(bob);
  const card = inbox.item(taskId);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("triage-reason")).toHaveText("CODEOWNERS: @bob");
  await expect(bob.getByRole("button", { name: /Notifications, \d+ unread/ })).toBeVisible({
    timeout: 20_000,
  });
  await axe.expectNoSeriousViolations(bob);
  await attachScreenshot(bob, "triage-inbox");

  await card.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(card.getByRole("status")).toContainText("Started", { timeout: 20_000 });
  const linked = await db.triageItem.findUniqueOrThrow({
    where: { id: item.id },
    select: { nextTaskId: true },
  });
  expect(linked.nextTaskId).toBeTruthy();
  const retry = linked.nextTaskId!;
  const launch = await db.launch.findUnique({
    where: { taskId: retry },
    select: { githubLogin: true, kind: true, previousTaskId: true },
  });
  // Under bob's own identity, linked to the original as its next attempt.
  expect(launch).toEqual({ githubLogin: "bob", kind: "retry", previousTaskId: taskId });

  // The same prompt would fail again on the emulator: let this attempt succeed.
  await expect(async () => {
    await emulator.transition(retry, { state: "completed" });
  }).toPass({ timeout: 20_000 });
  await expect
    .poll(async () => (await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).status, {
      timeout: 45_000,
    })
    .toBe("resolved");
  const resolved = await db.triageItem.findUniqueOrThrow({
    where: { id: item.id },
    select: { resolution: true },
  });
  expect(resolved.resolution).toBe("retried");
  await bob.goto(`/tasks/${taskId}`);
  await expect(bob.getByText("Next attempt")).toBeVisible();
});

test("a task waiting for an answer is followed up from the inbox on the same branch", async ({
  asUser,
  db,
}) => {
  const prompt = `Add rate limiting to profile updates ${Date.now()} [emulator:outcome=waiting_for_user]`;
  const taskId = await launchAsAlice(asUser, db, "user-profile-service", prompt);
  await itemFor(db, taskId);
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { headRef: true } });

  const inbox = new TriageInbox(await asUser("bob", TriageInbox.path("mine")));
  const card = inbox.item(taskId);
  await card
    .getByLabel(/Or follow up here/)
    .fill("Use a sliding window of 100 requests per minute per user.");
  await card.getByRole("button", { name: "Follow up" }).click();
  await expect(card.getByRole("status")).toContainText("Started", { timeout: 20_000 });
  const followUp = await db.launch.findFirst({
    where: { previousTaskId: taskId },
    select: { headRef: true, kind: true, prompt: true },
  });
  expect(followUp).toMatchObject({ kind: "follow_up", headRef: task.headRef });
  expect(followUp!.prompt).toContain("sliding window");
});

test("a selection of items is acknowledged in one go, and the action is audited", async ({ asUser, db }) => {
  const inbox = new TriageInbox(await asUser("bob", TriageInbox.path("mine")));
  const first = inbox.items.first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  const taskId = (await first.getAttribute("data-task-id"))!;
  await first.getByRole("checkbox", { name: /^Select / }).check();
  await expect(inbox.bulk).toContainText("For the 1 selected item");
  await inbox.bulk.getByRole("button", { name: "Apply to 1 items" }).click();
  await expect(inbox.bulk.getByRole("status")).toHaveText("Done.");
  const row = await db.triageItem.findFirst({
    where: { taskId, status: "open" },
    select: { acknowledgedAt: true },
  });
  expect(row!.acknowledgedAt).not.toBeNull();
  const audits = await db.auditEvent.count({
    where: { action: "triage.acknowledge", details: { path: ["taskId"], equals: taskId } },
  });
  expect(audits).toBeGreaterThan(0);
});
