/**
 * CODEOWNERS for triage: who owns the repository as a whole, read through the contents API and cached
 * (one row per repository in CodeownersCache, re-checked with a conditional GET). Parsing is
 * lib/repo-facts/codeowners.ts.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { getFileContent, type GitHubClient } from "@/lib/github";
import { CODEOWNERS_PATHS, ownersForRoot, parseCodeowners } from "@/lib/repo-facts/codeowners";

export type RepositoryRef = { id: bigint; owner: string; name: string };

export const DEFAULT_CODEOWNERS_MAX_AGE_SECONDS = 3600;

export type CodeownersResult = { owners: string[]; path: string | null };

/**
 * A client that can read the repository, or a function that picks one only when GitHub must be
 * asked (a cache miss): picking a reader is itself a query, and most reads are cache hits.
 */
export type CodeownersReader = GitHubClient | (() => Promise<GitHubClient | null>);

/**
 * The repository's root owners, from the cache when it is younger than `maxAgeSeconds`; an older
 * entry is re-checked with a conditional GET on the stored path (a 304 only bumps `fetchedAt`);
 * otherwise every location is tried in GitHub's order. "No CODEOWNERS" is cached too (empty owners).
 * Null when GitHub must be asked and nobody can read the repository.
 */
export async function readCodeowners(
  db: PrismaClient,
  reader: CodeownersReader,
  repository: RepositoryRef,
  options: { maxAgeSeconds?: number; now?: Date } = {},
): Promise<CodeownersResult | null> {
  const now = options.now ?? new Date();
  const maxAgeMs = (options.maxAgeSeconds ?? DEFAULT_CODEOWNERS_MAX_AGE_SECONDS) * 1000;
  const repositoryId = repository.id;
  const target = { owner: repository.owner, repo: repository.name };

  const cached = await db.codeownersCache.findUnique({ where: { repositoryId } });
  if (cached && now.getTime() - cached.fetchedAt.getTime() < maxAgeMs) {
    return { owners: cached.owners, path: cached.path };
  }
  const client = typeof reader === "function" ? await reader() : reader;
  if (!client) return null;

  let found: { path: string; text: string; etag: string | undefined } | null = null;
  if (cached?.path && cached.etag) {
    const result = await getFileContent(client, { ...target, path: cached.path, etag: cached.etag });
    if (result.notModified) {
      await db.codeownersCache.update({
        where: { repositoryId },
        data: { fetchedAt: now, etag: result.etag },
      });
      return { owners: cached.owners, path: cached.path };
    }
    if (result.text !== null) found = { path: cached.path, text: result.text, etag: result.etag };
  }

  if (!found) {
    for (const path of CODEOWNERS_PATHS) {
      const result = await getFileContent(client, { ...target, path });
      if (!result.notModified && result.text !== null) {
        found = { path, text: result.text, etag: result.etag };
        break;
      }
    }
  }

  const row = {
    path: found?.path ?? null,
    owners: found ? ownersForRoot(parseCodeowners(found.text)) : [],
    etag: found?.etag ?? null,
    fetchedAt: now,
  };
  await db.codeownersCache.upsert({
    where: { repositoryId },
    create: { repositoryId, ...row },
    update: row,
  });
  return { owners: row.owners, path: row.path };
}
