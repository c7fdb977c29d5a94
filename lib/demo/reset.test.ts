/**
 * The demo reset against a database of its own: it removes the demo's activity, keeps people,
 * settings and the audit log, takes tasks off the dashboard's counters, restarts each sync, and
 * refuses to reset Switchyard when the emulator did not reset.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { FailureError } from "@/lib/errors";
import { userSyncJobKey } from "@/lib/jobs/sync";
import { isolatedDatabase } from "@/test/isolated-database";
import { startEmulator, type RunningEmulator } from "../../github-emulator/server";
import { clearDemoActivity, resetEmulator } from "./reset";

let db: PrismaClient;
let emulator: RunningEmulator;

beforeAll(async () => {
  db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: await isolatedDatabase("demo_reset"), max: 3 }),
  });
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await db?.$disconnect();
  await emulator?.close();
});

async function seedActivity() {
  const alice = await db.user.create({ data: { login: "alice", githubId: 1001, role: "admin" } });
  await db.repository.create({ data: { id: 700100001n, owner: "acme", name: "checkout-api" } });
  await db.task.create({
    data: {
      id: "task-1",
      repositoryId: 700100001n,
      creatorGithubId: 1001n,
      state: "failed",
      createdAt: new Date(),
      githubUpdatedAt: new Date(),
    },
  });
  await db.triageItem.create({
    data: {
      taskId: "task-1",
      openedByChangeId: 1n,
      state: "failed",
      ownerReason: "launcher",
      slaDueAt: new Date(),
    },
  });
  const template = await db.template.create({
    data: { slug: "demo-reset", name: "Demo reset", versions: { create: { version: 1, body: "Do it." } } },
    include: { versions: true },
  });
  const campaign = await db.campaign.create({
    data: { name: "C", templateVersionId: template.versions[0]!.id, createdById: alice.id },
  });
  await db.routingRule.create({
    data: { position: 1, name: "campaign rule", campaignId: campaign.id, createdById: alice.id },
  });
  await db.routingRule.create({
    data: { position: 2, name: "org rule", organisation: "acme", createdById: alice.id },
  });
  await db.notification.create({
    data: { userId: alice.id, kind: "opened", title: "Failed", eventKey: "e1" },
  });
  await db.userSyncState.create({
    data: {
      userId: alice.id,
      watermark: new Date(),
      listEtag: 'W/"x"',
      lastError: "old",
      consecutiveErrors: 2,
    },
  });
  await db.auditEvent.create({ data: { action: "task.start", actorId: alice.id } });
  return { alice, template };
}

describe("the demo reset", () => {
  it("clears the activity, keeps people, templates, other rules and the audit log, and restarts sync", async () => {
    const { alice, template } = await seedActivity();
    expect(await db.taskCreatorCounter.count()).toBeGreaterThan(0);

    const counts = await db.$transaction((tx) => clearDemoActivity(tx));
    expect(counts).toMatchObject({ tasks: 1, campaigns: 1, routingRules: 1, notifications: 1 });

    expect(await db.task.count()).toBe(0);
    expect(await db.campaign.count()).toBe(0);
    expect(await db.triageItem.count()).toBe(0);
    expect(await db.notification.count()).toBe(0);
    // The counter triggers took the task off every count.
    const counted = await db.taskCreatorCounter.aggregate({ _sum: { count: true } });
    expect(counted._sum.count ?? 0).toBe(0);

    expect(await db.user.findUnique({ where: { id: alice.id } })).not.toBeNull();
    expect(await db.template.findUnique({ where: { id: template.id } })).not.toBeNull();
    expect((await db.routingRule.findMany()).map((rule) => rule.name)).toEqual(["org rule"]);
    expect(await db.auditEvent.count()).toBe(1);

    const sync = await db.userSyncState.findUniqueOrThrow({ where: { userId: alice.id } });
    expect(sync).toMatchObject({ watermark: null, listEtag: null, lastError: null, consecutiveErrors: 0 });
    const [job] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE key = ${userSyncJobKey(alice.id)}`;
    expect(Number(job!.n)).toBe(1);
  });

  it("resets the emulator to its seed and keeps its tokens; an emulator that refuses stops the reset", async () => {
    const seeded = emulator.state.store.data.tasks.length;
    const { tasks } = await resetEmulator(emulator.url);
    expect(tasks).toBe(seeded);

    const refusing = createServer((_req, res) => res.writeHead(500).end("{}"));
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = refusing.address() as AddressInfo;
      const error = await resetEmulator(`http://127.0.0.1:${port}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FailureError);
      expect((error as FailureError).failure.code).toBe("unavailable");
    } finally {
      refusing.close();
    }
  });
});
