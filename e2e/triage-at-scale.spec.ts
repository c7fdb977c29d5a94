import { expect, test } from "./fixtures";
import { TriageInbox } from "./pages/triage-inbox";

test.describe.configure({ timeout: 90_000 });

const SEEDED = 230;

// More items than one page (and more than the old 200-item cap), all routed to a team of dave's:
// the inbox pages through them and one confirmed bulk action acknowledges every one.
test("triage pages a view of more than 200 items and acknowledges all of them in one confirmed action", async ({
  asUser,
  db,
}) => {
  const dave = await db.user.findFirstOrThrow({ where: { login: "dave" }, select: { id: true } });
  // A task dave may see (the worker syncs the demo tasks): the items must be in his view.
  const visibleToDave = { repository: { access: { some: { userId: dave.id } } } };
  await expect.poll(() => db.task.count({ where: visibleToDave }), { timeout: 45_000 }).toBeGreaterThan(0);
  const task = await db.task.findFirstOrThrow({ where: visibleToDave, select: { id: true } });
  const team = await db.team.create({
    data: { name: `Scale ${Date.now()}`, members: { create: { userId: dave.id } } },
  });
  const base = BigInt(Date.now()) * 1000n;
  await db.triageItem.createMany({
    data: Array.from({ length: SEEDED }, (_, i) => ({
      taskId: task.id,
      openedByChangeId: base + BigInt(i),
      state: "failed" as const,
      ownerTeamId: team.id,
      ownerReason: `Seeded for scale ${i}`,
      // Far ahead, so these sort after any real item another spec looks for.
      slaDueAt: new Date(Date.now() + 20 * 86_400_000 + i * 1000),
    })),
  });
  try {
    const page = await asUser("dave", TriageInbox.path("teams"));
    const inbox = new TriageInbox(page);
    const tab = page.getByRole("link", { name: /My teams \((\d+)\)/ });
    const total = Number((await tab.textContent())!.match(/\((\d+)\)/)![1]);
    expect(total).toBeGreaterThanOrEqual(SEEDED);
    await expect(inbox.items).toHaveCount(50);

    // The next page continues where the first stopped.
    const firstPage = await inbox.items.evaluateAll((cards) =>
      cards.map((card) => card.getAttribute("aria-labelledby")),
    );
    await page.getByRole("link", { name: "Next 50 items" }).click();
    await expect(page.getByRole("link", { name: "First page" })).toBeVisible();
    await expect(inbox.items).toHaveCount(50);
    const secondPage = await inbox.items.evaluateAll((cards) =>
      cards.map((card) => card.getAttribute("aria-labelledby")),
    );
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

    // The whole view, as the server counts it, confirmed.
    await expect(inbox.bulk).toContainText(`For all ${total} items in this view`);
    await inbox.bulk.getByRole("button", { name: `Apply to all ${total} items` }).click();
    await inbox.bulk.getByRole("button", { name: `Yes, apply to ${total} items` }).click();
    await expect(inbox.bulk.getByRole("status")).toContainText(`Done for ${total} of ${total} items.`, {
      timeout: 30_000,
    });
    expect(await db.triageItem.count({ where: { ownerTeamId: team.id, acknowledgedById: dave.id } })).toBe(
      SEEDED,
    );
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "triage.acknowledge", targetType: "triage_view", actorId: dave.id },
      orderBy: { at: "desc" },
    });
    expect(audit.details).toMatchObject({ view: "teams", matchedCount: total, changedCount: total });
    await page.screenshot({ path: test.info().outputPath("triage-at-scale.png"), fullPage: false });
  } finally {
    await db.triageItem.deleteMany({ where: { ownerTeamId: team.id } });
    await db.team.delete({ where: { id: team.id } });
  }
});
