/**
 * Who may act on a triage item, and which items a view shows. Shared by the inbox's reads
 * (lib/dal/triage.ts) and its operations (./operations.ts). No "server-only": takes its db.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { visibleTaskWhere, type Viewer } from "@/lib/visibility/scope";

/** `reviews`: every open review item the viewer may see (pull requests awaiting review). */
export const TRIAGE_VIEWS = ["mine", "teams", "unowned", "all", "reviews"] as const;
export type TriageView = (typeof TRIAGE_VIEWS)[number];

type Db = Pick<PrismaClient, "teamMember"> | Pick<Prisma.TransactionClient, "teamMember">;

export async function teamIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.teamMember.findMany({ where: { userId }, select: { teamId: true } });
  return rows.map((row) => row.teamId);
}

/**
 * Which open items a view shows: only items of tasks in repositories the viewer can see on GitHub
 * (admins: all). Snoozed items stay out until their snooze ends.
 */
export async function triageWhere(
  db: Db,
  view: TriageView,
  viewer: Viewer,
): Promise<Prisma.TriageItemWhereInput> {
  const base: Prisma.TriageItemWhereInput = { status: "open", task: visibleTaskWhere(viewer) };
  if (view === "mine") return { ...base, ownerUserId: viewer.id };
  if (view === "teams") return { ...base, ownerTeamId: { in: await teamIdsOf(db, viewer.id) } };
  if (view === "unowned") return { ...base, ownerUserId: null, ownerTeamId: null };
  if (view === "reviews") return { ...base, kind: "review" };
  return base;
}

/** May this person act on this item? Its owner, its team's members, admins, and anyone when unowned. */
export function canActOn(
  item: { ownerUserId: string | null; ownerTeamId: string | null },
  viewer: { id: string; role: "admin" | "member" },
  viewerTeams: string[],
): boolean {
  if (viewer.role === "admin") return true;
  if (!item.ownerUserId && !item.ownerTeamId) return true;
  return item.ownerUserId === viewer.id || (!!item.ownerTeamId && viewerTeams.includes(item.ownerTeamId));
}
