/**
 * getRepositoryFacts against the in-process emulator and a real Postgres: detection on seeded
 * repositories, the cache (no request while fresh for someone whose access lists the repository,
 * only 304s when stale and unchanged), re-reads after a change, and invisible repositories (cached
 * facts are never handed to someone GitHub hides the repository from).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/github-emulator/server";
import { db } from "@/lib/db";
import { createGitHubClient, GitHubError, type GitHubClient } from "@/lib/github";
import { ensureRepositories } from "@/lib/sync/store";
import { getCachedRepositoryFacts, getRepositoryFacts } from "./facts";

let gh: RunningEmulator;
let alice: GitHubClient;
let carol: GitHubClient;
const statuses: number[] = [];
/** Switchyard people for the clients (no GitHub ids: other test files use the emulator's people). */
const people: Record<string, string> = {};

async function clientFor(login: string, record = false, actingFor?: string): Promise<GitHubClient> {
  const response = await fetch(`${gh.url}/_emulator/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, kind: "github_app" }),
  });
  const { token } = (await response.json()) as { token: string };
  const client = createGitHubClient({ token, baseUrl: gh.url, waitUnitMs: 1, retries: 0, actingFor });
  if (record)
    client.hook.wrap("request", async (request, options) => {
      try {
        const result = await request(options);
        statuses.push(result.status);
        return result;
      } catch (error) {
        statuses.push((error as { status?: number }).status ?? 0);
        throw error;
      }
    });
  return client;
}

beforeAll(async () => {
  gh = await startEmulator({ port: 0, seedTasks: false });
  for (const login of ["alice", "carol", "dave"]) {
    const person = await db.user.upsert({
      where: { login: `facts-${login}` },
      create: { login: `facts-${login}` },
      update: {},
    });
    people[login] = person.id;
    await db.repositoryAccess.deleteMany({ where: { userId: person.id } });
  }
  // alice can see everything in acme on GitHub; what she sees is listed as a refresh would list it.
  const acme = gh.state.store.data.repos.filter((repo) => repo.owner === "acme");
  await ensureRepositories(
    db,
    acme.map((repo) => ({ id: String(repo.id), owner: repo.owner, name: repo.name })),
  );
  await db.repositoryAccess.createMany({
    data: acme.map((repo) => ({ userId: people.alice!, repositoryId: BigInt(repo.id) })),
  });
  alice = await clientFor("alice", true, people.alice);
  carol = await clientFor("carol", false, people.carol);
  // Facts from an earlier run of this file (same database) would hide the first read.
  await db.repositoryFacts.deleteMany({
    where: {
      repository: {
        owner: "acme",
        name: {
          in: ["checkout-api", "web-storefront", "fraud-detector", "recommendations", "docs-site", "ios-app"],
        },
      },
    },
  });
});

afterAll(async () => {
  await gh.close();
});

describe("getRepositoryFacts", () => {
  it("reads a Go repository: commands, CODEOWNERS and workflow names", async () => {
    const facts = await getRepositoryFacts(db, alice, { owner: "acme", name: "checkout-api" });
    expect(facts).toEqual({
      owner: "acme",
      name: "checkout-api",
      fullName: "acme/checkout-api",
      defaultBranch: "main",
      language: "Go",
      packageManager: "go",
      testCommand: "go test ./...",
      buildCommand: "go build ./...",
      lintCommand: "go vet ./...",
      manifests: ["go.mod", "Makefile"],
      codeownersPath: ".github/CODEOWNERS",
      codeowners: ["@acme/payments"],
      workflows: ["CI", "Copilot Setup Steps"],
      topics: ["go", "payments", "api"],
      visibility: "internal",
    });
    const repository = await db.repository.findUnique({
      where: { id: 700100001n },
      include: { facts: true },
    });
    expect(repository).toMatchObject({ owner: "acme", name: "checkout-api", defaultBranch: "main" });
    expect(repository?.resolvedAt).not.toBeNull();
    expect(repository?.facts?.etag).toMatch(/"repo":"W\//);
  });

  it("reads a pnpm repository and a Python (poetry / uv) one", async () => {
    const web = await getRepositoryFacts(db, alice, { owner: "acme", name: "web-storefront" });
    expect(web).toMatchObject({
      language: "TypeScript",
      packageManager: "pnpm",
      testCommand: "pnpm test",
      buildCommand: "pnpm build",
      lintCommand: "pnpm lint",
      manifests: ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"],
      codeowners: ["@acme/web", "@bob"],
    });
    const fraud = await getRepositoryFacts(db, alice, { owner: "acme", name: "fraud-detector" });
    expect(fraud).toMatchObject({
      language: "Python",
      packageManager: "poetry",
      testCommand: "poetry run pytest",
      buildCommand: "poetry build",
      workflows: ["CI"],
    });
    const recommendations = await getRepositoryFacts(db, alice, { owner: "acme", name: "recommendations" });
    expect(recommendations).toMatchObject({
      packageManager: "uv",
      testCommand: "uv run pytest",
      lintCommand: "uv run ruff check .",
      codeownersPath: "CODEOWNERS",
      codeowners: ["@dave"],
    });
  });

  it("finds docs/CODEOWNERS and the default branch other than main; no CODEOWNERS at all", async () => {
    const docs = await getRepositoryFacts(db, alice, { owner: "acme", name: "docs-site" });
    expect(docs).toMatchObject({
      defaultBranch: "master",
      codeownersPath: "docs/CODEOWNERS",
      visibility: "public",
    });
    const ios = await getRepositoryFacts(db, alice, { owner: "acme", name: "ios-app" });
    expect(ios).toMatchObject({
      language: "Swift",
      codeownersPath: null,
      codeowners: [],
      testCommand: "swift test",
    });
  });

  it("serves fresh facts from Postgres without a request, and re-checks stale ones with 304s only", async () => {
    statuses.length = 0;
    const cached = await getRepositoryFacts(db, alice, { owner: "ACME", name: "Checkout-API" });
    expect(cached.testCommand).toBe("go test ./...");
    expect(statuses).toEqual([]);

    const stale = await getRepositoryFacts(
      db,
      alice,
      { owner: "acme", name: "checkout-api" },
      { maxAgeMs: 0 },
    );
    expect(stale.workflows).toEqual(["CI", "Copilot Setup Steps"]);
    expect(statuses).toEqual([304, 304]);
    expect(
      (await getCachedRepositoryFacts(db, { owner: "acme", name: "checkout-api" }))?.fetchedAt.getTime(),
    ).toBeGreaterThan(Date.now() - 5_000);
  });

  it("re-reads the files when the root changed", async () => {
    const repo = gh.state.store.repo("acme", "checkout-api")!;
    repo.files[".golangci.yml"] = "run:\n  timeout: 5m\n";
    try {
      statuses.length = 0;
      const facts = await getRepositoryFacts(
        db,
        alice,
        { owner: "acme", name: "checkout-api" },
        { maxAgeMs: 0 },
      );
      expect(facts.lintCommand).toBe("golangci-lint run");
      expect(statuses[0]).toBe(304); // the repository itself did not change
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(2);
    } finally {
      delete repo.files[".golangci.yml"];
    }
  });

  it("never hands cached facts to a caller GitHub hides the repository from", async () => {
    // alice (org owner) caches the private, team-only repository's facts.
    const ledger = await getRepositoryFacts(db, alice, { owner: "acme", name: "payments-ledger" });
    expect(ledger.defaultBranch).toBe("trunk");
    // dave (not in the payments team) and carol (outside collaborator) ask while the row is fresh:
    // their own token is asked, and GitHub's 404 is what they get, with or without a known identity.
    for (const client of [await clientFor("dave", false, people.dave), await clientFor("dave"), carol]) {
      const error = await getRepositoryFacts(db, client, { owner: "acme", name: "payments-ledger" }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GitHubError);
      expect((error as GitHubError).kind).toBe("not_found");
    }
  });

  it("confirms fresh facts with one conditional request when the caller's access is not known", async () => {
    const bob = await clientFor("bob");
    let requests = 0;
    bob.hook.before("request", () => {
      requests++;
    });
    const facts = await getRepositoryFacts(db, bob, { owner: "acme", name: "checkout-api" });
    expect(facts.testCommand).toBe("go test ./...");
    expect(requests).toBe(1);
  });

  it("throws not_found for a repository the caller cannot see", async () => {
    const error = await getRepositoryFacts(db, carol, { owner: "acme", name: "payments-ledger" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).kind).toBe("not_found");
  });
});
