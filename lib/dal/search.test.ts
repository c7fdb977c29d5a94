/**
 * The command palette's search against a real Postgres: what matches, what a pasted GitHub URL
 * names, and nothing from a repository the viewer cannot see (a member) while an admin sees it.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("palette_search");
});

import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { SignedInUser } from "@/lib/auth/session";
import { searchEverything, SEARCH_LIMIT_PER_KIND } from "./search";

const web = getEnv().GITHUB_WEB_URL;
let member: SignedInUser;
let admin: SignedInUser;
const SEEN = { id: 7001n, owner: "acme", name: "widgets" };
const HIDDEN = { id: 7002n, owner: "acme", name: "secret-plans" };

async function task(
  id: string,
  repo: typeof SEEN,
  fields: { name?: string; headRef?: string; pr?: boolean } = {},
) {
  const now = new Date();
  await db.task.create({
    data: {
      id,
      repositoryId: repo.id,
      state: "completed",
      name: fields.name ?? null,
      headRef: fields.headRef ?? null,
      pullRequestId: fields.pr ? 99n : null,
      createdAt: now,
      githubUpdatedAt: now,
    },
  });
}

beforeAll(async () => {
  const m = await db.user.create({ data: { login: "searcher", githubId: 880_001, name: "Sam Searcher" } });
  const a = await db.user.create({ data: { login: "boss", githubId: 880_002, role: "admin" } });
  await db.user.create({ data: { login: "ghost", githubId: 880_003 } }); // never signed in
  for (const user of [m, a])
    await db.account.create({
      data: { userId: user.id, type: "oauth", provider: "github", providerAccountId: String(user.githubId) },
    });
  member = { id: m.id, login: "searcher", role: "member" };
  admin = { id: a.id, login: "boss", role: "admin" };
  await db.repository.createMany({ data: [SEEN, HIDDEN] });
  await db.repositoryAccess.create({ data: { userId: m.id, repositoryId: SEEN.id } });
  await task("task-seen-1", SEEN, { name: "Upgrade the flux capacitor", headRef: "copilot/flux", pr: true });
  await task("task-hidden-1", HIDDEN, { name: "Upgrade the secret flux" });
  for (let i = 0; i < SEARCH_LIMIT_PER_KIND + 3; i++)
    await task(`bulk-${i}`, SEEN, { name: `Bulk flux ${i}` });
  const template = await db.template.create({ data: { slug: "flux-tpl", name: "Flux template" } });
  const version = await db.templateVersion.create({
    data: { templateId: template.id, version: 1, body: "x" },
  });
  await db.campaign.create({
    data: { name: "Flux rollout", templateVersionId: version.id, createdById: m.id },
  });
});

const labels = (answer: Awaited<ReturnType<typeof searchEverything>>) => answer.hits.map((hit) => hit.label);

describe("searchEverything", () => {
  it("finds tasks, repositories, campaigns, templates and people, each kind bounded", async () => {
    const answer = await searchEverything(member, "flux");
    const kinds = answer.hits.map((hit) => hit.kind);
    expect(kinds.filter((kind) => kind === "task")).toHaveLength(SEARCH_LIMIT_PER_KIND);
    expect(labels(answer)).toEqual(expect.arrayContaining(["Flux rollout", "Flux template"]));
    expect(labels(answer)).not.toContain("Upgrade the secret flux");
    expect(labels(await searchEverything(member, "acme/"))).toEqual(["acme/widgets"]);
    expect(labels(await searchEverything(admin, "acme/"))).toEqual(["acme/secret-plans", "acme/widgets"]);
    // People who signed in only, by login or name.
    expect(labels(await searchEverything(member, "sam"))).toEqual(["searcher"]);
    expect(await searchEverything(member, "ghost")).toEqual({ hits: [], note: null });
    expect(await searchEverything(member, "   ")).toEqual({ hits: [], note: null });
  });

  it("finds a task by its id, and opens it from its pasted GitHub URL", async () => {
    expect((await searchEverything(member, "task-seen-1")).hits[0]).toMatchObject({
      kind: "task",
      href: "/tasks/task-seen-1",
    });
    const url = `${web}/acme/widgets/copilot/tasks/task-seen-1`;
    expect((await searchEverything(member, url)).hits).toEqual([
      expect.objectContaining({ kind: "task", key: "task:task-seen-1" }),
    ]);
  });

  it("names nothing a member cannot see, whatever the URL", async () => {
    const hidden = await searchEverything(member, `${web}/acme/secret-plans/copilot/tasks/task-hidden-1`);
    expect(hidden.hits).toEqual([]);
    expect(hidden.note).toMatch(/not in a repository you can see/);
    expect((await searchEverything(member, `${web}/acme/secret-plans`)).hits).toEqual([]);
    expect((await searchEverything(member, "task-hidden-1")).hits).toEqual([]);
    expect(
      (await searchEverything(admin, `${web}/acme/secret-plans/copilot/tasks/task-hidden-1`)).hits,
    ).toEqual([expect.objectContaining({ key: "task:task-hidden-1" })]);
  });

  it("reads branch, pull request, repository and person URLs", async () => {
    const branch = await searchEverything(member, `${web}/acme/widgets/tree/copilot/flux`);
    expect(branch.hits.map((hit) => hit.key)).toEqual(["task:task-seen-1", "repository:acme/widgets"]);
    const pull = await searchEverything(member, `${web}/acme/widgets/pull/4`);
    expect(pull.hits.map((hit) => hit.key)).toEqual(["task:task-seen-1", "repository:acme/widgets"]);
    expect(pull.note).toMatch(/pull request numbers/);
    expect((await searchEverything(member, `${web}/acme/widgets`)).hits[0]).toMatchObject({
      href: "/tasks?repo=acme%2Fwidgets",
    });
    expect((await searchEverything(member, `${web}/boss`)).hits[0]).toMatchObject({
      kind: "person",
      href: "/tasks?creator=boss",
    });
    expect((await searchEverything(member, `${web}/ghost`)).note).toMatch(/has not signed in/);
  });
});
