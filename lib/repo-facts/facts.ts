/**
 * Repository facts for templates (language, package manager, commands, CODEOWNERS, workflows), cached
 * in RepositoryFacts. A fresh row is used as is; a stale one is re-checked with conditional requests
 * (the repository and its root listing: a changed file anywhere changes the root's tree shas), and
 * only re-read in full when the root changed. No "server-only": the worker uses it too.
 */
import type { PrismaClient, RepositoryFacts } from "@/generated/prisma/client";
import { getFileContent, type GitHubClient } from "@/lib/github";
import {
  getRepository,
  listDirectory,
  type DirectoryEntry,
  type FullRepository,
} from "@/lib/github/repo-files";
import { saveResolvedRepository } from "@/lib/sync/store";
import type { RepoFactsView } from "./types";
import { ownersForRoot, parseCodeowners } from "./codeowners";
import { detectRepoFacts, manifestsToRead, workflowName } from "./detect";

export const DEFAULT_FACTS_MAX_AGE_MS = 60 * 60 * 1000;
const MAX_WORKFLOWS_READ = 12;

type Etags = { repo?: string; root?: string };

function readEtags(value: string | null | undefined): Etags {
  if (!value) return {};
  try {
    const parsed = JSON.parse(value) as Etags;
    return typeof parsed === "object" && parsed ? parsed : {};
  } catch {
    return {};
  }
}

function toView(owner: string, name: string, facts: RepositoryFacts): RepoFactsView {
  return {
    owner,
    name,
    fullName: `${owner}/${name}`,
    defaultBranch: facts.defaultBranch,
    language: facts.language,
    packageManager: facts.packageManager,
    testCommand: facts.testCommand,
    buildCommand: facts.buildCommand,
    lintCommand: facts.lintCommand,
    manifests: facts.manifests,
    codeownersPath: facts.codeownersPath,
    codeowners: facts.codeowners,
    workflows: facts.workflows,
    topics: facts.topics,
    visibility: facts.visibility,
  };
}

type TreeFacts = Pick<
  RepositoryFacts,
  | "language"
  | "packageManager"
  | "testCommand"
  | "buildCommand"
  | "lintCommand"
  | "manifests"
  | "codeownersPath"
  | "codeowners"
  | "workflows"
>;

async function readText(
  client: GitHubClient,
  owner: string,
  repo: string,
  path: string,
  ref: string | undefined,
) {
  const result = await getFileContent(client, { owner, repo, path, ref });
  return result.notModified ? null : result.text;
}

/** Everything that comes from the files: manifests, commands, CODEOWNERS and workflows. */
async function readTree(
  client: GitHubClient,
  owner: string,
  repo: string,
  ref: string | undefined,
  entries: DirectoryEntry[],
  githubLanguage: string | null,
): Promise<TreeFacts> {
  const has = (name: string, type: DirectoryEntry["type"]) =>
    entries.some((entry) => entry.name === name && entry.type === type);

  const manifestPaths = manifestsToRead(entries);
  const manifestTexts = await Promise.all(
    manifestPaths.map((path) => readText(client, owner, repo, path, ref)),
  );
  const files = Object.fromEntries(manifestPaths.map((path, index) => [path, manifestTexts[index]]));
  const detected = detectRepoFacts({ entries, files, githubLanguage });

  // CODEOWNERS: the first of .github/, root, docs/ (GitHub's order); only where a directory exists.
  const candidates = [
    has(".github", "dir") ? ".github/CODEOWNERS" : null,
    has("CODEOWNERS", "file") ? "CODEOWNERS" : null,
    has("docs", "dir") ? "docs/CODEOWNERS" : null,
  ].filter((path): path is string => path !== null);
  let codeownersPath: string | null = null;
  let codeowners: string[] = [];
  for (const path of candidates) {
    const text = await readText(client, owner, repo, path, ref);
    if (text === null) continue;
    codeownersPath = path;
    codeowners = ownersForRoot(parseCodeowners(text));
    break;
  }

  let workflows: string[] = [];
  if (has(".github", "dir")) {
    const listing = await listDirectory(client, { owner, repo, path: ".github/workflows", ref });
    const yaml = (listing.notModified ? [] : (listing.entries ?? []))
      .filter((entry) => entry.type === "file" && /\.ya?ml$/i.test(entry.name))
      .slice(0, MAX_WORKFLOWS_READ);
    const texts = await Promise.all(yaml.map((entry) => readText(client, owner, repo, entry.path, ref)));
    workflows = yaml.map((entry, index) => workflowName(entry.path, texts[index]));
  }

  return {
    language: githubLanguage ?? detected.language,
    packageManager: detected.packageManager,
    testCommand: detected.testCommand,
    buildCommand: detected.buildCommand,
    lintCommand: detected.lintCommand,
    manifests: detected.manifests,
    codeownersPath,
    codeowners,
    workflows,
  };
}

function repoFields(repository: FullRepository): {
  defaultBranch: string | null;
  topics: string[];
  visibility: string | null;
  archived: boolean;
} {
  return {
    defaultBranch: repository.default_branch ?? null,
    topics: repository.topics ?? [],
    visibility: repository.visibility ?? (repository.private ? "private" : "public"),
    archived: repository.archived ?? false,
  };
}

/** The client's person (when known) can see this repository, by their RepositoryAccess. */
async function accessListed(db: PrismaClient, client: GitHubClient, repositoryId: bigint): Promise<boolean> {
  if (!client.actingFor) return false;
  const row = await db.repositoryAccess.findUnique({
    where: { userId_repositoryId: { userId: client.actingFor, repositoryId } },
    select: { userId: true },
  });
  return row !== null;
}

/** The stored repository of that owner/name (any case) that has facts; the newest when renamed ones collide. */
function findRepositoryWithFacts(db: PrismaClient, repo: { owner: string; name: string }) {
  return db.repository.findFirst({
    where: {
      owner: { equals: repo.owner, mode: "insensitive" },
      name: { equals: repo.name, mode: "insensitive" },
      facts: { isNot: null },
    },
    include: { facts: true },
    orderBy: { updatedAt: "desc" },
  });
}

/**
 * Facts for one repository, from Postgres when fresher than maxAgeMs (default 1 h), else read from
 * GitHub with the given client and stored. Throws GitHubError (kind "not_found" when invisible).
 *
 * Cached facts were read with someone's token, so they are never handed to a caller GitHub does not
 * show the repository to: a fresh row is served as is only when the caller's RepositoryAccess lists
 * it (or `visibilityProven`: the caller just listed it with this token); otherwise it is first
 * confirmed with the caller's own token, by a conditional `GET /repos/{owner}/{repo}` (a 304 costs
 * nothing; a 404 means "not yours to see", and that is what the caller gets).
 */
export async function getRepositoryFacts(
  db: PrismaClient,
  client: GitHubClient,
  repo: { owner: string; name: string },
  options: { maxAgeMs?: number; now?: Date; visibilityProven?: boolean } = {},
): Promise<RepoFactsView> {
  const now = options.now ?? new Date();
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_FACTS_MAX_AGE_MS;
  const known = await findRepositoryWithFacts(db, repo);
  const cached = known?.facts ?? null;
  const etags = cached ? readEtags(cached.etag) : {};
  if (known && cached && now.getTime() - cached.fetchedAt.getTime() < maxAgeMs) {
    if (options.visibilityProven || (await accessListed(db, client, known.id)))
      return toView(known.owner, known.name, cached);
    const check = await getRepository(client, { owner: known.owner, repo: known.name, etag: etags.repo });
    // Unchanged (304), or changed only in what GitHub says to this caller (its permissions): the
    // cached files are still fresh; keep what the repository itself says now.
    if (check.notModified || BigInt(check.data.id) === known.id) {
      if (!check.notModified) {
        const fields = repoFields(check.data);
        await saveResolvedRepository(db, {
          id: String(check.data.id),
          owner: check.data.owner.login,
          name: check.data.name,
          defaultBranch: fields.defaultBranch,
          visibility: fields.visibility,
        });
        const saved = await db.repositoryFacts.update({
          where: { repositoryId: known.id },
          data: { ...fields, etag: JSON.stringify({ ...etags, repo: check.etag } satisfies Etags) },
        });
        return toView(check.data.owner.login, check.data.name, saved);
      }
      return toView(known.owner, known.name, cached);
    }
    // Another repository answers to that name now (renamed, recreated): read it afresh below.
  }

  const repoResult = await getRepository(client, { owner: repo.owner, repo: repo.name, etag: etags.repo });
  let repositoryId: bigint;
  let owner: string;
  let name: string;
  let language: string | null;
  let fields: ReturnType<typeof repoFields>;
  if (repoResult.notModified) {
    // Only possible with a cached row (we sent its etag).
    repositoryId = known!.id;
    owner = known!.owner;
    name = known!.name;
    language = cached!.language;
    fields = {
      defaultBranch: cached!.defaultBranch,
      topics: cached!.topics,
      visibility: cached!.visibility,
      archived: cached!.archived,
    };
  } else {
    const data = repoResult.data;
    repositoryId = BigInt(data.id);
    owner = data.owner.login;
    name = data.name;
    language = data.language ?? null;
    fields = repoFields(data);
    await saveResolvedRepository(db, {
      id: String(data.id),
      owner,
      name,
      defaultBranch: fields.defaultBranch,
      visibility: fields.visibility,
    });
  }
  const repoEtag = repoResult.etag;

  // The root listing: unchanged → the files-derived facts are still right.
  const sameRow = cached && cached.repositoryId === repositoryId;
  const ref = fields.defaultBranch ?? undefined;
  const root = await listDirectory(client, {
    owner,
    repo: name,
    path: "",
    ref,
    etag: sameRow ? etags.root : undefined,
  });
  let tree: TreeFacts;
  if (root.notModified && sameRow) {
    tree = {
      language: language ?? cached.language,
      packageManager: cached.packageManager,
      testCommand: cached.testCommand,
      buildCommand: cached.buildCommand,
      lintCommand: cached.lintCommand,
      manifests: cached.manifests,
      codeownersPath: cached.codeownersPath,
      codeowners: cached.codeowners,
      workflows: cached.workflows,
    };
  } else {
    const entries = root.notModified ? [] : (root.entries ?? []);
    tree = await readTree(client, owner, name, ref, entries, language);
  }
  const etag = JSON.stringify({ repo: repoEtag, root: root.etag } satisfies Etags);
  const data = { ...fields, ...tree, etag, fetchedAt: now };
  const saved = await db.repositoryFacts.upsert({
    where: { repositoryId },
    create: { repositoryId, ...data },
    update: data,
  });
  return toView(owner, name, saved);
}

/** Facts already stored (no GitHub call), e.g. for showing what is known. */
export async function getCachedRepositoryFacts(
  db: PrismaClient,
  repo: { owner: string; name: string },
): Promise<(RepoFactsView & { fetchedAt: Date }) | null> {
  const known = await findRepositoryWithFacts(db, repo);
  if (!known?.facts) return null;
  return { ...toView(known.owner, known.name, known.facts), fetchedAt: known.facts.fetchedAt };
}
