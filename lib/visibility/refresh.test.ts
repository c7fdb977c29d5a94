/**
 * The refresh of each person's visible repositories against the in-process emulator, in a database
 * of this file's own (the emulator's people and repositories): the first fill matches what GitHub
 * shows each person, a second pass is all 304s (GitHub counts nothing), a repository taken away
 * disappears (and its tasks with it, for that person), and the rate budget is respected.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The data functions use lib/db, which reads DATABASE_URL when first imported: point it at this
// file's own database before anything is imported.
await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("repository_access");
});

import { listTasks } from "@/lib/dal/tasks";
import { db } from "@/lib/db";
import { ensureRepositories, upsertTasks } from "@/lib/sync/store";
import type { TaskRow } from "@/lib/sync/mapping";
import { DEFAULT_TASK_FILTERS } from "@/lib/validations/task-filters";
import { startHarness, type Harness } from "@/test/sync-harness";
import { refreshRepositoryAccess } from "./refresh";
import { grantCreatedRepository, scheduleAccessRefreshes } from "./schedule";

let h: Harness;
const ids: Record<string, string> = {};

/** What GitHub (the emulator) shows a person, as "owner/name". */
function truthFor(login: string): string[] {
  return h.gh.state.store.data.repos
    .filter((repo) => h.gh.state.store.permission(login, repo) !== null && isRelated(login, repo))
    .map((repo) => `${repo.owner}/${repo.name}`)
    .sort();
}

// /user/repos lists owned, collaborator and organisation repositories (not every public one).
function isRelated(login: string, repo: (typeof h.gh.state.store.data.repos)[number]) {
  if (repo.ownerType === "User") return repo.owner === login || !!repo.collaborators[login];
  return !!h.gh.state.store.org(repo.owner)?.members[login] || !!repo.collaborators[login];
}

async function storedFor(userId: string): Promise<string[]> {
  const rows = await db.repositoryAccess.findMany({
    where: { userId },
    select: { repository: { select: { owner: true, name: true } } },
  });
  return rows.map((row) => `${row.repository.owner}/${row.repository.name}`).sort();
}

function counted(): number {
  return h.gh.state.counters.snapshot().totals.counted;
}

beforeAll(async () => {
  h = await startHarness({ databaseUrl: process.env.DATABASE_URL!, emulator: { seedTasks: false } });
  for (const login of ["alice", "bob", "dave", "carol"]) ids[login] = await h.signIn(login);
});

afterAll(async () => {
  await h?.close();
  await db.$disconnect();
});

describe("refreshing what each person can see", () => {
  it("fills each person's list from GET /user/repos, page by page, with names and visibility", async () => {
    for (const login of ["alice", "bob", "dave", "carol"]) {
      const pass = await refreshRepositoryAccess(h.deps(), ids[login]!, { perPage: 7 });
      expect(pass.status, login).toBe("ok");
      expect(await storedFor(ids[login]!), login).toEqual(truthFor(login));
      expect(pass.counted, login).toBe(pass.requests);
    }
    // The three team-only repositories: bob sees payments-ledger only, dave infra-terraform only.
    expect(await storedFor(ids.bob!)).toContain("acme/payments-ledger");
    expect(await storedFor(ids.bob!)).not.toContain("acme/infra-terraform");
    expect(await storedFor(ids.bob!)).not.toContain("acme/security-scanner");
    expect(await storedFor(ids.dave!)).toContain("acme/infra-terraform");
    expect(await storedFor(ids.dave!)).not.toContain("acme/payments-ledger");
    expect(await storedFor(ids.carol!)).toEqual([
      "acme/design-system",
      "acme/docs-site",
      "acme/web-storefront",
    ]);
    const ledger = await db.repository.findFirstOrThrow({
      where: { owner: "acme", name: "payments-ledger" },
    });
    expect(ledger.visibility).toBe("private");
    expect(ledger.defaultBranch).toBe("trunk");
    const state = await db.repositoryAccessState.findUniqueOrThrow({ where: { userId: ids.bob! } });
    expect(state.status).toBe("ok");
    expect(state.refreshedAt).not.toBeNull();
    expect(state.repositoryCount).toBe(truthFor("bob").length);
  });

  it("a pass for a person whose refresh state another pass is creating right now does not fail", async () => {
    const userId = ids.alice!;
    await db.repositoryAccessState.deleteMany({ where: { userId } });
    // The other pass has inserted the row and not committed yet: this one must wait for it, not
    // fail on the key once it commits.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`INSERT INTO "RepositoryAccessState" ("userId", "updatedAt") VALUES ($1, now())`, [
        userId,
      ]);
      const pass = refreshRepositoryAccess(h.deps(), userId, { perPage: 7 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query("COMMIT");
      expect((await pass).status).toBe("ok");
    } finally {
      await other.end();
    }
    expect(await storedFor(userId)).toEqual(truthFor("alice"));
  });

  it("costs nothing when nothing changed: every page answers 304, and GitHub counts none", async () => {
    const before = counted();
    const pass = await refreshRepositoryAccess(h.deps(), ids.bob!, { perPage: 7 });
    expect(pass.status).toBe("ok");
    expect(pass.requests).toBeGreaterThan(1);
    expect(pass.counted).toBe(0);
    expect(counted() - before).toBe(0);
    expect(pass.added + pass.removed).toBe(0);
    const state = await db.repositoryAccessState.findUniqueOrThrow({ where: { userId: ids.bob! } });
    expect((state.lastPass as { counted: number }).counted).toBe(0);
  });

  it("drops a repository the person lost, and its tasks leave every list they see", async () => {
    const ledger = h.gh.state.store.repo("acme", "payments-ledger")!;
    const row = (id: string, state: TaskRow["state"]): TaskRow => ({
      id,
      repositoryId: String(ledger.id),
      creatorGithubId: "1001",
      creatorType: "user",
      state,
      name: `Reconcile the ledger ${id}`,
      htmlUrl: null,
      apiUrl: null,
      customAgent: null,
      sessionCount: 1,
      headRef: `copilot/${id}`,
      baseRef: "trunk",
      pullRequestId: null,
      pullRequestGlobalId: null,
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      githubUpdatedAt: new Date().toISOString(),
      archivedAt: null,
    });
    await ensureRepositories(db, [{ id: String(ledger.id), owner: "acme", name: "payments-ledger" }]);
    await db.$transaction((tx) => upsertTasks(tx, [row("ledger-1", "failed")], "user_list"));
    const bob = { id: ids.bob!, role: "member" as const };
    const seen = async () =>
      (await listTasks({ filters: DEFAULT_TASK_FILTERS, viewer: bob })).rows.map((task) => task.id);
    expect(await seen()).toContain("ledger-1");

    // bob leaves the payments team on GitHub.
    const team = h.gh.state.store.team("acme", "payments")!;
    const role = team.members.bob!;
    delete team.members.bob;
    try {
      const pass = await refreshRepositoryAccess(h.deps(), ids.bob!, { perPage: 7 });
      expect(pass.status).toBe("ok");
      expect(pass.removed).toBe(1);
      expect(pass.counted).toBeGreaterThan(0);
      expect(await storedFor(ids.bob!)).not.toContain("acme/payments-ledger");
      expect(await storedFor(ids.bob!)).toEqual(truthFor("bob"));
      expect(await seen()).not.toContain("ledger-1");
    } finally {
      team.members.bob = role;
    }
    // Back in the team: back in the list at the next pass.
    await refreshRepositoryAccess(h.deps(), ids.bob!, { perPage: 7 });
    expect(await seen()).toContain("ledger-1");
  });

  it("never spends the last 10% of the person's rate limit", async () => {
    const before = h.gh.state.counters.snapshot().totals.total;
    await db.userSyncState.upsert({
      where: { userId: ids.dave! },
      create: {
        userId: ids.dave!,
        rateLimit: 5000,
        rateRemaining: 400,
        rateResetAt: new Date(Date.now() + 30 * 60_000),
      },
      update: { rateLimit: 5000, rateRemaining: 400, rateResetAt: new Date(Date.now() + 30 * 60_000) },
    });
    try {
      const pass = await refreshRepositoryAccess(h.deps(), ids.dave!);
      expect(pass.status).toBe("rate_limited");
      expect(pass.requests).toBe(0);
      expect(h.gh.state.counters.snapshot().totals.total).toBe(before);
      // The list stays what it was, and the next pass waits for the reset.
      expect(await storedFor(ids.dave!)).toEqual(truthFor("dave"));
      expect(pass.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    } finally {
      await db.userSyncState.update({
        where: { userId: ids.dave! },
        data: { rateLimit: null, rateRemaining: null, rateResetAt: null },
      });
    }
  });

  it("a revoked token stops the refresh until the person signs in again, keeping the last list", async () => {
    await h.control("POST", "/users/carol/revoke-tokens");
    const pass = await refreshRepositoryAccess(h.deps(), ids.carol!);
    expect(pass.status).toBe("token_problem");
    expect(pass.nextRunAt).toBeNull();
    expect(await storedFor(ids.carol!)).toEqual(truthFor("carol"));
  });

  it("a repository created through Switchyard is visible to its creator at once, and a refresh is queued", async () => {
    const repositoryId = 990_000_777n;
    await ensureRepositories(db, [{ id: String(repositoryId), owner: "acme", name: "brand-new" }]);
    await grantCreatedRepository(db, ids.alice!, repositoryId);
    expect(await storedFor(ids.alice!)).toContain("acme/brand-new");
    const [job] = await db.$queryRaw<{ run_at: Date }[]>`
      SELECT run_at FROM graphile_worker._private_jobs WHERE key = ${`repository-access:${ids.alice!}`}`;
    expect(job!.run_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("the repair pass gives every person with a usable token a pending refresh", async () => {
    await scheduleAccessRefreshes(db);
    const keys = await db.$queryRaw<{ key: string }[]>`
      SELECT key FROM graphile_worker._private_jobs WHERE key LIKE 'repository-access:%'`;
    for (const login of ["alice", "bob", "dave"])
      expect(keys.map((row) => row.key)).toContain(`repository-access:${ids[login]!}`);
  });
});
