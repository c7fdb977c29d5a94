import "server-only";
import type { SignedInUser } from "@/lib/auth/session";
import { asGitHubUser } from "@/lib/auth/user-github";
import { db } from "@/lib/db";
import { startTaskAs } from "@/lib/tasks/start";
import type { SetupDeps } from "./setup";

/** The setup flow acting as this person: their token, their audit trail, startTaskAs. */
export function setupDepsFor(user: SignedInUser): SetupDeps {
  return {
    db,
    actor: { id: user.id, login: user.login },
    withClient: (work) => asGitHubUser(user.id, work),
    startTask: (input, options) => startTaskAs(user, input, options),
  };
}
