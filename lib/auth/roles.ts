/**
 * Who is an admin: computed from the current SWITCHYARD_ADMINS on every request, never trusted from
 * what was stored at sign-in, so removing someone from the list takes effect on their next request.
 * Entries are GitHub logins or numeric GitHub user ids; ids survive a rename, logins do not (and a
 * freed login can be taken by someone else), so ids are the safer way to name admins.
 * Worker-safe: takes its client by injection.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { writeAudit } from "@/lib/audit";

export type Role = "admin" | "member";

export type AdminList = { ids: ReadonlySet<number>; logins: ReadonlySet<string> };

/**
 * Splits the configured entries: a purely numeric entry is a GitHub user id, anything else a login
 * (GitHub logins are compared case-insensitively). A numeric login can only be listed by its id.
 */
export function parseAdmins(entries: readonly string[]): AdminList {
  const ids = new Set<number>();
  const logins = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (/^\d+$/.test(entry)) ids.add(Number(entry));
    else logins.add(entry.replace(/^@/, ""));
  }
  return { ids, logins };
}

export function roleFor(
  person: { githubId: number | null | undefined; login: string | null | undefined },
  admins: AdminList,
): Role {
  if (person.githubId != null && admins.ids.has(person.githubId)) return "admin";
  if (person.login && admins.logins.has(person.login.toLowerCase())) return "admin";
  return "member";
}

type Db = Pick<PrismaClient, "$transaction">;

/**
 * Stores the role the configuration gives this person when it differs from the stored one, with an
 * `auth.role_change` audit record in the same transaction. The update is conditional on the old
 * role, so concurrent requests record the change once. Returns the role in force.
 */
export async function syncRole(
  db: Db,
  person: { id: string; githubId: number | null; login: string | null; role: Role },
  admins: AdminList,
): Promise<Role> {
  const role = roleFor(person, admins);
  if (role === person.role) return role;
  await db.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({
      where: { id: person.id, role: person.role },
      data: { role },
    });
    if (changed.count === 0) return;
    await writeAudit(tx, {
      action: "auth.role_change",
      actorLogin: "switchyard",
      targetType: "user",
      targetId: person.id,
      details: {
        login: person.login,
        githubId: person.githubId,
        from: person.role,
        to: role,
        source: "SWITCHYARD_ADMINS",
      },
    });
  });
  return role;
}
