import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { accessStatus, seesEverything, type Viewer } from "@/lib/visibility/scope";
import { sharedComputation } from "./shared-computation";

export type VisibilityNote =
  | { kind: "admin"; hiddenRepositories: number }
  | { kind: "loading" }
  | { kind: "problem"; message: string }
  | null;

/**
 * What the portal tells a person about what they see. Admins: that their lists include
 * repositories GitHub would hide from them (and how many hold tasks). Members: nothing while their
 * list of visible repositories is current; that it is still loading right after their first
 * sign-in (lists stay empty until then); or that it could not be refreshed (the last one is used).
 */
/** A person's access status, read once per request however many layouts and pages ask. */
export const currentAccessStatus = cache((userId: string) => accessStatus(db, userId));

/**
 * The key of the repositories a viewer can see, for sharing computed figures between people who
 * see the same ones; null for admins (everything).
 */
export async function visibleRepositoryKey(viewer: Viewer): Promise<string | null> {
  if (seesEverything(viewer)) return null;
  return (await currentAccessStatus(viewer.id)).visibleKey;
}

/**
 * An admin's count of repositories they could not see on GitHub, per admin: the note is on every
 * page they open, and the count moves only when a repository gains its first task or their access
 * list is refreshed, so it is read at most every 30 s instead of on every page view.
 */
const sharedHiddenCount = sharedComputation<number>({ freshMs: 30_000, staleMs: 300_000 });

export async function getVisibilityNote(viewer: Viewer): Promise<VisibilityNote> {
  if (seesEverything(viewer)) {
    const hiddenRepositories = await sharedHiddenCount(viewer.id, async () => {
      const [row] = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(DISTINCT c."repositoryId") AS n FROM "TaskRepositoryCounter" c
        WHERE c.count > 0 AND NOT EXISTS (
          SELECT 1 FROM "RepositoryAccess" a WHERE a."userId" = ${viewer.id} AND a."repositoryId" = c."repositoryId")`;
      return Number(row?.n ?? 0);
    });
    return { kind: "admin", hiddenRepositories };
  }
  const status = await currentAccessStatus(viewer.id);
  if (status.pending) return { kind: "loading" };
  if (status.problem) return { kind: "problem", message: status.problem };
  return null;
}
