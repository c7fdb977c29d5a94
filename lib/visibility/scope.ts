/**
 * What each person may see: the tasks of repositories GitHub shows them (RepositoryAccess, kept by
 * lib/visibility/refresh.ts). Every read of tasks filters with these helpers, in SQL. Admins see
 * everything, and pages say so. Worker-safe (no server-only): notifications filter recipients too.
 *
 * Aggregates follow the same rule: a member's counts, charts, cost and breakdowns add up only the
 * tasks they can see, so no figure on a page disagrees with the list behind it and nothing (not
 * even a number) says what happens in a repository GitHub hides from them.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";

export type Viewer = { id: string; role: "admin" | "member" };

type Db = Pick<PrismaClient, "$queryRaw">;

/** Admins see every repository's tasks (pages mark that view); everyone else what GitHub shows them. */
export function seesEverything(viewer: Pick<Viewer, "role">): boolean {
  return viewer.role === "admin";
}

/**
 * SQL condition: the repository in `column` is one the viewer can see (TRUE for admins). A semi-join
 * on the access table's primary key, so it filters inside the same query as everything else.
 */
export function visibleRepositorySql(viewer: Viewer, column: Prisma.Sql): Prisma.Sql {
  if (seesEverything(viewer)) return Prisma.sql`TRUE`;
  return Prisma.sql`${column} IN (SELECT a."repositoryId" FROM "RepositoryAccess" a WHERE a."userId" = ${viewer.id})`;
}

/** The same rule for Prisma queries on Task. */
export function visibleTaskWhere(viewer: Viewer): Prisma.TaskWhereInput {
  if (seesEverything(viewer)) return {};
  return { repository: { access: { some: { userId: viewer.id } } } };
}

/** The same rule for Prisma queries on Repository. */
export function visibleRepositoryWhere(viewer: Viewer): Prisma.RepositoryWhereInput {
  if (seesEverything(viewer)) return {};
  return { access: { some: { userId: viewer.id } } };
}

/** The repositories a member can see, as ids; null for admins (everything). */
export async function visibleRepositoryIds(db: Db, viewer: Viewer): Promise<bigint[] | null> {
  if (seesEverything(viewer)) return null;
  const [row] = await db.$queryRaw<{ ids: bigint[] | null }[]>`
    SELECT array_agg("repositoryId" ORDER BY "repositoryId") AS ids FROM "RepositoryAccess"
    WHERE "userId" = ${viewer.id}`;
  return row?.ids ?? [];
}

/** Does GitHub show this person this repository (by their RepositoryAccess, whatever their role)? */
export async function listedOnGitHub(db: Db, userId: string, repositoryId: bigint): Promise<boolean> {
  const rows = await db.$queryRaw<{ one: number }[]>`
    SELECT 1 AS one FROM "RepositoryAccess" WHERE "userId" = ${userId} AND "repositoryId" = ${repositoryId}`;
  return rows.length > 0;
}

export type AccessStatus = {
  /** Never filled yet (just signed in): lists stay empty until the first refresh finishes. */
  pending: boolean;
  /** The last refresh failed (the list shown is the last good one, or empty). */
  problem: string | null;
  refreshedAt: Date | null;
  repositories: number;
  /**
   * A short key naming exactly the set of repositories the person can see, so people who see the
   * same repositories share a computed summary ("none" for an empty set).
   */
  visibleKey: string;
};

/**
 * How current a person's list of visible repositories is (for the note pages show), and the key of
 * that list. One query: every portal page asks, and raw SQL skips the ORM's per-call work.
 */
export async function accessStatus(db: Db, userId: string): Promise<AccessStatus> {
  const [row] = await db.$queryRaw<
    {
      status: string | null;
      refreshedAt: Date | null;
      repositoryCount: number | null;
      lastError: string | null;
      visibleKey: string | null;
    }[]
  >`
    SELECT s.status, s."refreshedAt", s."repositoryCount", s."lastError",
      (SELECT md5(string_agg(a."repositoryId"::text, ',' ORDER BY a."repositoryId"))
        FROM "RepositoryAccess" a WHERE a."userId" = ${userId}) AS "visibleKey"
    FROM (SELECT 1) AS one LEFT JOIN "RepositoryAccessState" s ON s."userId" = ${userId}`;
  const state = row?.status ? row : null;
  return {
    pending: !state?.refreshedAt,
    problem:
      state && state.status !== "ok" && state.status !== "pending" ? (state.lastError ?? state.status) : null,
    refreshedAt: state?.refreshedAt ?? null,
    repositories: state?.repositoryCount ?? 0,
    visibleKey: row?.visibleKey ?? "none",
  };
}
