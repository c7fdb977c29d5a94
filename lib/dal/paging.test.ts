/**
 * Keyset paging of the notifications and campaigns lists against a real Postgres: every row once,
 * newest first, ties on the time broken by id, and a cursor that is not ours refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("keyset_paging");
});

import { db } from "@/lib/db";
import { decodeKeyset, encodeKeyset } from "@/lib/format/keyset";
import { listNotifications } from "@/lib/notifications/queries";
import type { Viewer } from "@/lib/visibility/scope";
import { mergeTargets } from "@/lib/queries/campaigns";
import { getCampaignView, listCampaigns } from "./campaigns";

let viewer: Viewer;
const base = Date.parse("2026-11-20T10:00:00Z");
// Groups of three share a time: the id must break the tie.
const at = (i: number) => new Date(base - Math.floor(i / 3) * 1000);

async function everyPage<T>(
  read: (cursor: string | null) => Promise<{ rows: T[]; nextCursor: string | null }>,
) {
  const rows: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { rows: T[]; nextCursor: string | null } = await read(cursor);
    rows.push(...page.rows);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}

beforeAll(async () => {
  const user = await db.user.create({ data: { login: "pager", githubId: 990_501 } });
  viewer = { id: user.id, role: "member" };
  await db.notification.createMany({
    data: Array.from({ length: 130 }, (_, i) => ({
      userId: user.id,
      kind: "opened" as const,
      title: `Note ${i}`,
      eventKey: `paging:${i}`,
      createdAt: at(i),
    })),
  });
  const template = await db.template.create({ data: { slug: "paging", name: "Paging" } });
  const version = await db.templateVersion.create({
    data: { templateId: template.id, version: 1, body: "Do it" },
  });
  await db.campaign.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      name: `Campaign ${i}`,
      templateVersionId: version.id,
      createdById: user.id,
      createdAt: at(i),
    })),
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("keyset paging", () => {
  it("notifications: every one once, newest first, past the old cap of 100", async () => {
    const { rows, pages } = await everyPage(async (cursor) => {
      const list = await listNotifications(viewer, { limit: 50, cursor });
      return { rows: list.items, nextCursor: list.nextCursor };
    });
    expect(pages).toBe(3);
    expect(new Set(rows.map((row) => row.id)).size).toBe(130);
    const times = rows.map((row) => row.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await expect(listNotifications(viewer, { cursor: "bm9wZQ" })).rejects.toThrow(/page link is not valid/);
  });

  it("campaigns: every one once, newest first", async () => {
    const { rows, pages } = await everyPage((cursor) => listCampaigns(viewer, { cursor, limit: 50 }));
    expect(pages).toBe(3);
    expect(new Set(rows.map((row) => row.id)).size).toBe(120);
    const times = rows.map((row) => Date.parse(row.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await expect(listCampaigns(viewer, { cursor: encodeKeyset([], "x") })).rejects.toThrow(
      /page link is not valid/,
    );
  });

  it("a campaign's poll sends only the targets that changed, and the page merges them in order", async () => {
    const admin = { id: viewer.id, role: "admin" as const, login: "pager" };
    const campaign = await db.campaign.findFirstOrThrow({ where: { name: "Campaign 0" } });
    await db.campaignTarget.createMany({
      data: ["a", "b", "c"].map((name, position) => ({
        campaignId: campaign.id,
        owner: "paging",
        name,
        position,
        // Written a while ago: before any poll this test makes.
        updatedAt: new Date(Date.now() - 60_000),
      })),
    });
    const first = (await getCampaignView(campaign.id, admin))!;
    expect(first.targets.map((t) => t.repository)).toEqual(["paging/a", "paging/b", "paging/c"]);
    expect(first.changedOnly).toBe(false);
    const quiet = (await getCampaignView(campaign.id, admin, { changedSince: new Date(first.asOf) }))!;
    expect(quiet).toMatchObject({ changedOnly: true, targets: [] });

    await db.campaignTarget.updateMany({
      where: { campaignId: campaign.id, name: "b" },
      data: { status: "excluded", skipReason: "Archived meanwhile" },
    });
    const changed = (await getCampaignView(campaign.id, admin, { changedSince: new Date(first.asOf) }))!;
    expect(changed.targets.map((t) => t.repository)).toEqual(["paging/b"]);
    const merged = mergeTargets(first, changed);
    expect(merged.targets.map((t) => [t.repository, t.status])).toEqual([
      ["paging/a", "pending"],
      ["paging/b", "excluded"],
      ["paging/c", "pending"],
    ]);
    expect(merged.changedOnly).toBe(false);
  });

  it("a cursor holds exactly its times and an id, or is not a cursor", () => {
    const when = new Date(base);
    expect(decodeKeyset(encodeKeyset([when], "abc_1"), 1)).toEqual({ times: [when], id: "abc_1" });
    expect(decodeKeyset(encodeKeyset([when], "abc"), 2)).toBeNull();
    expect(decodeKeyset(encodeKeyset([when], "a b"), 1)).toBeNull();
    expect(
      decodeKeyset(Buffer.from(JSON.stringify(["yesterday", "abc"])).toString("base64url"), 1),
    ).toBeNull();
    expect(decodeKeyset("%%%", 1)).toBeNull();
  });
});
