/**
 * Triage items from state-change events against a real Postgres: exactly once per entry into a
 * needs-human state (however often the event is handled), closed when the task moves on or its retry
 * completes, escalated on a controlled clock, with one notification per event.
 * GitHub ids from 960,000 keep these rows apart from other test files.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { handleStateChange, type StateChangeEvent } from "@/lib/sync/events";
import type { TaskRow, TaskStateValue } from "@/lib/sync/mapping";
import { ensureRepositories, upsertTasks, withTaskWriteLock } from "@/lib/sync/store";
import { applyStateChangeToTriage, escalateOverdue, type TriageDeps } from "./lifecycle";

const run = randomBytes(3).toString("hex");
const CREATOR = 960_000 + Math.floor(Math.random() * 9_000);
const REPO = {
  id: String(960_000_000 + Math.floor(Math.random() * 9_000)),
  owner: "tri",
  name: `repo-${run}`,
};
let ownerId: string;
let teamId: string;
let clock = new Date();
const deps: TriageDeps = { db, appUrl: "http://switchyard.test", now: () => clock };

function row(id: string, state: TaskStateValue, updatedAt: Date): TaskRow {
  return {
    id,
    repositoryId: REPO.id,
    creatorGithubId: String(CREATOR),
    creatorType: "user",
    state,
    name: `Triage test ${id}`,
    htmlUrl: null,
    apiUrl: null,
    customAgent: null,
    sessionCount: 1,
    headRef: "copilot/fix",
    baseRef: "main",
    pullRequestId: null,
    pullRequestGlobalId: null,
    createdAt: new Date(updatedAt.getTime() - 60_000).toISOString(),
    githubUpdatedAt: updatedAt.toISOString(),
    archivedAt: null,
  };
}

/** Stores a task in a state and hands the recorded change to triage (twice: a repeated job). */
async function move(id: string, state: TaskStateValue, updatedAt = new Date()) {
  const changes = await db.$transaction((tx) => upsertTasks(tx, [row(id, state, updatedAt)], "user_list"));
  const events: StateChangeEvent[] = [];
  for (const change of changes) {
    for (let i = 0; i < 2; i++)
      await handleStateChange(db, change.id, [
        async (_db, event) => {
          events.push(event);
          await applyStateChangeToTriage(deps, event);
        },
      ]);
  }
  return events;
}

const notificationsFor = (taskId: string) =>
  db.notification.findMany({ where: { taskId }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  const owner = await db.user.create({ data: { githubId: CREATOR, login: `tri-owner-${run}` } });
  ownerId = owner.id;
  const team = await db.team.create({ data: { name: `Triage team ${run}` } });
  teamId = team.id;
  await db.teamMember.create({ data: { teamId, userId: ownerId } });
  await ensureRepositories(db, [REPO]);
  // The owner can see the repository on GitHub (people who cannot are not notified: lib/visibility).
  await db.repositoryAccess.create({ data: { userId: ownerId, repositoryId: BigInt(REPO.id) } });
});

afterAll(async () => {
  await withTaskWriteLock(db, (tx) => tx.task.deleteMany({ where: { creatorGithubId: BigInt(CREATOR) } }));
  await db.notification.deleteMany({ where: { userId: ownerId } });
  await db.team.delete({ where: { id: teamId } });
  await db.user.delete({ where: { id: ownerId } });
  await db.$disconnect();
});

describe("triage items", () => {
  it("opens exactly once per entry into a needs-human state and closes when the task moves on", async () => {
    clock = new Date();
    const id = `tri-${run}-a`;
    await move(id, "in_progress");
    await move(id, "failed");
    let items = await db.triageItem.findMany({ where: { taskId: id } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: "open", state: "failed", ownerUserId: ownerId });
    expect(items[0]!.ownerReason).toMatch(/tri-owner/);
    expect(items[0]!.slaDueAt.getTime() - items[0]!.openedAt.getTime()).toBe(24 * 3_600_000);

    await move(id, "in_progress", new Date(Date.now() + 1000));
    items = await db.triageItem.findMany({ where: { taskId: id } });
    expect(items[0]).toMatchObject({ status: "resolved", resolution: "moved_on" });

    // A second failure is a new entry: a new item.
    await move(id, "failed", new Date(Date.now() + 2000));
    items = await db.triageItem.findMany({ where: { taskId: id }, orderBy: { openedAt: "asc" } });
    expect(items.map((item) => item.status)).toEqual(["resolved", "open"]);
    const kinds = (await notificationsFor(id)).map((n) => n.kind);
    expect(kinds).toEqual(["opened", "resolved", "opened"]);
  });

  it("does not open items for needs-human history older than a week on first sight", async () => {
    const id = `tri-${run}-old`;
    await move(id, "failed", new Date(Date.now() - 10 * 86_400_000));
    expect(await db.triageItem.count({ where: { taskId: id } })).toBe(0);
  });

  it("resolves an item as retried when its next attempt completes", async () => {
    const original = `tri-${run}-b`;
    const retry = `tri-${run}-b2`;
    await move(original, "timed_out");
    const item = await db.triageItem.findFirstOrThrow({ where: { taskId: original } });
    // As a retry from triage does: the new task is stored when it starts, then linked.
    await move(retry, "queued", new Date(Date.now() - 1000));
    await db.triageItem.update({ where: { id: item.id }, data: { nextTaskId: retry } });
    await move(retry, "in_progress");
    expect((await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("open");
    await move(retry, "completed", new Date(Date.now() + 1000));
    expect(await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: "resolved",
      resolution: "retried",
    });
  });

  it("escalates past the SLA to the owner's team, then further, notifying once per level", async () => {
    const id = `tri-${run}-c`;
    await move(id, "waiting_for_user");
    const item = await db.triageItem.findFirstOrThrow({ where: { taskId: id } });
    expect(item.slaDueAt.getTime() - item.openedAt.getTime()).toBe(4 * 3_600_000);

    clock = new Date(item.slaDueAt.getTime() - 60_000);
    await escalateOverdue(deps);
    expect((await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).escalationLevel).toBe(0);

    clock = new Date(item.slaDueAt.getTime() + 60_000);
    await escalateOverdue(deps);
    await escalateOverdue(deps);
    expect(await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      escalationLevel: 1,
      ownerTeamId: teamId,
    });

    clock = new Date(item.slaDueAt.getTime() + 4 * 3_600_000 + 60_000);
    await escalateOverdue(deps);
    expect((await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).escalationLevel).toBe(2);
    const escalations = (await notificationsFor(id)).filter((n) => n.kind === "escalated");
    expect(escalations.map((n) => n.eventKey)).toEqual([
      `escalated:${item.id}:level-1`,
      `escalated:${item.id}:level-2`,
    ]);
  });

  it("reopens a snoozed item when its snooze ends", async () => {
    const id = `tri-${run}-d`;
    clock = new Date();
    await move(id, "failed");
    const item = await db.triageItem.findFirstOrThrow({ where: { taskId: id } });
    await db.triageItem.update({
      where: { id: item.id },
      data: { status: "snoozed", snoozedUntil: new Date(clock.getTime() + 3_600_000) },
    });
    await escalateOverdue(deps);
    expect((await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("snoozed");
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    await escalateOverdue(deps);
    expect((await db.triageItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("open");
  });
});
