/**
 * CODEOWNERS: parsing, "who owns the repository as a whole", and a cached read through the contents
 * API (one row per repository in CodeownersCache, re-checked with a conditional GET).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { getFileContent, type GitHubClient } from "@/lib/github";

export type CodeownersRule = { pattern: string; owners: string[] };
export type RepositoryRef = { id: bigint; owner: string; name: string };

/** Where GitHub looks for CODEOWNERS, in the order it looks (the first one found is used). */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;
export const DEFAULT_CODEOWNERS_MAX_AGE_SECONDS = 3600;

const USER_OWNER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TEAM_OWNER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9._-]+$/;
const EMAIL_OWNER = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function isValidOwner(owner: string): boolean {
  return USER_OWNER.test(owner) || TEAM_OWNER.test(owner) || EMAIL_OWNER.test(owner);
}

/** Splits a line on whitespace, stopping at an unescaped `#`; `\#` and `\ ` are literal. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    const next = line[i + 1];
    if (char === "\\" && next !== undefined && (next === "#" || /\s/.test(next))) {
      current += next;
      i++;
    } else if (char === "#") {
      break;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

/**
 * The rules of a CODEOWNERS file, in file order. Like GitHub, a line with invalid syntax (an owner
 * that is not `@user`, `@org/team` or an email, or a `!` / `[...]` pattern) is skipped. A pattern
 * with no owners is kept: it makes matching paths unowned.
 */
export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [pattern, ...owners] = tokenize(line);
    if (pattern === undefined) continue;
    if (pattern.startsWith("!") || /[[\]]/.test(pattern)) continue;
    if (!owners.every(isValidOwner)) continue;
    rules.push({ pattern, owners });
  }
  return rules;
}

/** Patterns that match every path in the repository (gitignore semantics: a matched directory covers its contents). */
const WHOLE_REPOSITORY_PATTERNS = new Set(["*", "/*", "**", "/**", "**/*", "/**/*"]);

/**
 * Owners of the repository as a whole: the last rule whose pattern covers every path (`*`, `/*`,
 * `**`, `/**`, `**\/*`). Narrower rules such as `*.md` or `/docs/` are not "the rule for the
 * repository root", even though they match some root files. Empty when there is no such rule or
 * the last one lists no owners.
 */
export function ownersForRoot(rules: CodeownersRule[]): string[] {
  let owners: string[] = [];
  for (const rule of rules) if (WHOLE_REPOSITORY_PATTERNS.has(rule.pattern)) owners = rule.owners;
  return owners;
}

export type CodeownersResult = { owners: string[]; path: string | null };

/**
 * The repository's root owners, from the cache when it is younger than `maxAgeSeconds`; an older
 * entry is re-checked with a conditional GET on the stored path (a 304 only bumps `fetchedAt`);
 * otherwise every location is tried in GitHub's order. "No CODEOWNERS" is cached too (empty owners).
 */
export async function readCodeowners(
  db: PrismaClient,
  client: GitHubClient,
  repository: RepositoryRef,
  options: { maxAgeSeconds?: number; now?: Date } = {},
): Promise<CodeownersResult> {
  const now = options.now ?? new Date();
  const maxAgeMs = (options.maxAgeSeconds ?? DEFAULT_CODEOWNERS_MAX_AGE_SECONDS) * 1000;
  const repositoryId = repository.id;
  const target = { owner: repository.owner, repo: repository.name };

  const cached = await db.codeownersCache.findUnique({ where: { repositoryId } });
  if (cached && now.getTime() - cached.fetchedAt.getTime() < maxAgeMs) {
    return { owners: cached.owners, path: cached.path };
  }

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
