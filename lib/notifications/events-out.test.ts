/**
 * Events out against a real Postgres and a local receiver: the versioned envelope, the timestamped
 * signature, one delivery per event however often it is published (stable event id), retries with
 * backoff, redeliver, and visibility (a task event reaches only subscribers who may see the task).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { verifySignedBody, SIGNATURE_256_HEADER } from "@/lib/events/signature";
import type { EventEnvelope } from "@/lib/events/types";
import { isolatedDatabase } from "@/test/isolated-database";
import { startLocalReceiver, type Received } from "@/test/local-receiver";
import { deliverWebhook, type DeliverOptions } from "./deliver";
import { publishEvent, type PublishEvent } from "./publish";
import { createSubscription, redeliver, subscriptionSchema, type SubscriptionInput } from "./subscriptions";

let db: PrismaClient;
let receiver: Awaited<ReturnType<typeof startLocalReceiver>>;
let baseUrl: string;
let received: Received[];
let scripts: Map<string, number[]>;
const options: DeliverOptions = { egress: { allowedHosts: [], allowLoopback: true } };

beforeAll(async () => {
  db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: await isolatedDatabase("events_out") }),
  });
  receiver = await startLocalReceiver();
  ({ url: baseUrl, received, scripts } = receiver);
});
afterAll(async () => {
  await db?.$disconnect();
  await receiver?.close();
});

let alice: string;
let bob: string;
let team: string;
beforeEach(async () => {
  received.length = 0;
  await db.$executeRaw`TRUNCATE "WebhookDelivery", "Event", "EventSubscription", "Task", "Repository", "User", "Team" CASCADE`;
  alice = (await db.user.create({ data: { login: "alice" } })).id;
  bob = (await db.user.create({ data: { login: "bob" } })).id;
  team = (
    await db.team.create({
      data: { name: "payments", members: { create: [{ userId: alice }, { userId: bob }] } },
    })
  ).id;
  await db.repository.create({ data: { id: 1n, owner: "acme", name: "checkout-api" } });
  // Alice sees acme/checkout-api on GitHub; Bob does not.
  await db.repositoryAccess.create({ data: { userId: alice, repositoryId: 1n } });
  await db.task.create({
    data: {
      id: "task-1",
      repositoryId: 1n,
      state: "failed",
      createdAt: new Date(),
      githubUpdatedAt: new Date(),
    },
  });
});

const base: Omit<SubscriptionInput, "url" | "scope"> = {
  name: "Receiver",
  teamId: null,
  format: "json",
  types: [],
  states: [],
  repositoryPattern: null,
  campaignId: null,
  templateId: null,
};

async function subscribe(who: string, input: Partial<SubscriptionInput> & { path: string }) {
  const { path, ...rest } = input;
  return db.$transaction((tx) =>
    createSubscription(
      tx,
      { id: who, role: rest.scope === "user" || !rest.scope ? "member" : "admin" },
      {
        ...base,
        scope: "user",
        ...rest,
        url: `${baseUrl}${path}`,
      },
    ),
  );
}

const failed = (key = "task-change:1"): PublishEvent => ({
  type: "task.state_changed",
  key,
  subject: "tasks/task-1",
  title: "Task failed: Bump Node",
  url: "http://localhost:3000/tasks/task-1",
  data: { taskId: "task-1", fromState: "in_progress", toState: "failed" },
  taskId: "task-1",
  repository: "acme/checkout-api",
  state: "failed",
});

async function deliverAll() {
  const pending = await db.webhookDelivery.findMany({
    where: { status: "pending" },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(pending.map((d) => deliverWebhook(db, d.id, options)));
}

/** A receiver as the docs describe it: verify, refuse old signatures, keep each event id once. */
function receive(requests: Received[], secret: string) {
  const seen = new Map<string, EventEnvelope>();
  for (const request of requests) {
    const verified = verifySignedBody(request.body, secret, request.headers[SIGNATURE_256_HEADER] as string);
    if (!verified.ok) throw new Error(verified.problem);
    const envelope = JSON.parse(request.body) as EventEnvelope;
    seen.set(envelope.id, envelope);
  }
  return [...seen.values()];
}

describe("events out", () => {
  it("accepts a personal subscription from a form that does not render the team field", () => {
    // A member's form (and an admin's choosing "Me") sends no teamId at all.
    const parsed = subscriptionSchema.safeParse({
      name: "Release bot",
      scope: "user",
      format: "json",
      url: "https://hooks.example.com/switchyard",
      repositoryPattern: "",
      templateId: "",
      campaignId: "",
    });
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data?.teamId).toBeNull();
  });

  it("delivers a signed, versioned envelope once per event, however often it is published", async () => {
    const { secret } = await subscribe(alice, { path: "/alice" });
    const first = await publishEvent(db, failed());
    const again = await publishEvent(db, failed());
    expect(first).toMatchObject({ created: true, deliveries: 1 });
    expect(again).toMatchObject({ id: first.id, created: false, deliveries: 0 });
    await deliverAll();

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.headers["x-switchyard-event-id"]).toBe(first.id);
    expect(request!.headers["x-switchyard-event"]).toBe("task.state_changed");
    expect(request!.headers["x-switchyard-event-version"]).toBe("1");
    const [envelope] = receive(received, secret);
    expect(envelope).toMatchObject({
      version: 1,
      id: first.id,
      type: "task.state_changed",
      subject: "tasks/task-1",
      data: { taskId: "task-1", toState: "failed", title: "Task failed: Bump Node" },
    });
    expect(new Date(envelope!.time).getTime()).toBeGreaterThan(Date.now() - 60_000);

    // A tampered body, another secret, or a captured delivery replayed later are all refused.
    const header = request!.headers[SIGNATURE_256_HEADER] as string;
    expect(verifySignedBody(request!.body.replace("failed", "completed"), secret, header).ok).toBe(false);
    expect(verifySignedBody(request!.body, "whsec_other", header).ok).toBe(false);
    expect(verifySignedBody(request!.body, secret, header, { now: new Date(Date.now() + 600_000) })).toEqual({
      ok: false,
      problem: "signature too old (replay?)",
    });
  });

  it("sends a task event only to subscribers who may see the task", async () => {
    await subscribe(alice, { path: "/alice" });
    await subscribe(bob, { path: "/bob" });
    // A team's channel is read by all its members, and Bob cannot see the repository.
    await subscribe(alice, { path: "/team", scope: "team", teamId: team });
    await subscribe(alice, { path: "/all", scope: "all" });
    await publishEvent(db, failed());
    await deliverAll();
    expect(received.map((r) => r.path).sort()).toEqual(["/alice", "/all"]);
  });

  it("filters by type, repository pattern and state; formats Slack messages", async () => {
    await subscribe(alice, {
      path: "/failures",
      types: ["task.state_changed"],
      states: ["failed", "timed_out"],
    });
    await subscribe(alice, { path: "/web", repositoryPattern: "acme/web-*" });
    await subscribe(alice, { path: "/slack", format: "slack", repositoryPattern: "acme/*" });
    await subscribe(alice, { path: "/campaigns", types: ["campaign.completed"] });
    await publishEvent(db, failed());
    await deliverAll();
    expect(received.map((r) => r.path).sort()).toEqual(["/failures", "/slack"]);
    const slack = JSON.parse(received.find((r) => r.path === "/slack")!.body);
    expect(slack.text).toContain("Task state changed: Task failed: Bump Node");
    expect(slack.blocks[0].type).toBe("header");
    expect(slack.event.type).toBe("task.state_changed");
  });

  it("retries with backoff under the same event id, and redelivers on request", async () => {
    const { secret } = await subscribe(alice, { path: "/flaky" });
    scripts.set("/flaky", [500, 503]);
    const { id } = await publishEvent(db, failed());
    const [firstTry] = await deliverAll();
    expect(firstTry!.status).toBe("pending");
    expect(firstTry!.retryAt!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const [secondTry] = await deliverAll();
    expect(secondTry!.status).toBe("pending");
    const [thirdTry] = await deliverAll();
    expect(thirdTry!.status).toBe("delivered");

    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventKey: id } });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200 });

    // Redeliver: the same event again, with a fresh round of attempts; only the owner (or an admin) may.
    await expect(
      db.$transaction((tx) => redeliver(tx, { id: bob, role: "member" }, delivery.id)),
    ).rejects.toThrow(/not yours/);
    await db.$transaction((tx) => redeliver(tx, { id: alice, role: "member" }, delivery.id));
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe(
      "pending",
    );
    await deliverAll();
    expect(received).toHaveLength(4);
    expect(new Set(received.map((r) => r.headers["x-switchyard-event-id"]))).toEqual(new Set([id]));
    // The receiver keeps one event: at-least-once delivery, deduplicated by id.
    expect(receive(received, secret)).toHaveLength(1);
  });

  it("puts campaign, setup, budget and schedule events in the bell of those who may see them", async () => {
    const published = await publishEvent(db, {
      type: "campaign.completed",
      key: "campaign:c1:completed",
      subject: "campaigns/c1",
      title: "Campaign “Node 22” completed",
      data: { campaignId: "c1" },
      repositoryId: 1n,
      audience: [alice, bob],
    });
    expect(published.notifications).toBe(1);
    const notes = await db.notification.findMany();
    expect(notes).toMatchObject([{ userId: alice, kind: "campaign", eventKey: published.id }]);
  });
});
