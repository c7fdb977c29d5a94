/**
 * getRepositoryFacts against the in-process emulator and a real Postgres: detection on seeded
 * repositories, the cache (no request while fresh, only 304s when stale and unchanged), re-reads
 * after a change, and invisible repositories.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/github-emulator/server";
import { db } from "@/lib/db";
import { createGitHubClient, GitHubError, type GitHubClient } from "@/lib/github";
import { getCachedRepositoryFacts, getRepositoryFacts } from "./facts";

let gh: RunningEmulator;
let alice: GitHubClient;
let carol: GitHubClient;
const statuses: number[] = [];

async function clientFor(login: string, record = false): Promise<GitHubClient> {
  const response = await fetch(`${gh.url}/_emulator/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, kind: "github_app" }),
  });
  const { token } = (await response.json()) as { token: string };
  const client = createGitHubClient({ token, baseUrl: gh.url, waitUnitMs: 1, retries: 0 });
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
  alice = await clientFor("alice", true);
  carol = await clientFor("carol");
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

  it("throws not_found for a repository the caller cannot see", async () => {
    const error = await getRepositoryFacts(db, carol, { owner: "acme", name: "payments-ledger" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).kind).toBe("not_found");
  });
});
