import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";

export type PersonOption = { id: string; login: string; name: string | null };

/** People who have signed in (have a GitHub account linked): the only ones pickers offer. */
export async function listSignedInPeople(): Promise<PersonOption[]> {
  const users = await db.user.findMany({
    where: { accounts: { some: {} }, login: { not: null } },
    orderBy: { login: "asc" },
    select: { id: true, login: true, name: true },
  });
  return users.map((user) => ({ id: user.id, login: user.login!, name: user.name }));
}

/** Whether this user has signed in (only they can own work or join teams). */
export async function isSignedInUser(
  userId: string,
  client: Pick<Prisma.TransactionClient, "user"> = db,
): Promise<boolean> {
  const user = await client.user.findFirst({
    where: { id: userId, accounts: { some: {} } },
    select: { id: true },
  });
  return user !== null;
}
