/**
 * Whose GitHub identity a campaign spends: the runner starts every task as the launcher, so only the
 * launcher may make more tasks start (resume, approve the canary, retry failed starts). Anyone who
 * manages the campaign may pause or stop it, and takes it over to continue under their own identity.
 * Against a real Postgres, through the action kit where the audit record matters.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SignedInUser } from "@/lib/auth/session";
import { session } from "@/test/signed-in-session";

vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { db } = await import("@/lib/db");
const actions = await import("@/app/(portal)/campaigns/actions");
const { approveCanary, pauseCampaign, resumeCampaign, retryFailedStarts, stopCampaign, takeOverCampaign } =
  await import("./lifecycle");

const run = randomBytes(3).toString("hex");
let launcher: SignedInUser;
let coManager: SignedInUser;
let admin: SignedInUser;
let stranger: SignedInUser;
let teamId: string;
let versionId: string;

beforeAll(async () => {
  const person = async (name: string, role: "admin" | "member" = "member"): Promise<SignedInUser> => {
    const user = await db.user.create({ data: { login: `id-${name}-${run}`, role } });
    return { id: user.id, login: user.login!, role };
  };
  [launcher, coManager, admin, stranger] = await Promise.all([
    person("launcher"),
    person("co"),
    person("admin", "admin"),
    person("stranger"),
  ]);
  teamId = (await db.team.create({ data: { name: `Identity ${run}` } })).id;
  await db.teamMember.createMany({
    data: [launcher, coManager].map((user) => ({ teamId, userId: user.id })),
  });
  const template = await db.template.create({
    data: {
      slug: `identity-${run}`,
      name: `Identity ${run}`,
      versions: { create: { version: 1, body: "x" } },
    },
    include: { versions: true },
  });
  versionId = template.versions[0]!.id;
});

beforeEach(() => {
  session.user = coManager;
});

/** A campaign the launcher launched, owned by their team, in `status`, with a failed start. */
async function campaign(status: "running" | "paused" | "canary_wait" | "completed" | "draft" = "paused") {
  return db.campaign.create({
    data: {
      name: `Identity ${run}`,
      templateVersionId: versionId,
      createdById: launcher.id,
      ownerTeamId: teamId,
      status,
      canarySize: 1,
      ...(status === "draft" ? {} : { launchedById: launcher.id, launchedByLogin: launcher.login }),
      targets: {
        create: [
          { owner: "acme", name: `id-${run}-1`, position: 0, canary: true, status: "started" },
          { owner: "acme", name: `id-${run}-2`, position: 1, status: "failed", skipReason: "refused" },
        ],
      },
    },
  });
}

const form = (campaignId: string) => {
  const data = new FormData();
  data.set("campaignId", campaignId);
  return data;
};
const row = (id: string) => db.campaign.findUniqueOrThrow({ where: { id } });
const records = (campaignId: string, action: string) =>
  db.auditEvent.findMany({ where: { targetId: campaignId, action }, orderBy: { at: "asc" } });

describe("who may spend the launcher's identity", () => {
  it("lets a co-manager pause and stop, but not resume, approve the canary or retry failed starts", async () => {
    const c = await campaign("paused");
    for (const change of [resumeCampaign, approveCanary, retryFailedStarts])
      expect(await change(db, coManager, c.id)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await row(c.id)).toMatchObject({ status: "paused", canaryApprovedAt: null });
    expect((await db.campaignTarget.findMany({ where: { campaignId: c.id, status: "failed" } })).length).toBe(
      1,
    );

    // Through the action: refused, and the refusal is on record with who tried.
    const refused = await actions.resumeCampaignAction(null, form(c.id));
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect(!refused.ok && refused.message).toMatch(/Take it over/);
    expect(await records(c.id, "campaign.resume")).toMatchObject([
      { actorId: coManager.id, outcome: "forbidden" },
      { actorId: coManager.id, outcome: "forbidden" },
    ]);

    const running = await campaign("running");
    expect(await pauseCampaign(db, coManager, running.id)).toMatchObject({ ok: true, status: "paused" });
    expect(await stopCampaign(db, coManager, running.id)).toMatchObject({ ok: true, status: "stopped" });
  });

  it("does not let an admin spend it either", async () => {
    const c = await campaign("paused");
    expect(await resumeCampaign(db, admin, c.id)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await resumeCampaign(db, launcher, c.id)).toMatchObject({ ok: true, status: "running" });
  });

  it("takes over with consent: the taker becomes the launcher, recorded with their identity", async () => {
    const c = await campaign("completed");
    session.user = stranger;
    expect(await actions.takeOverCampaignAction(null, form(c.id))).toMatchObject({
      ok: false,
      code: "forbidden",
    });

    session.user = coManager;
    const taken = await actions.takeOverCampaignAction(null, form(c.id));
    expect(taken).toMatchObject({ ok: true, data: { status: "completed" } });
    expect(await row(c.id)).toMatchObject({ launchedById: coManager.id, launchedByLogin: coManager.login });
    const [record] = (await records(c.id, "campaign.take_over")).filter((r) => r.outcome === "ok");
    expect(record).toMatchObject({ actorId: coManager.id, githubIdentity: coManager.login });
    expect(record!.details).toMatchObject({
      from: launcher.login,
      to: coManager.login,
      consent: "Future starts will run under your GitHub identity.",
    });

    // Now the failed starts go back in the queue under the new launcher; the old one may not.
    expect(await retryFailedStarts(db, launcher, c.id)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await retryFailedStarts(db, coManager, c.id)).toMatchObject({ ok: true, status: "running" });
    expect(await takeOverCampaign(db, coManager, c.id)).toMatchObject({ ok: false, kind: "invalid_state" });
  });

  it("has nothing to take over in a draft", async () => {
    const c = await campaign("draft");
    expect(await takeOverCampaign(db, coManager, c.id)).toMatchObject({ ok: false, kind: "invalid_state" });
    expect((await row(c.id)).launchedById).toBeNull();
  });
});
