import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

type Tx = Prisma.TransactionClient;

/** How many saved views there may be: the list is shown to everyone on every queue page. */
export const MAX_SAVED_VIEWS = 200;

export type SavedViewDto = {
  id: string;
  name: string;
  query: string;
  createdBy: string | null;
  canDelete: boolean;
};

export async function listSavedViews(viewer: Pick<SignedInUser, "id" | "role">): Promise<SavedViewDto[]> {
  const views = await db.savedView.findMany({
    orderBy: { name: "asc" },
    take: MAX_SAVED_VIEWS,
    select: { id: true, name: true, query: true, createdById: true, createdBy: { select: { login: true } } },
  });
  return views.map((view) => ({
    id: view.id,
    name: view.name,
    query: view.query,
    createdBy: view.createdBy.login,
    canDelete: view.createdById === viewer.id || viewer.role === "admin",
  }));
}

/** Saves a named view; a name already taken is a conflict, not an overwrite. */
export async function createSavedView(tx: Tx, input: { name: string; query: string; userId: string }) {
  if (await tx.savedView.findUnique({ where: { name: input.name }, select: { id: true } }))
    return { ok: false as const, reason: "conflict" as const };
  if ((await tx.savedView.count()) >= MAX_SAVED_VIEWS) return { ok: false as const, reason: "full" as const };
  const view = await tx.savedView.create({
    data: { name: input.name, query: input.query, createdById: input.userId },
    select: { id: true },
  });
  return { ok: true as const, id: view.id };
}

/** Deletes a view its creator (or an admin) owns; returns what was deleted, for the audit record. */
export async function deleteSavedView(
  tx: Tx,
  input: { id: string; viewer: Pick<SignedInUser, "id" | "role"> },
) {
  const view = await tx.savedView.findUnique({ where: { id: input.id } });
  if (!view) return { ok: false as const, reason: "not_found" as const };
  if (view.createdById !== input.viewer.id && input.viewer.role !== "admin")
    return { ok: false as const, reason: "forbidden" as const };
  await tx.savedView.delete({ where: { id: view.id } });
  return { ok: true as const, view };
}
