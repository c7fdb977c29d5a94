/**
 * Keeps each person's RepositoryAccess: the repositories `GET /user/repos` lists with their own
 * token. Every page is asked for with its stored ETag, so a pass where nothing changed costs GitHub
 * nothing (each page answers 304 and keeps the ids stored with it). Runs in the worker (job
 * `repository_access`) on sign-in, every ten minutes, and right after Switchyard creates a
 * repository; it never spends the last 10 % of the person's rate limit (the sync's rule).
 */
import type { Prisma } from "@/generated/prisma/client";
import { listUserRepos, type GitHubClient, type UserRepoList } from "@/lib/github";
import { chargeBudget } from "@/lib/sync/budget";
import {
  assertStoredBudget,
  configOf,
  describeFailure,
  guardBudget,
  withUserClient,
  type Failure,
  type SyncDeps,
} from "@/lib/sync/common";

/** After a good pass (GitHub has no webhook for "your access changed" that a user token can get). */
export const REFRESH_EVERY_SECONDS = 10 * 60;
const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_MAX_SECONDS = 15 * 60;
/** A bound on one pass (20,000 repositories at GitHub's page size); beyond it the list is cut there. */
const MAX_PAGES = 200;

export type AccessConfig = {
  /** Page size (GitHub's maximum is 100; tests use a small one to walk several pages). */
  perPage: number;
};

const DEFAULT_ACCESS_CONFIG: AccessConfig = { perPage: 100 };

/** One stored page: its ETag and the repository ids it listed. */
type StoredPage = { etag: string | null; ids: string[] };

export type AccessPass = {
  userId: string;
  status: "ok" | "skipped" | Failure["status"];
  /** Requests sent to GitHub, and how many GitHub counted against the limit (a 304 is free). */
  requests: number;
  counted: number;
  added: number;
  removed: number;
  repositories: number;
  nextRunAt: Date | null;
  message?: string;
};

function readPages(value: Prisma.JsonValue | null | undefined): StoredPage[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((page) => {
    const entry = page as { etag?: unknown; ids?: unknown } | null;
    if (!entry || !Array.isArray(entry.ids)) return [];
    return [
      {
        etag: typeof entry.etag === "string" ? entry.etag : null,
        ids: entry.ids.filter((id): id is string => typeof id === "string"),
      },
    ];
  });
}

type ListedRepository = {
  id: string;
  owner: string;
  name: string;
  defaultBranch: string | null;
  visibility: string | null;
};

function toListed(repo: UserRepoList[number]): ListedRepository {
  return {
    id: String(repo.id),
    owner: repo.owner.login,
    name: repo.name,
    defaultBranch: repo.default_branch ?? null,
    visibility: repo.visibility ?? (repo.private ? "private" : "public"),
  };
}

/** Walks every page conditionally; stops after a short page (a full last page needs one more ask). */
async function walkPages(client: GitHubClient, stored: StoredPage[], perPage: number) {
  const pages: StoredPage[] = [];
  const listed: ListedRepository[] = [];
  let requests = 0;
  let counted = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    guardBudget(client);
    const previous = stored[page - 1];
    requests++;
    const result = await listUserRepos(client, {
      per_page: perPage,
      page,
      sort: "full_name",
      affiliation: "owner,collaborator,organization_member",
      visibility: "all",
      etag: previous?.etag ?? undefined,
    });
    let ids: string[];
    if (result.notModified) {
      ids = previous!.ids;
      pages.push({ etag: result.etag, ids });
    } else {
      counted++;
      const repositories = result.data.map(toListed);
      listed.push(...repositories);
      ids = repositories.map((repo) => repo.id);
      pages.push({ etag: result.etag ?? null, ids });
    }
    if (ids.length < perPage) break;
  }
  return { pages, listed, requests, counted };
}

/**
 * One pass for one person. Writes only when it saw the whole list; a pass that started before the
 * one that last wrote never overwrites it (two passes can overlap when a job is re-queued).
 */
export async function refreshRepositoryAccess(
  deps: SyncDeps,
  userId: string,
  options: Partial<AccessConfig> = {},
): Promise<AccessPass> {
  const { db } = deps;
  const config = { ...DEFAULT_ACCESS_CONFIG, ...options };
  const startedAt = new Date();
  const report: AccessPass = {
    userId,
    status: "ok",
    requests: 0,
    counted: 0,
    added: 0,
    removed: 0,
    repositories: 0,
    nextRunAt: null,
  };
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return { ...report, status: "skipped", message: "no such person" };
  // One statement: two passes for a person without a state row can start together, and Prisma's
  // upsert with nothing to update is a read then an insert, so the second failed on the key.
  await db.$executeRaw`
    INSERT INTO "RepositoryAccessState" ("userId", "updatedAt") VALUES (${userId}, now())
    ON CONFLICT ("userId") DO NOTHING`;
  const state = await db.repositoryAccessState.findUniqueOrThrow({ where: { userId } });

  let failure: Failure | undefined;
  let wrote = false;
  try {
    await assertStoredBudget(db, userId);
    const walk = await withUserClient(deps, userId, (client) =>
      walkPages(client, readPages(state.pages), config.perPage),
    );
    report.requests = walk.requests;
    report.counted = walk.counted;
    const ids = [...new Set(walk.pages.flatMap((page) => page.ids))];
    report.repositories = ids.length;
    wrote = await db.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<{ passStartedAt: Date | null }[]>`
        SELECT "passStartedAt" FROM "RepositoryAccessState" WHERE "userId" = ${userId} FOR UPDATE`;
      if (current?.passStartedAt && current.passStartedAt > startedAt) return false;
      if (walk.listed.length > 0) {
        // Names, default branches and visibility as GitHub says now (renames included).
        await tx.$executeRaw`
          INSERT INTO "Repository" (id, owner, name, "defaultBranch", visibility, "resolvedAt", "updatedAt")
          SELECT x.id, x.owner, x.name, x."defaultBranch", x.visibility, now(), now()
          FROM jsonb_to_recordset(${JSON.stringify(walk.listed)}::jsonb)
            AS x(id bigint, owner text, name text, "defaultBranch" text, visibility text)
          ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, name = EXCLUDED.name,
            "defaultBranch" = EXCLUDED."defaultBranch", visibility = EXCLUDED.visibility,
            "resolvedAt" = now(), "updatedAt" = now()
          WHERE ("Repository".owner, "Repository".name, "Repository"."defaultBranch", "Repository".visibility)
            IS DISTINCT FROM (EXCLUDED.owner, EXCLUDED.name, EXCLUDED."defaultBranch", EXCLUDED.visibility)`;
      }
      const wanted = ids.map(BigInt);
      report.removed = await tx.$executeRaw`
        DELETE FROM "RepositoryAccess" WHERE "userId" = ${userId} AND NOT ("repositoryId" = ANY(${wanted}))`;
      report.added = await tx.$executeRaw`
        INSERT INTO "RepositoryAccess" ("userId", "repositoryId")
        SELECT ${userId}, id FROM unnest(${wanted}::bigint[]) AS id
        ON CONFLICT DO NOTHING`;
      await tx.repositoryAccessState.update({
        where: { userId },
        data: {
          pages: walk.pages,
          repositoryCount: ids.length,
          refreshedAt: new Date(),
          passStartedAt: startedAt,
        },
      });
      return true;
    });
  } catch (error) {
    failure = describeFailure(error);
    report.status = failure.status;
    report.message = failure.message;
  }

  const now = new Date();
  const consecutiveErrors = failure ? state.consecutiveErrors + 1 : 0;
  if (failure?.stop) report.nextRunAt = null;
  else if (failure) {
    const backoff = Math.min(
      BACKOFF_MAX_SECONDS,
      BACKOFF_BASE_SECONDS * 2 ** Math.min(consecutiveErrors - 1, 10),
    );
    const notBefore = failure.notBefore ? (failure.notBefore.getTime() - now.getTime()) / 1000 : 0;
    report.nextRunAt = new Date(now.getTime() + Math.max(backoff, notBefore) * 1000);
  } else report.nextRunAt = new Date(now.getTime() + REFRESH_EVERY_SECONDS * 1000);

  await db.repositoryAccessState.update({
    where: { userId },
    data: {
      status: failure ? failure.status : "ok",
      lastError: failure?.message ?? null,
      consecutiveErrors,
      lastRunAt: startedAt,
      nextRunAt: report.nextRunAt,
      lastPass: {
        at: now.toISOString(),
        ms: now.getTime() - startedAt.getTime(),
        requests: report.requests,
        counted: report.counted,
        added: report.added,
        removed: report.removed,
        repositories: report.repositories,
        wrote,
      },
    },
  });
  // What GitHub counted comes out of the person's background budget, like the sync's requests.
  await chargeBudget(db, userId, report.counted, configOf(deps));
  return report;
}
