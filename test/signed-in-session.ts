/**
 * A stand-in for `@/lib/auth/session` in integration tests that call server actions and routes:
 * whoever `session.user` names is signed in. Use it as
 * `vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"))` and set `session.user`.
 */
import type { SignedInUser } from "@/lib/auth/session";

export const session: { user: SignedInUser | null } = { user: null };

export async function requireUser(): Promise<SignedInUser> {
  if (!session.user) throw new Error("NEXT_REDIRECT /sign-in");
  return session.user;
}

export async function requireAdmin(): Promise<SignedInUser> {
  if (session.user?.role !== "admin") throw new Error("NEXT_REDIRECT /");
  return session.user;
}

export async function currentUser(): Promise<SignedInUser | null> {
  return session.user;
}

export async function endedAccess(): Promise<null> {
  return null;
}
