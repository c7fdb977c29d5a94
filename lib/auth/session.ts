import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { endedAccessFor } from "./access";
import { readSession } from "./config";

/** Auth.js's session cookie: `__Secure-` prefixed when the app is served over https. */
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

async function sessionToken(): Promise<string | null> {
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    const token = jar.get(name)?.value;
    if (token) return token;
  }
  return null;
}

/** One session lookup per request, however many layouts and pages ask (React's request cache). */
const auth = cache(async () => {
  const token = await sessionToken();
  return token ? readSession(token) : null;
});

export type SignedInUser = {
  id: string;
  login: string;
  role: "admin" | "member";
  tokenProblem?: string | null;
  name?: string | null;
  image?: string | null;
};

/** The signed-in person, or a redirect to sign-in. Call it in every page and server action. */
export async function requireUser(): Promise<SignedInUser> {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in");
  return session.user;
}

export async function currentUser(): Promise<SignedInUser | null> {
  const session = await auth();
  return session?.user?.id ? session.user : null;
}

/** Admin-only pages and actions call this; hiding a button is never the check. */
export async function requireAdmin(): Promise<SignedInUser> {
  const user = await requireUser();
  if (user.role !== "admin") redirect("/?denied=admin");
  return user;
}

/**
 * For someone with no session whose browser still holds the cookie of one that a revocation ended:
 * why their access ended (lib/auth/access.ts). Null otherwise.
 */
export async function endedAccess(): Promise<{ reason: string | null; org: string | null } | null> {
  const token = await sessionToken();
  return token ? endedAccessFor(db, token) : null;
}
