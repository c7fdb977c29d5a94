import type { Page } from "@playwright/test";
import type { PrismaClient } from "../generated/prisma/client";
import { expect, test, type Axe } from "./fixtures";

/** Screenshots at desktop and phone width, light and dark (in the test's output folder), axe-checked in each. */
async function shots(page: Page, axe: Axe, name: string) {
  for (const [label, width, height] of [
    ["desktop", 1280, 900],
    ["phone", 390, 844],
  ] as const)
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await axe.expectNoViolations(page);
      await page.screenshot({
        path: test.info().outputPath(`${name}-${label}-${colorScheme}.png`),
        fullPage: true,
      });
    }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

/**
 * Advances the scheduler's clock to `slot` (the worker's test-only `schedule_tick_at`) and waits on
 * the schedule's page for its one run to have started.
 */
async function firstRun(page: Page, db: PrismaClient, slot: Date, timeout: number) {
  await db.$executeRaw`SELECT graphile_worker.add_job('schedule_tick_at',
    json_build_object('at', ${slot.toISOString()}::text))`;
  const run = page.getByTestId("schedule-run");
  await expect(async () => {
    await page.reload();
    await expect(run).toHaveCount(1);
    await expect(run).toContainText("Started", { timeout: 1_000 });
  }).toPass({ timeout });
  return run;
}

/**
 * The weekly release template scheduled from its page in two clicks; the scheduler's clock moved to
 * the first run (the worker's test-only `schedule_tick_at`, SWITCHYARD_TEST_CLOCK=1); the run and
 * its task show on the schedule's page.
 */
test("schedules: the weekly release template in two clicks, then its first run and task", async ({
  asUser,
  axe,
  db,
}) => {
  // Four axe passes and screenshots twice over, then the worker's tick, run and start: on a busy
  // machine the screenshots alone took most of the default minute and left the run 3 s to appear.
  test.slow();
  const page = await asUser("bob", "/templates");
  await page.getByRole("link", { name: "Weekly release preparation" }).click();
  await expect(page.getByRole("heading", { name: "Weekly release preparation", level: 1 })).toBeVisible();

  // Click one: Schedule…; the form is ready as it stands.
  await page.getByRole("link", { name: "Schedule…" }).click();
  await expect(page.getByRole("heading", { name: "New schedule", level: 1 })).toBeVisible();
  await expect(page.getByTestId("schedule-words")).toContainText("At 09:00, only on Monday");
  await shots(page, axe, "new-schedule");
  // Click two: Create schedule.
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(/\/schedules\/[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("schedule-words")).toContainText("At 09:00, only on Monday");
  await expect(page.getByTestId("next-runs").getByRole("listitem")).toHaveCount(5);
  await expect(page.getByText("No runs yet.")).toBeVisible();
  await axe.expectNoViolations(page);

  // Advance the scheduler's clock to the first run.
  const scheduleId = page.url().split("/").pop()!;
  const schedule = await db.schedule.findUniqueOrThrow({ where: { id: scheduleId } });
  expect(schedule.nextSlotAt!.getUTCDay()).toBe(1);
  const run = await firstRun(page, db, schedule.nextSlotAt!, 30_000);
  const task = run.getByRole("link");
  await expect(task).toBeVisible();
  await shots(page, axe, "schedule");

  // The release name was the run's date; the task is bob's, in the queue.
  const [stored] = await db.scheduleRun.findMany({ where: { scheduleId } });
  const launched = await db.launch.findFirstOrThrow({ where: { taskId: stored!.taskIds[0] } });
  expect(launched.githubLogin).toBe("bob");
  const date = schedule.nextSlotAt!.toISOString().slice(0, 10);
  expect(launched.prompt).toContain(`Prepare the ${date} release`);
  await task.click();
  await expect(page).toHaveURL(/\/tasks\//);

  // Listed on /schedules.
  await page.goto("/schedules");
  await expect(page.getByRole("link", { name: "Weekly release preparation (weekly)" }).first()).toBeVisible();
  await axe.expectNoViolations(page);
});

/**
 * The weekly release template scheduled as a campaign over a list of repositories: the form counts
 * the list's matches; the scheduler's clock moved to the first run; the run links the campaign it
 * created, dry-ran and launched, and the campaign's page opens from it.
 */
test("schedules: a template as a campaign over a target list, then its first run and campaign", async ({
  asUser,
  axe,
  db,
}) => {
  test.slow();
  const visible = await db.repository.findMany({
    where: { access: { some: { user: { login: "bob" } } } },
    orderBy: [{ owner: "asc" }, { name: "asc" }],
    take: 2,
    select: { owner: true, name: true },
  });
  expect(visible).toHaveLength(2);
  const list = visible.map((repo) => `${repo.owner}/${repo.name}`);

  const page = await asUser("bob", "/templates");
  await page.getByRole("link", { name: "Weekly release preparation" }).click();
  await page.getByRole("link", { name: "Schedule…" }).click();
  await expect(page.getByRole("heading", { name: "New schedule", level: 1 })).toBeVisible();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Release train");
  await page.getByRole("radio", { name: /A campaign over several repositories/ }).check();
  await page.getByRole("radio", { name: "A list of repositories" }).check();
  await page.getByRole("textbox", { name: "Repositories", exact: true }).fill(list.join("\n"));
  await expect(page.getByTestId("target-match-count")).toContainText(
    "2 repositories listed; you can see 2 of them",
  );
  await page.getByRole("spinbutton", { name: "Max tasks in flight" }).fill("2");
  await shots(page, axe, "new-campaign-schedule");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(/\/schedules\/[A-Za-z0-9_-]+$/);
  await expect(page.getByText("as a campaign over 2 listed repositories")).toBeVisible();

  const scheduleId = page.url().split("/").pop()!;
  const schedule = await db.schedule.findUniqueOrThrow({ where: { id: scheduleId } });
  expect(schedule).toMatchObject({ target: "campaign", targetSpec: { kind: "list", repositories: list } });
  // A campaign run also dry-runs the campaign and launches it.
  const run = await firstRun(page, db, schedule.nextSlotAt!, 60_000);
  await expect(run).toContainText("Launched: 2 repositories.");
  const date = schedule.nextSlotAt!.toISOString().slice(0, 10);
  const campaign = run.getByRole("link", { name: `Release train — ${date}` });
  await expect(campaign).toBeVisible();
  await shots(page, axe, "campaign-schedule");

  // The run's campaign is bob's, launched under his identity, over exactly the list.
  const [stored] = await db.scheduleRun.findMany({ where: { scheduleId } });
  const created = await db.campaign.findUniqueOrThrow({
    where: { id: stored!.campaignId! },
    include: { targets: true },
  });
  expect(created).toMatchObject({ launchedByLogin: "bob", maxInFlight: 2 });
  expect(created.targets.map((t) => `${t.owner}/${t.name}`).sort()).toEqual([...list].sort());
  await campaign.click();
  await expect(page.getByRole("heading", { name: `Release train — ${date}`, level: 1 })).toBeVisible();

  await page.goto("/schedules");
  await expect(page.getByText("as a campaign over 2 listed repositories")).toBeVisible();
});

test("events out: subscribe (secret shown once), desktop and phone, light and dark", async ({
  asUser,
  axe,
}) => {
  // Five axe passes and four full-page screenshots.
  test.slow();
  const page = await asUser("bob", "/notifications/events");
  await expect(page.getByRole("heading", { name: "Events out", level: 1 })).toBeVisible();
  await axe.expectNoViolations(page);
  // As in production, a receiver on this machine is refused (the SSRF guard), and nothing typed is lost.
  await page.getByLabel("Name").fill("Local receiver");
  await page.getByLabel("Receiver URL").fill("http://127.0.0.1:9/hook");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByText("Webhooks cannot point at this machine")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Local receiver");

  await page.getByLabel("Receiver URL").fill("https://hooks.example.com/switchyard");
  await page.getByRole("checkbox", { name: "Scheduled run could not start" }).check();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscription-secret")).toContainText("whsec_");
  await expect(page.getByRole("table", { name: "Event subscriptions" })).toContainText("hooks.example.com");
  await shots(page, axe, "events-out");
});
