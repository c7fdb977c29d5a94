import { attachScreenshot, expect, test } from "./fixtures";
import { LaunchForm } from "./pages/launch-form";

test("a task started from Switchyard is recorded as a launch and followed to its end by the worker", async ({
  asUser,
  db,
}) => {
  const form = new LaunchForm(await asUser("alice", "/launch"));
  await form.start("payments-ledger", "Document the ledger API [emulator:outcome=failed]");
  await expect(form.started("payments-ledger")).toBeVisible();

  const launch = await db.launch.findFirst({
    where: { prompt: { startsWith: "Document the ledger API" } },
    orderBy: { createdAt: "desc" },
    select: { status: true, taskId: true },
  });
  expect(launch).toMatchObject({ status: "started" });
  const taskId = launch!.taskId!;
  expect(taskId).toBeTruthy();

  // The worker's sync (not the page) brings the task to its final state, with every change recorded.
  await expect
    .poll(async () => (await db.task.findUnique({ where: { id: taskId } }))?.state, { timeout: 30_000 })
    .toBe("failed");
  const changes = (
    await db.taskStateChange.findMany({
      where: { taskId },
      orderBy: { id: "asc" },
      select: { fromState: true, toState: true, observedVia: true },
    })
  ).map((change) => ({ from: change.fromState, to: change.toState, via: change.observedVia }));
  expect(changes[0]).toMatchObject({ from: null, to: "queued", via: "launch" });
  expect(changes.at(-1)).toMatchObject({ to: "failed" });
  for (let i = 1; i < changes.length; i++) expect(changes[i]!.from).toBe(changes[i - 1]!.to);
  await expect
    .poll(async () => (await db.task.findUnique({ where: { id: taskId } }))?.errorMessage, {
      timeout: 30_000,
    })
    .toBeTruthy();
});

test("settings show each person's sync", async ({ asUser, axe }) => {
  // bob signed in in the setup project, so his sync is listed beside alice's.
  const page = await asUser("alice", "/settings");
  await expect(page.getByRole("heading", { name: "Task sync" })).toBeVisible();
  await expect(page.getByTestId("sync-alice")).toContainText("Syncing", { timeout: 20_000 });
  await expect(page.getByTestId("sync-bob")).toBeVisible();
  await axe.expectNoViolations(page);
  await attachScreenshot(page, "settings-sync");
});
