import "server-only";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createGitHubClient, GitHubError, type GitHubClient } from "@/lib/github";
import type { ActingUser } from "./acting";
import { keyringFromEnv } from "@/lib/secrets/token-cipher";
import { createTokenProvider, TokenUnavailableError } from "@/lib/secrets/token-provider";

const env = getEnv();

export const tokenProvider = createTokenProvider({
  db,
  keyring: keyringFromEnv(env),
  webUrl: env.GITHUB_WEB_URL,
  clientId: env.AUTH_GITHUB_ID ?? "",
  clientSecret: env.AUTH_GITHUB_SECRET ?? "",
});

/**
 * Runs `work` with a GitHub client acting as this person. A 401 gets one forced refresh and one
 * more attempt: GitHub rejected the credentials before doing anything, so repeating is safe even
 * for a task-creating POST.
 */
export async function asGitHubUser<T>(
  userId: string,
  work: (client: GitHubClient) => Promise<T>,
): Promise<T> {
  const run = async (forceRefresh: boolean) =>
    work(
      createGitHubClient({
        token: await tokenProvider.tokenFor(userId, { forceRefresh }),
        baseUrl: env.GITHUB_API_URL,
        actingFor: userId,
      }),
    );
  try {
    return await run(false);
  } catch (error) {
    if (error instanceof GitHubError && error.kind === "signed_out") return run(true);
    throw error;
  }
}

export { TokenUnavailableError };

/** The signed-in person as Switchyard acts for them: the app's database and their own GitHub token. */
export function actingAs(user: { id: string; login: string; role: "admin" | "member" }): ActingUser {
  return {
    db,
    user: { id: user.id, login: user.login, role: user.role },
    withClient: (work) => asGitHubUser(user.id, work),
  };
}
