import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth as uncachedAuth } from "./config";

/** One session lookup per request, however many layouts and pages ask (React's request cache). */
const auth = cache(() => uncachedAuth());

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
