/**
 * Notifications against a real Postgres and a local HTTP receiver: signing, retry with backoff,
 * one notification and one delivery per event, digests, and no resend of delivered messages.
 * Every row here belongs to people and teams made for this file (random logins), so it can run
 * beside other test files; their workers never see our jobs (parked, see notifyParked).
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { deliverDigest, deliverWebhook, MAX_ATTEMPTS, retryDelayMs } from "./deliver";
import { notificationTaskList, webhookDigestJobKey, webhookJobKey } from "./jobs";
import type { TriageEvent } from "./events";
import { STRICT_POLICY } from "./egress";
import { notifyTriageEvent, type Recipients } from "./notify";
import { slackMessage, verifySignature, type WebhookBody } from "./webhook";
import { startLocalReceiver, type Received } from "@/test/local-receiver";
import { requireKeyring, sealWebhookField, type WebhookOwner } from "@/lib/secrets/webhook-secrets";

let db: PrismaClient;
let receiver: Awaited<ReturnType<typeof startLocalReceiver>>;
let baseUrl: string;
let received: Received[];
let scripts: Map<string, number[]>;

const userIds: string[] = [];
const teamIds: string[] = [];
const jobKeys: string[] = [];
const helpers = {} as JobHelpers;

beforeAll(async () => {
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
  receiver = await startLocalReceiver();
  ({ url: baseUrl, received, scripts } = receiver);
});

afterAll(async () => {
  if (db) {
    await db.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ANY(${jobKeys}::text[])`;
    await db.webhookDelivery.deleteMany({
      where: { OR: [{ targetId: { in: userIds } }, { targetId: { in: teamIds } }] },
    });
    await db.team.deleteMany({ where: { id: { in: teamIds } } });
    await db.user.deleteMany({ where: { id: { in: userIds } } }); // notifications cascade
    await db.$disconnect();
  }
  await receiver?.close();
});

const hex = () => randomBytes(6).toString("hex");
const requestsTo = (path: string) => received.filter((r) => r.path === path);

/** Stores a webhook as the app does: encrypted, bound to the row (webhook-secrets.ts). */
async function setWebhook(owner: WebhookOwner, url: string, secret: string | null) {
  const keyring = requireKeyring();
  const data = {
    webhookUrl: sealWebhookField(keyring, owner, "webhookUrl", url),
    webhookSecret: secret ? sealWebhookField(keyring, owner, "webhookSecret", secret) : null,
  };
  if (owner.table === "User") await db.user.update({ where: { id: owner.id }, data });
  else await db.team.update({ where: { id: owner.id }, data });
}

async function makeUser(options: { hook?: boolean; secret?: string | null; digestMinutes?: number } = {}) {
  const path = `/hooks/user-${hex()}`;
  const user = await db.user.create({
    data: {
      // Admins see every task, so who may see what (tested in lib/visibility) never filters these.
      role: "admin",
      login: `ntest-${hex()}`,
      digestMinutes: options.digestMinutes ?? null,
    },
  });
  userIds.push(user.id);
  if (options.hook)
    await setWebhook({ table: "User", id: user.id }, `${baseUrl}${path}`, options.secret ?? null);
  return { ...user, path };
}

async function makeTeam(memberIds: string[], options: { secret?: string; digestMinutes?: number } = {}) {
  const path = `/hooks/team-${hex()}`;
  const team = await db.team.create({
    data: {
      name: `ntest-team-${hex()}`,
      digestMinutes: options.digestMinutes ?? null,
      members: { create: memberIds.map((userId) => ({ userId })) },
    },
  });
  teamIds.push(team.id);
  jobKeys.push(webhookDigestJobKey("team", team.id));
  await setWebhook({ table: "Team", id: team.id }, `${baseUrl}${path}`, options.secret ?? null);
  return { ...team, path };
}

function triageEvent(overrides: Partial<TriageEvent> = {}): TriageEvent {
  const itemId = `item-${hex()}`;
  const taskId = `task-${hex()}`;
  return {
    kind: "opened",
    eventKey: `triage:${itemId}:opened`,
    itemId,
    taskId,
    title: `Fix the flaky checkout test ${itemId}`,
    state: "waiting_for_user",
    repository: "acme/checkout-api",
    ownerLabel: "@acme/payments",
    reason: "CODEOWNERS: @acme/payments",
    url: `https://switchyard.example/tasks/${taskId}`,
    ...overrides,
  };
}

/**
 * Notifies in a transaction that also parks the per-delivery jobs an hour ahead, so a worker
 * started by another test file cannot take them: this file plays the worker itself.
 */
async function notifyParked(event: TriageEvent, recipients: Recipients) {
  return db.$transaction(async (tx) => {
    const result = await notifyTriageEvent(tx, event, recipients);
    const keys = (await tx.webhookDelivery.findMany({ where: { eventKey: event.eventKey } })).map((d) =>
      webhookJobKey(d.id),
    );
    jobKeys.push(...keys);
    await tx.$executeRaw`
      UPDATE graphile_worker._private_jobs SET run_at = now() + interval '1 hour' WHERE key = ANY(${keys}::text[])`;
    return result;
  });
}

async function jobByKey(key: string) {
  const rows = await db.$queryRaw<{ identifier: string; payload: unknown; run_at: Date }[]>`
    SELECT t.identifier, j.payload, j.run_at FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE j.key = ${key}`;
  return rows;
}

async function deliveryFor(eventKey: string, targetId: string) {
  return db.webhookDelivery.findFirstOrThrow({ where: { eventKey, targetId } });
}

describe("webhook signing", () => {
  it("sends the stored body with X-Switchyard-Signature = HMAC-SHA256 of it under the target's secret", async () => {
    const secret = `whsec_${hex()}`;
    const user = await makeUser({ hook: true, secret });
    const event = triageEvent();
    expect(await notifyParked(event, { userIds: [user.id], teamIds: [] })).toEqual({
      notifications: 1,
      deliveries: 1,
    });
    const delivery = await deliveryFor(event.eventKey, user.id);
    const [job] = await jobByKey(webhookJobKey(delivery.id));
    expect(job).toMatchObject({ identifier: "deliver_webhook", payload: { deliveryId: delivery.id } });

    expect(await deliverWebhook(db, delivery.id)).toEqual({ status: "delivered" });
    const [request] = requestsTo(user.path);
    expect(requestsTo(user.path)).toHaveLength(1);
    expect(request!.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Switchyard-Webhooks/1",
      "x-switchyard-event": "opened",
      "x-switchyard-delivery": delivery.id,
    });
    const signature = request!.headers["x-switchyard-signature"] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(request!.body, secret, signature)).toBe(true);
    expect(verifySignature(request!.body, "another-secret", signature)).toBe(false);
    expect(verifySignature(request!.body.replace("flaky", "fixed"), secret, signature)).toBe(false);

    // A Slack-compatible body: fallback text, blocks with a link to the task, and the event as data.
    const body = JSON.parse(request!.body) as WebhookBody;
    expect(body.text).toContain(event.title);
    expect(JSON.stringify(body.blocks)).toContain(event.url);
    expect(body.events).toEqual([event]);
    const stored = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(stored).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200, lastError: null });
    expect(stored.deliveredAt).not.toBeNull();
  });

  it("sends no signature header when the target has no secret", async () => {
    const user = await makeUser({ hook: true, secret: null });
    const event = triageEvent({ kind: "resolved", eventKey: `triage:${hex()}:resolved` });
    await notifyParked(event, { userIds: [user.id], teamIds: [] });
    await deliverWebhook(db, (await deliveryFor(event.eventKey, user.id)).id);
    const [request] = requestsTo(user.path);
    expect(request!.headers["x-switchyard-event"]).toBe("resolved");
    expect(request!.headers["x-switchyard-signature"]).toBeUndefined();
  });
});

describe("retries", () => {
  it("retries a 500 with backoff through the job, then delivers on a 200 (attempts = 2)", async () => {
    const secret = `whsec_${hex()}`;
    const team = await makeTeam([], { secret });
    scripts.set(team.path, [500, 200]);
    const event = triageEvent({ kind: "escalated", eventKey: `triage:${hex()}:escalated:1` });
    await notifyParked(event, { userIds: [], teamIds: [team.id] });
    const delivery = await deliveryFor(event.eventKey, team.id);
    const tasks = notificationTaskList(db);

    const before = Date.now();
    await tasks.deliver_webhook!({ deliveryId: delivery.id }, helpers);
    const failed = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });
    expect(failed.lastError).toContain("HTTP 500");
    expect(failed.lastError).not.toContain(secret);
    // First retry: 30 s less up to 25 % jitter.
    const delay = failed.nextAttemptAt.getTime() - before;
    expect(delay).toBeGreaterThanOrEqual(22_000);
    expect(delay).toBeLessThanOrEqual(31_000);
    // The handler requeued its own job (same key) for that time.
    const [job] = await jobByKey(webhookJobKey(delivery.id));
    expect(job!.identifier).toBe("deliver_webhook");
    expect(Math.abs(job!.run_at.getTime() - failed.nextAttemptAt.getTime())).toBeLessThan(1000);

    await tasks.deliver_webhook!({ deliveryId: delivery.id }, helpers);
    const delivered = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(delivered).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null });
    const requests = requestsTo(team.path);
    expect(requests).toHaveLength(2);
    for (const request of requests)
      expect(verifySignature(request.body, secret, request.headers["x-switchyard-signature"] as string)).toBe(
        true,
      );
    expect(requests[0]!.body).toBe(requests[1]!.body);
  });

  it("gives up after the last attempt and then sends nothing more", async () => {
    const user = await makeUser({ hook: true, secret: "s" });
    scripts.set(user.path, [503, 503]);
    const event = triageEvent();
    await notifyParked(event, { userIds: [user.id], teamIds: [] });
    const delivery = await deliveryFor(event.eventKey, user.id);
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { attempts: MAX_ATTEMPTS - 1 } });

    expect(await deliverWebhook(db, delivery.id)).toEqual({ status: "failed" });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      lastStatus: 503,
    });
    expect(await deliverWebhook(db, delivery.id)).toEqual({ status: "skipped" });
    expect(requestsTo(user.path)).toHaveLength(1);
  });

  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 0))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(8, () => 0)).toBe(3_600_000);
    expect(retryDelayMs(1, () => 1)).toBe(22_500);
  });

  it("records a refused connection as an error and retries", async () => {
    const user = await makeUser({ hook: true });
    await setWebhook({ table: "User", id: user.id }, "http://127.0.0.1:9/hook", null);
    const event = triageEvent();
    await notifyParked(event, { userIds: [user.id], teamIds: [] });
    const delivery = await deliveryFor(event.eventKey, user.id);
    const outcome = await deliverWebhook(db, delivery.id, { timeoutMs: 2_000 });
    expect(outcome.status).toBe("pending");
    expect(outcome.retryAt).toBeInstanceOf(Date);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatus: null });
    expect(row.lastError).toBeTruthy();
  });
});

describe("de-duplication", () => {
  it("creates one notification per person and one delivery per target, however often an event is sent", async () => {
    const direct = await makeUser({ hook: true, secret: "s1" });
    const noHook = await makeUser();
    const member1 = await makeUser({ hook: true, secret: "s2" });
    const member2 = await makeUser();
    const team = await makeTeam([direct.id, member1.id, member2.id], { secret: "s3" });
    const event = triageEvent();
    const recipients = { userIds: [direct.id, noHook.id, direct.id], teamIds: [team.id] };

    // Four people (the direct one once); deliveries to the team and the direct person with a hook
    // (members get the team's message, not a personal one too).
    expect(await notifyParked(event, recipients)).toEqual({ notifications: 4, deliveries: 2 });
    // As after a worker restart: the same event again creates nothing and queues nothing.
    expect(await notifyParked(event, recipients)).toEqual({ notifications: 0, deliveries: 0 });
    expect(await notifyTriageEvent(db, event, recipients)).toEqual({ notifications: 0, deliveries: 0 });

    const notifications = await db.notification.findMany({ where: { eventKey: event.eventKey } });
    expect(notifications.map((n) => n.userId).sort()).toEqual(
      [direct.id, noHook.id, member1.id, member2.id].sort(),
    );
    expect(notifications[0]).toMatchObject({ kind: "opened", itemId: event.itemId, taskId: event.taskId });
    expect(notifications[0]!.title).toContain(event.title);

    const deliveries = await db.webhookDelivery.findMany({ where: { eventKey: event.eventKey } });
    expect(deliveries.map((d) => `${d.targetType}:${d.targetId}`).sort()).toEqual(
      [`team:${team.id}`, `user:${direct.id}`].sort(),
    );
    for (const delivery of deliveries) expect(await jobByKey(webhookJobKey(delivery.id))).toHaveLength(1);
  });

  it("sends nothing for a delivery that was already delivered", async () => {
    const user = await makeUser({ hook: true, secret: "s" });
    const event = triageEvent();
    await notifyParked(event, { userIds: [user.id], teamIds: [] });
    const delivery = await deliveryFor(event.eventKey, user.id);
    expect((await deliverWebhook(db, delivery.id)).status).toBe("delivered");
    expect(requestsTo(user.path)).toHaveLength(1);

    expect(await deliverWebhook(db, delivery.id)).toEqual({ status: "skipped" });
    await notificationTaskList(db).deliver_webhook!({ deliveryId: delivery.id }, helpers);
    expect(requestsTo(user.path)).toHaveLength(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "delivered",
      attempts: 1,
    });
  });
});

describe("digest mode", () => {
  it("collects the events of an interval into one signed POST listing them all", async () => {
    const secret = `whsec_${hex()}`;
    const team = await makeTeam([], { secret, digestMinutes: 10 });
    const first = triageEvent();
    const second = triageEvent({ kind: "escalated", state: "failed" });
    const digestKey = webhookDigestJobKey("team", team.id);

    const before = Date.now();
    expect(await notifyTriageEvent(db, first, { userIds: [], teamIds: [team.id] })).toEqual({
      notifications: 0,
      deliveries: 1,
    });
    const [queued] = await jobByKey(digestKey);
    expect(queued).toMatchObject({
      identifier: "deliver_webhook_digest",
      payload: { targetType: "team", targetId: team.id },
    });
    const runAt = queued!.run_at.getTime();
    expect(runAt - before).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
    expect(runAt - before).toBeLessThanOrEqual(10 * 60_000 + 5000);

    await notifyTriageEvent(db, second, { userIds: [], teamIds: [team.id] });
    // Still one digest job, at the first event's time; no per-delivery jobs.
    const jobs = await jobByKey(digestKey);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.run_at.getTime()).toBe(runAt);
    const deliveries = await db.webhookDelivery.findMany({
      where: { targetId: team.id },
      orderBy: { createdAt: "asc" },
    });
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) expect(await jobByKey(webhookJobKey(delivery.id))).toHaveLength(0);

    await notificationTaskList(db).deliver_webhook_digest!(
      { targetType: "team", targetId: team.id },
      helpers,
    );
    const requests = requestsTo(team.path);
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.headers["x-switchyard-event"]).toBe("digest");
    expect(verifySignature(request.body, secret, request.headers["x-switchyard-signature"] as string)).toBe(
      true,
    );
    const body = JSON.parse(request.body) as WebhookBody;
    expect(body.events.map((e) => e.eventKey)).toEqual([first.eventKey, second.eventKey]);
    expect(body.text).toContain(first.title);
    expect(body.text).toContain(second.title);
    expect(JSON.stringify(body.blocks)).toContain(first.url);
    expect(JSON.stringify(body.blocks)).toContain(second.url);

    const after = await db.webhookDelivery.findMany({
      where: { targetId: team.id },
      orderBy: { createdAt: "asc" },
    });
    expect(after.map((d) => [d.status, d.attempts])).toEqual([
      ["delivered", 1],
      ["delivered", 1],
    ]);
    expect(await deliverDigest(db, "team", team.id)).toEqual({ status: "skipped" });
    expect(requestsTo(team.path)).toHaveLength(1);
  });

  it("fails and retries a digest as one message", async () => {
    const user = await makeUser({ hook: true, secret: "s", digestMinutes: 5 });
    scripts.set(user.path, [502]);
    await notifyTriageEvent(db, triageEvent(), { userIds: [user.id], teamIds: [] });
    await notifyTriageEvent(db, triageEvent(), { userIds: [user.id], teamIds: [] });
    jobKeys.push(webhookDigestJobKey("user", user.id));

    const outcome = await deliverDigest(db, "user", user.id);
    expect(outcome.status).toBe("pending");
    expect(outcome.retryAt).toBeInstanceOf(Date);
    const rows = await db.webhookDelivery.findMany({ where: { targetId: user.id } });
    expect(rows.map((d) => [d.status, d.attempts, d.lastStatus])).toEqual([
      ["pending", 1, 502],
      ["pending", 1, 502],
    ]);
    expect((await deliverDigest(db, "user", user.id)).status).toBe("delivered");
    expect(requestsTo(user.path)).toHaveLength(2);
  });
});

describe("where webhooks may go, and what comes back", () => {
  it("refuses a webhook to 127.0.0.1 without SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK, and sends nothing", async () => {
    const user = await makeUser({ hook: true, secret: "s" });
    const event = triageEvent();
    await notifyParked(event, { userIds: [user.id], teamIds: [] });
    const delivery = await deliveryFor(event.eventKey, user.id);

    // The production policy: no loopback, no allowed hosts.
    expect(await deliverWebhook(db, delivery.id, { egress: STRICT_POLICY })).toEqual({ status: "failed" });
    const refused = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(refused).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
    expect(refused.lastError).toBe(
      "Refused: Webhooks cannot point at this machine (localhost or 127.0.0.1).",
    );
    expect(requestsTo(user.path)).toHaveLength(0);
  });

  it("checks the addresses a name resolves to, and connects only to the ones checked (DNS rebinding)", async () => {
    const user = await makeUser();
    await setWebhook({ table: "User", id: user.id }, "https://hooks.example.test/rebind", "s");
    const event = triageEvent();
    await notifyParked(event, { userIds: [user.id], teamIds: [] });
    const delivery = await deliveryFor(event.eventKey, user.id);
    const asked: string[] = [];
    // A name whose records point inside: loopback, or a public address next to a private one.
    for (const answer of [["127.0.0.1"], ["93.184.216.34", "10.1.2.3"], ["::ffff:169.254.169.254"]]) {
      const outcome = await deliverWebhook(db, delivery.id, {
        egress: STRICT_POLICY,
        resolve: async (hostname) => {
          asked.push(hostname);
          return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
        },
      });
      expect(outcome.status).toBe("pending");
      const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      expect(row).toMatchObject({ lastStatus: null, host: "hooks.example.test" });
      // The same words as a name that does not resolve: no oracle for internal names.
      expect(row.lastError).toBe("could not reach a public internet address for the receiver's host");
    }
    expect(asked).toEqual(["hooks.example.test", "hooks.example.test", "hooks.example.test"]);
    expect(received.filter((r) => r.path === "/rebind")).toHaveLength(0);
  });

  it("keeps the status code only, never the receiver's answer, and the host only, never the URL", async () => {
    const user = await makeUser({ hook: true, secret: "s" });
    scripts.set(user.path, [500]);
    const event = triageEvent();
    await notifyParked(event, { userIds: [user.id], teamIds: [] });
    const delivery = await deliveryFor(event.eventKey, user.id);
    await deliverWebhook(db, delivery.id);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "pending", lastStatus: 500, lastError: "HTTP 500" });
    expect(row.host).toBe(new URL(baseUrl).host);
    expect(JSON.stringify(row)).not.toContain("receiver broke");
    expect(JSON.stringify(row)).not.toContain(user.path);
    // At rest the person's webhook is ciphertext.
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.webhookUrl).not.toContain(user.path);
    expect(stored.webhookUrl).toMatch(/^v2\./);
  });

  it("gives up on a webhook whose ciphertext was moved from another row", async () => {
    const victim = await makeUser({ hook: true, secret: "s" });
    const attacker = await makeUser();
    const copied = await db.user.findUniqueOrThrow({ where: { id: victim.id } });
    await db.user.update({
      where: { id: attacker.id },
      data: { webhookUrl: copied.webhookUrl, webhookSecret: copied.webhookSecret },
    });
    const event = triageEvent();
    await notifyParked(event, { userIds: [attacker.id], teamIds: [] });
    const delivery = await deliveryFor(event.eventKey, attacker.id);
    expect(await deliverWebhook(db, delivery.id)).toEqual({ status: "failed" });
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).lastError).toMatch(
      /cannot be decrypted/,
    );
    expect(requestsTo(victim.path)).toHaveLength(0);
  });
});

describe("slackMessage", () => {
  it("escapes Slack control characters and lists a digest's events", () => {
    const one = slackMessage([triageEvent({ title: "a <b> & c" })]);
    expect(JSON.stringify(one.blocks)).toContain("a &lt;b&gt; &amp; c");
    const many = slackMessage([triageEvent(), triageEvent(), triageEvent()]);
    expect(many.text).toContain("3 triage updates");
    expect(many.blocks.filter((b) => b.type === "section")).toHaveLength(3);
  });
});
