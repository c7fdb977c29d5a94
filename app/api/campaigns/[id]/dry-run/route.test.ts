/**
 * A draft's dry-run route against a real Postgres: results filtered and searched in SQL with true
 * counts, keyset pages that cover every visible row once, nothing of a repository the member cannot
 * see (card, count, prompt or "left out" name), an ETag that turns an unchanged poll into a 304,
 * and bad input refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SignedInUser } from "@/lib/auth/session";

await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("dry_run_route");
});
const session = vi.hoisted(() => ({ user: null as SignedInUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

import { db } from "@/lib/db";
import type { DryRunPage } from "@/lib/dal/campaign-dry-run";
import { ensureRepositories } from "@/lib/sync/store";
import { GET as prompt } from "../targets/[targetId]/prompt/route";
import { GET } from "./route";

let member: SignedInUser;
let admin: SignedInUser;
let campaignId: string;
const VISIBLE = 120;
const HIDDEN = 5;

/** Who each target is, as the test wrote it. */
type Seeded = { name: string; excluded: boolean; warned: boolean; canary: boolean; seen: boolean };
const seeded: Seeded[] = [];

const get = (query = "", headers: Record<string, string> = {}, id = campaignId) =>
  GET(new Request(`http://localhost/api/campaigns/${id}/dry-run${query ? `?${query}` : ""}`, { headers }), {
    params: Promise.resolve({ id }),
  });

async function page(query = ""): Promise<DryRunPage> {
  const response = await get(query);
  expect(response.status, query).toBe(200);
  return (await response.json()) as DryRunPage;
}

/** Every page of a filter and search, following nextCursor. */
async function everyPage(query: string) {
  const rows: DryRunPage["rows"] = [];
  let after: number | null = null;
  let pages = 0;
  do {
    const answer: DryRunPage = await page(`${query}${after === null ? "" : `&after=${after}`}`);
    rows.push(...answer.rows);
    after = answer.nextCursor;
    pages++;
  } while (after !== null);
  return { rows, pages };
}

beforeAll(async () => {
  const [m, a] = await Promise.all([
    db.user.create({ data: { login: "dry-member", githubId: 990_701 } }),
    db.user.create({ data: { login: "dry-admin", githubId: 990_702, role: "admin" } }),
  ]);
  member = { id: m.id, login: "dry-member", role: "member" };
  admin = { id: a.id, login: "dry-admin", role: "admin" };
  const repos = [
    ...Array.from({ length: VISIBLE }, (_, i) => ({
      id: String(990_700_000 + i),
      owner: "dry",
      name: `svc-${String(i).padStart(3, "0")}`,
    })),
    ...Array.from({ length: HIDDEN }, (_, i) => ({
      id: String(990_709_000 + i),
      owner: "dry",
      name: `secret-${i}`,
    })),
  ];
  await ensureRepositories(db, repos);
  await db.repositoryAccess.createMany({
    data: repos.slice(0, VISIBLE).map((repo) => ({ userId: m.id, repositoryId: BigInt(repo.id) })),
  });
  const template = await db.template.create({ data: { slug: "dry-route", name: "Dry route" } });
  const version = await db.templateVersion.create({
    data: { templateId: template.id, version: 1, body: "Do it" },
  });
  const campaign = await db.campaign.create({
    data: { name: "Dry run at scale", templateVersionId: version.id, createdById: a.id },
  });
  campaignId = campaign.id;
  await db.campaignDryRun.create({
    data: {
      campaignId,
      checked: VISIBLE + HIDDEN + 2,
      total: VISIBLE + HIDDEN + 2,
      completedAt: new Date(),
      skipped: [
        { repository: "dry/svc-archived", reason: "Archived" },
        { repository: "dry/secret-0", reason: "Listed twice" },
      ],
    },
  });
  // Hidden repositories sit among the visible ones in start order, so pages must skip them in SQL.
  const targets = repos.map((repo, i) => ({
    ...repo,
    position: i < VISIBLE ? i * 2 : (i - VISIBLE) * 7 + 1,
  }));
  // Two names the dry run could not resolve: one Switchyard does not know (visible to all), one it
  // knows as a repository hidden from the member.
  targets.push({ id: "", owner: "dry", name: "ghost", position: 999 });
  targets.push({ id: "", owner: "DRY", name: "Secret-1", position: 1001 });
  await db.campaignTarget.createMany({
    data: targets.map((target, i) => {
      const excluded = i % 4 === 3;
      const warned = !excluded && i % 5 === 0;
      const canary = !excluded && i < 6;
      seeded.push({
        name: `${target.owner}/${target.name}`,
        excluded,
        warned,
        canary,
        seen: !target.name.toLowerCase().startsWith("secret"),
      });
      return {
        campaignId,
        owner: target.owner,
        name: target.name,
        repositoryId: target.id ? BigInt(target.id) : null,
        position: target.position,
        status: excluded ? ("excluded" as const) : ("pending" as const),
        skipReason: excluded ? "No base ref" : null,
        checks: [{ check: "visible", ok: true, message: "Readable" }],
        warnings: warned ? ["No CODEOWNERS"] : [],
        canary,
        prompt: `Prompt for ${target.owner}/${target.name}`,
      };
    }),
  });
});

afterAll(async () => {
  await db.$disconnect();
});

function expected(seen: (s: Seeded) => boolean, search = "") {
  const rows = seeded.filter((s) => seen(s) && s.name.toLowerCase().includes(search));
  return {
    all: rows.length,
    eligible: rows.filter((s) => !s.excluded).length,
    warnings: rows.filter((s) => !s.excluded && s.warned).length,
    excluded: rows.filter((s) => s.excluded).length,
    canary: rows.filter((s) => !s.excluded && s.canary).length,
  };
}

describe("GET /api/campaigns/[id]/dry-run", () => {
  it("counts what the member may see, per filter, in the database", async () => {
    session.user = member;
    const answer = await page();
    expect(answer.totals).toEqual(expected((s) => s.seen));
    expect(answer.counts).toEqual(answer.totals);
    expect(answer.totals.all).toBe(VISIBLE + 1);
    expect(answer.progress).toMatchObject({ running: false, error: null });
    // "Left out" names a repository only if the member may see it.
    expect(answer.progress.skipped.map((s) => s.repository)).toEqual(["dry/svc-archived"]);
    expect(answer.completedAt).not.toBeNull();

    session.user = admin;
    const all = await page();
    expect(all.totals).toEqual(expected(() => true));
    expect(all.progress.skipped).toHaveLength(2);
  });

  it("pages every visible result once, in start order, 50 at a time, for each filter", async () => {
    session.user = member;
    const { rows, pages } = await everyPage("filter=all");
    expect(pages).toBe(3);
    expect(rows.map((r) => r.repository)).toEqual(seeded.filter((s) => s.seen).map((s) => s.name));
    const positions = rows.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(rows.some((r) => r.repository.toLowerCase().includes("secret"))).toBe(false);
    // Prompts stay on the server until asked for.
    expect(rows.every((r) => r.hasPrompt && !("prompt" in r))).toBe(true);

    const counts = expected((s) => s.seen);
    for (const filter of ["eligible", "warnings", "excluded"] as const) {
      const { rows: filtered } = await everyPage(`filter=${filter}`);
      expect(filtered, filter).toHaveLength(counts[filter]);
      if (filter === "excluded") expect(filtered.every((r) => r.status === "excluded")).toBe(true);
      else expect(filtered.every((r) => r.status === "pending")).toBe(true);
      if (filter === "warnings") expect(filtered.every((r) => r.warnings.length > 0)).toBe(true);
    }
  });

  it("searches by repository name, case-insensitively, with counts for the search and wildcards taken literally", async () => {
    session.user = member;
    const answer = await page("filter=excluded&q=SVC-01");
    expect(answer.counts).toEqual(expected((s) => s.seen, "svc-01"));
    expect(answer.totals).toEqual(expected((s) => s.seen));
    expect(answer.rows.length).toBe(answer.counts.excluded);
    expect(answer.rows.every((r) => r.repository.includes("svc-01") && r.status === "excluded")).toBe(true);
    expect(await page("q=secret")).toMatchObject({ counts: { all: 0 }, rows: [] });
    expect((await page("q=%25")).counts.all).toBe(0);
    expect((await page("q=svc_0")).counts.all).toBe(0);
  });

  it("answers an unchanged poll with a 304, and a changed one in full", async () => {
    session.user = member;
    const first = await get("filter=warnings");
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(first.headers.get("cache-control")).toContain("no-cache");
    const again = await get("filter=warnings", { "if-none-match": etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");

    await db.campaignDryRun.update({
      where: { campaignId },
      data: { requestedAt: new Date(), checked: 3 },
    });
    const moved = await get("filter=warnings", { "if-none-match": etag! });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as DryRunPage).progress).toMatchObject({ running: true, checked: 3 });
    await db.campaignDryRun.update({ where: { campaignId }, data: { requestedAt: null } });
  });

  it("hands out a prompt only for a target the viewer may see", async () => {
    session.user = member;
    const targets = await db.campaignTarget.findMany({
      where: { campaignId, name: { in: ["svc-004", "secret-2", "Secret-1"] } },
      select: { id: true, name: true },
    });
    const ask = (targetId: string) =>
      prompt(new Request(`http://localhost/api/campaigns/${campaignId}/targets/${targetId}/prompt`), {
        params: Promise.resolve({ id: campaignId, targetId }),
      });
    for (const target of targets) {
      const response = await ask(target.id);
      if (target.name === "svc-004") {
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          repository: "dry/svc-004",
          prompt: "Prompt for dry/svc-004",
        });
      } else {
        expect(response.status, target.name).toBe(404);
      }
    }
    session.user = admin;
    expect((await ask(targets.find((t) => t.name === "secret-2")!.id)).status).toBe(200);
  });

  it("refuses bad input and unknown campaigns, and someone signed out", async () => {
    session.user = member;
    for (const query of ["filter=bogus", "after=-1", "after=abc", "after=1.5", `q=${"x".repeat(201)}`]) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ code: "invalid_input" });
    }
    expect((await get("", {}, "no-such-campaign")).status).toBe(404);
    expect((await get("", {}, "../../x")).status).toBe(400);
    session.user = null;
    expect((await get()).status).toBe(401);
  });
});
