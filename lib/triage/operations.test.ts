/**
 * The triage inbox's actions end to end (the action kit, lib/triage/operations.ts, a database of
 * their own, the GitHub emulator): who may act on which item, one audit record per item in that
 * item's transaction (a refused record rolls the item's change back), the assignee checked before
 * anything changes, the caps, playbook retries under the actor's token, and Edit and retry from the
 * launch form linking only items the person may act on (the IDOR of security finding 5).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SignedInUser } from "@/lib/auth/session";
import { session } from "@/test/signed-in-session";
import { isolatedDatabase } from "@/test/isolated-database";
import { startHarness, type Harness } from "@/test/sync-harness";

vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let h: Harness;
let actions: typeof import("@/app/(portal)/triage/actions");
let launch: typeof import("@/app/(portal)/launch/actions");
let alice: SignedInUser;
let bob: SignedInUser;
let carol: SignedInUser;
let teamId: string;
let taskId: string;
let change = 1n;

beforeAll(async () => {
  const databaseUrl = await isolatedDatabase("triage_operations");
  h = await startHarness({ databaseUrl, emulator: { seedTasks: false } });
  // The app's modules read these once, on first import: this file's database and emulator.
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    GITHUB_API_URL: h.gh.url,
    GITHUB_WEB_URL: h.gh.url,
    TOKEN_ENCRYPTION_KEY: h.tokenKey,
    AUTH_GITHUB_ID: "switchyard-dev",
    AUTH_GITHUB_SECRET: "switchyard-dev-secret",
  });
  actions = await import("@/app/(portal)/triage/actions");
  launch = await import("@/app/(portal)/launch/actions");
  const person = async (login: string): Promise<SignedInUser> => ({
    id: await h.signIn(login),
    login,
    role: "member",
  });
  [alice, bob, carol] = (await Promise.all(["alice", "bob", "carol"].map(person))) as [
    SignedInUser,
    SignedInUser,
    SignedInUser,
  ];
  teamId = (await h.db.team.create({ data: { name: "Payments" } })).id;
  await h.db.teamMember.create({ data: { teamId, userId: bob.id } });
  // A task alice started: what the triage items point at.
  session.user = alice;
  taskId = await started("checkout-api", "Fix the flaky checkout test");
  // Audit records about chosen items can be refused, to show a change never outlives its record.
  await h.db.$executeRawUnsafe(`CREATE TABLE triage_test_refuse ("targetId" text PRIMARY KEY)`);
  await h.db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION triage_test_refuse_audit() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM triage_test_refuse r WHERE r."targetId" = NEW."targetId") THEN
        RAISE EXCEPTION 'audit refused';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await h.db.$executeRawUnsafe(
    `CREATE TRIGGER triage_test_refuse_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION triage_test_refuse_audit()`,
  );
}, 60_000);

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  // Everyone here may see every repository: who sees what is lib/visibility's test; this one is
  // about who may act on which item.
  await h.db.$executeRaw`
    INSERT INTO "RepositoryAccess" ("userId", "repositoryId")
    SELECT u.id, r.id FROM "User" u CROSS JOIN "Repository" r ON CONFLICT DO NOTHING`;
  await h.db.$executeRawUnsafe(`DELETE FROM triage_test_refuse`);
  await h.db.triageItem.deleteMany();
  await h.db.auditEvent.deleteMany();
  session.user = bob;
});

/** Starts a task through the launch action (as the signed-in person) and returns its id. */
async function started(repo: string, prompt: string): Promise<string> {
  const result = await launch.startTaskAction(
    null,
    form({ owner: "acme", repo, prompt, create_pull_request: "on" }),
  );
  if (!result.ok) throw new Error(result.message);
  return result.data.id;
}

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields))
    for (const one of Array.isArray(value) ? value : [value]) data.append(key, one);
  return data;
}

async function item(owner: { team?: string; user?: string } = {}, task = taskId) {
  return h.db.triageItem.create({
    data: {
      taskId: task,
      openedByChangeId: change++,
      state: "failed",
      ownerTeamId: owner.team ?? null,
      ownerUserId: owner.user ?? null,
      ownerReason: "test",
      slaDueAt: new Date(Date.now() + 3_600_000),
    },
  });
}

const records = (where: { action?: string; targetId?: string } = {}) =>
  h.db.auditEvent.findMany({ where, orderBy: { at: "asc" } });

/** Makes the database refuse audit records about `targetId`. */
async function refuseAuditOf(targetId: string) {
  await h.db.$executeRaw`INSERT INTO triage_test_refuse ("targetId") VALUES (${targetId})`;
}

describe("triage operations", () => {
  it("changes only items the person may act on, and records the refusals", async () => {
    const teams = await item({ team: teamId });
    session.user = carol;
    const denied = await actions.triageItemAction(null, form({ op: "claim", itemId: teams.id }));
    expect(denied).toMatchObject({ ok: false, code: "forbidden" });
    expect(await h.db.triageItem.findUniqueOrThrow({ where: { id: teams.id } })).toMatchObject({
      ownerUserId: null,
      ownerTeamId: teamId,
    });
    expect(await records({ action: "triage.claim" })).toMatchObject([
      { actorId: carol.id, targetId: teams.id, outcome: "forbidden" },
    ]);

    session.user = bob;
    expect(await actions.triageItemAction(null, form({ op: "claim", itemId: teams.id }))).toMatchObject({
      ok: true,
      data: { changed: 1, skipped: 0 },
    });
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: teams.id } })).ownerUserId).toBe(bob.id);
    expect((await records({ action: "triage.claim" })).map((r) => [r.actorId, r.outcome])).toEqual([
      [carol.id, "forbidden"],
      [bob.id, "ok"],
    ]);
  });

  it("writes one record per item in that item's transaction: a refused record undoes that item only", async () => {
    const [first, second] = [await item(), await item()];
    await refuseAuditOf(second.id);
    const result = await actions.triageItemAction(
      null,
      form({ op: "note", body: "Looking into it", itemId: [first.id, second.id] }),
    );
    expect(result).toMatchObject({ ok: false, code: "unknown" });
    expect(await h.db.triageNote.count({ where: { itemId: first.id } })).toBe(1);
    expect(await h.db.triageNote.count({ where: { itemId: second.id } })).toBe(0);
    expect((await records({ action: "triage.note" })).map((r) => r.targetId)).toEqual([first.id]);
  });

  it("checks the assignee before changing anything, so a batch never stops half way", async () => {
    const [first, second] = [await item(), await item()];
    const result = await actions.triageItemAction(
      null,
      form({ op: "reassign", assignee: "team:zzzzzzzzzzzzzzzzzzzz", itemId: [first.id, second.id] }),
    );
    expect(result).toMatchObject({ ok: false, code: "not_found" });
    const after = await h.db.triageItem.findMany({ where: { id: { in: [first.id, second.id] } } });
    expect(after.every((row) => row.ownerTeamId === null && row.ownerReason === "test")).toBe(true);
    expect(await records({ action: "triage.reassign" })).toEqual([]);

    expect(
      await actions.triageItemAction(
        null,
        form({ op: "reassign", assignee: `team:${teamId}`, itemId: [first.id, second.id] }),
      ),
    ).toMatchObject({ ok: true, data: { changed: 2 } });
    expect(await records({ action: "triage.reassign" })).toHaveLength(2);
  });

  it("acts on a whole view only with its count confirmed", async () => {
    await item();
    await item();
    const stale = await actions.triageItemAction(
      null,
      form({ op: "acknowledge", view: "unowned", confirmCount: "3" }),
    );
    expect(stale).toMatchObject({ ok: false, code: "conflict" });
    expect(await h.db.triageItem.count({ where: { acknowledgedAt: { not: null } } })).toBe(0);
    expect(
      await actions.triageItemAction(null, form({ op: "acknowledge", view: "unowned", confirmCount: "2" })),
    ).toMatchObject({ ok: true, data: { changed: 2 } });
  });

  it("snoozes at most 30 days ahead, and keeps at most 100 notes on an item", async () => {
    const one = await item();
    const far = new Date(Date.now() + 31 * 86_400_000).toISOString();
    const tooFar = await actions.triageItemAction(null, form({ op: "snooze", until: far, itemId: one.id }));
    expect(tooFar).toMatchObject({ ok: false, code: "invalid_input" });
    expect(!tooFar.ok && tooFar.fieldErrors?.until?.[0]).toMatch(/at most 30 days/);
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: one.id } })).status).toBe("open");
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect(
      await actions.triageItemAction(null, form({ op: "snooze", until: soon, itemId: one.id })),
    ).toMatchObject({
      ok: true,
    });

    const noted = await item();
    await h.db.triageNote.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        itemId: noted.id,
        authorId: bob.id,
        body: `note ${i}`,
      })),
    });
    const full = await actions.triageItemAction(
      null,
      form({ op: "note", body: "One more", itemId: noted.id }),
    );
    expect(full).toMatchObject({ ok: false, code: "invalid_state" });
    expect(!full.ok && full.message).toMatch(/already has 100 notes/);
    expect(await h.db.triageNote.count({ where: { itemId: noted.id } })).toBe(100);
  });

  it("resolves an item, notifying its owners in the same transaction", async () => {
    const owned = await item({ team: teamId });
    expect(
      await actions.triageItemAction(
        null,
        form({ op: "resolve", resolution: "fixed_by_hand", itemId: owned.id }),
      ),
    ).toMatchObject({ ok: true });
    expect(await h.db.triageItem.findUniqueOrThrow({ where: { id: owned.id } })).toMatchObject({
      status: "resolved",
      resolvedById: bob.id,
    });
    expect(
      await h.db.notification.count({ where: { itemId: owned.id, userId: bob.id, kind: "resolved" } }),
    ).toBe(1);
  });
});

describe("playbook retries", () => {
  it("retries under the actor's own token, links the attempt and records it with their identity", async () => {
    const owned = await item({ team: teamId });
    session.user = carol;
    const refused = await actions.retryItemsAction(null, form({ mode: "retry", itemId: owned.id }));
    expect(refused).toMatchObject({ ok: false, code: "failed" });
    expect(await records({ action: "triage.retry" })).toMatchObject([
      { actorId: carol.id, outcome: "forbidden" },
    ]);

    session.user = bob;
    const result = await actions.retryItemsAction(null, form({ mode: "retry", itemId: owned.id }));
    expect(result.ok).toBe(true);
    const next = result.ok ? result.data.started[0]!.taskId : "";
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: owned.id } })).nextTaskId).toBe(next);
    expect(await h.db.launch.findUniqueOrThrow({ where: { taskId: next } })).toMatchObject({
      githubLogin: "bob",
      kind: "retry",
      previousTaskId: taskId,
    });
    const [, ok] = await records({ action: "triage.retry" });
    expect(ok).toMatchObject({ actorId: bob.id, githubIdentity: "bob", targetId: owned.id, outcome: "ok" });
    expect(ok!.details).toMatchObject({ taskId, nextTaskId: next });
  });
});

describe("Edit and retry from the launch form", () => {
  const editRetry = (repo = "checkout-api") =>
    launch.startTaskAction(
      null,
      form({
        owner: "acme",
        repo,
        prompt: "Fix it, narrower",
        previous_task_id: taskId,
        create_pull_request: "on",
      }),
    );

  it("never links another team's triage item, and records the refused link", async () => {
    const owned = await item({ team: teamId });
    session.user = alice;
    const result = await editRetry();
    expect(result.ok).toBe(true);
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: owned.id } })).nextTaskId).toBeNull();
    expect(await records({ action: "triage.edit_retry" })).toMatchObject([
      { actorId: alice.id, targetId: owned.id, outcome: "forbidden" },
    ]);
    // The attempt itself is started and recorded as what it is.
    const newTask = result.ok ? result.data.id : "";
    expect(await h.db.launch.findUniqueOrThrow({ where: { taskId: newTask } })).toMatchObject({
      kind: "edit_retry",
      previousTaskId: taskId,
    });
    expect(await records({ action: "task.edit_retry", targetId: newTask })).toHaveLength(1);
  });

  it("links the item for someone who may act on it", async () => {
    const owned = await item({ team: teamId });
    const result = await editRetry();
    const newTask = result.ok ? result.data.id : "missing";
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: owned.id } })).nextTaskId).toBe(newTask);
    expect(await records({ action: "triage.edit_retry" })).toMatchObject([
      { actorId: bob.id, targetId: owned.id, outcome: "ok", details: { taskId, nextTaskId: newTask } },
    ]);
  });

  it("is a plain launch in another repository: no attempt, no triage", async () => {
    const owned = await item();
    const result = await editRetry("web-storefront");
    const newTask = result.ok ? result.data.id : "missing";
    expect(await h.db.launch.findUniqueOrThrow({ where: { taskId: newTask } })).toMatchObject({
      kind: "launch",
      previousTaskId: null,
    });
    expect((await h.db.triageItem.findUniqueOrThrow({ where: { id: owned.id } })).nextTaskId).toBeNull();
    expect(await records({ action: "triage.edit_retry" })).toEqual([]);
  });
});

describe("the whole view, past the first page", () => {
  /** `count` open items on `task`, some sharing a due time (the keyset's id breaks the tie). */
  async function many(count: number, owner: { user?: string } = {}, task = taskId) {
    const due = Date.now() + 3_600_000;
    await h.db.triageItem.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        taskId: task,
        openedByChangeId: change++,
        state: "failed" as const,
        ownerUserId: owner.user ?? null,
        ownerReason: "test",
        slaDueAt: new Date(due + Math.floor(i / 3) * 1000),
      })),
    });
  }

  it("pages a view of more than 200 items with keyset cursors: every item once, in order", async () => {
    const { listTriageItems, TRIAGE_PAGE_SIZE } = await import("@/lib/dal/triage");
    await many(230);
    const seen: string[] = [];
    const dues: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listTriageItems>> = await listTriageItems({
        view: "unowned",
        viewer: bob,
        cursor,
      });
      seen.push(...page.items.map((one) => one.id));
      dues.push(...page.items.map((one) => one.slaDueAt));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(230 / TRIAGE_PAGE_SIZE));
    expect(new Set(seen).size).toBe(230);
    expect(dues).toEqual([...dues].sort());
    await expect(
      listTriageItems({ view: "unowned", viewer: bob, cursor: "bm90LWEtY3Vyc29y" }),
    ).rejects.toThrow(/page link is not valid/);
  });

  it("acts on the view's true count in one transaction with one record; leaves what it may not touch", async () => {
    session.user = alice;
    const hiddenTask = await started("web-storefront", "A task bob cannot see");
    session.user = bob;
    await h.db.repositoryAccess.deleteMany({
      where: { userId: bob.id, repository: { name: "web-storefront" } },
    });
    await many(230);
    const alices = await item({ user: alice.id });
    const hidden = await item({}, hiddenTask);

    // The person confirmed 230 (what they saw); the view has 231 now: reported, nothing changes.
    const stale = await actions.triageItemAction(
      null,
      form({ op: "acknowledge", view: "all", confirmCount: "230" }),
    );
    expect(stale).toMatchObject({ ok: false, code: "conflict" });
    expect(!stale.ok && stale.message).toMatch(/now has 231 items, not 230/);
    expect(await h.db.triageItem.count({ where: { acknowledgedAt: { not: null } } })).toBe(0);

    const done = await actions.triageItemAction(
      null,
      form({ op: "acknowledge", view: "all", confirmCount: "231" }),
    );
    expect(done).toMatchObject({
      ok: true,
      data: { changed: 230, skipped: 1, reasons: ["1 is not yours to change"] },
    });
    expect(await h.db.triageItem.count({ where: { acknowledgedById: bob.id } })).toBe(230);
    for (const untouched of [alices, hidden])
      expect(
        (await h.db.triageItem.findUniqueOrThrow({ where: { id: untouched.id } })).acknowledgedAt,
      ).toBeNull();
    const audit = await records({ action: "triage.acknowledge" });
    expect(audit.map((r) => [r.targetType, r.targetId, r.outcome])).toEqual([
      ["triage_view", "all", "conflict"],
      ["triage_view", "all", "ok"],
    ]);
    expect(audit[1]!.details).toMatchObject({
      view: "all",
      confirmedCount: 231,
      matchedCount: 231,
      changedCount: 230,
      skippedCount: 1,
      notYours: [alices.id],
    });
  });

  it("a whole view where nothing is the person's changes nothing and says so", async () => {
    await many(3, { user: alice.id });
    session.user = carol;
    const denied = await actions.triageItemAction(
      null,
      form({ op: "claim", view: "all", confirmCount: "3" }),
    );
    expect(denied).toMatchObject({ ok: false, code: "forbidden" });
    expect(await h.db.triageItem.count({ where: { ownerUserId: alice.id } })).toBe(3);
    expect(await records({ action: "triage.claim" })).toMatchObject([
      { targetType: "triage_view", outcome: "forbidden" },
    ]);
  });
});
