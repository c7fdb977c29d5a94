import "server-only";
import type { SignedInUser } from "@/lib/auth/session";
import { asGitHubUser } from "@/lib/auth/user-github";
import { db } from "@/lib/db";
import type { ActingUser } from "./start";

/** The signed-in person as Switchyard acts for them: the app's database and their own GitHub token. */
export function actingAs(user: SignedInUser): ActingUser {
  return {
    db,
    user: { id: user.id, login: user.login, role: user.role },
    withClient: (work) => asGitHubUser(user.id, work),
  };
}
