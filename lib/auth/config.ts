import "server-only";
import NextAuth from "next-auth";
import GitHub from "next-auth/providers/github";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { encryptAccountTokens, switchyardAdapter } from "./adapter";
import { queueUserSync } from "@/lib/sync/schedule";
import { queueAccessRefresh } from "@/lib/visibility/schedule";

const env = getEnv();

function requireTokenKey(): string {
  if (!env.TOKEN_ENCRYPTION_KEY) {
    throw new Error("TOKEN_ENCRYPTION_KEY is required to store GitHub tokens (openssl rand -base64 32)");
  }
  return env.TOKEN_ENCRYPTION_KEY;
}

type GitHubProfile = {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url: string;
};

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: switchyardAdapter(db, requireTokenKey(), env.SWITCHYARD_ADMINS),
  session: { strategy: "database" },
  trustHost: true,
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    GitHub({
      clientId: env.AUTH_GITHUB_ID,
      clientSecret: env.AUTH_GITHUB_SECRET,
      issuer: `${env.GITHUB_WEB_URL}/login/oauth`,
      authorization: {
        url: `${env.GITHUB_WEB_URL}/login/oauth/authorize`,
        params: { scope: "read:user user:email repo" },
      },
      token: `${env.GITHUB_WEB_URL}/login/oauth/access_token`,
      userinfo: {
        url: `${env.GITHUB_API_URL}/user`,
        // Auth.js's default falls back to api.github.com for emails; use the configured host.
        async request({ tokens }: { tokens: { access_token?: string } }) {
          const headers = {
            Authorization: `Bearer ${tokens.access_token}`,
            "User-Agent": "switchyard",
            Accept: "application/vnd.github+json",
          };
          const profile = (await (
            await fetch(`${env.GITHUB_API_URL}/user`, { headers })
          ).json()) as GitHubProfile;
          if (!profile.email) {
            const response = await fetch(`${env.GITHUB_API_URL}/user/emails`, { headers });
            if (response.ok) {
              const emails = (await response.json()) as { email: string; primary: boolean }[];
              profile.email = (emails.find((entry) => entry.primary) ?? emails[0])?.email ?? null;
            }
          }
          return profile;
        },
      },
      profile(profile: GitHubProfile) {
        return {
          id: String(profile.id),
          name: profile.name ?? profile.login,
          email: profile.email,
          image: profile.avatar_url,
          githubId: profile.id,
          login: profile.login,
        };
      },
    }),
  ],
  callbacks: {
    async session({ session, user }) {
      // `user` comes from the adapter's getSessionAndUser, already with login, role and tokenProblem.
      const person = user as typeof user & {
        login?: string | null;
        role?: "admin" | "member";
        tokenProblem?: string | null;
      };
      session.user.id = user.id;
      session.user.login = person.login ?? "";
      session.user.role = person.role ?? "member";
      session.user.tokenProblem = person.tokenProblem ?? null;
      return session;
    },
  },
  events: {
    // Auth.js stores tokens only when an account is first linked; keep them current on every sign-in.
    async signIn({ user, account }) {
      if (!account || !user.id) return;
      // SWITCHYARD_ADMINS may have changed since this person was first seen.
      const login = (user as { login?: string | null }).login?.toLowerCase();
      if (login) {
        await db.user.update({
          where: { id: user.id },
          data: { role: env.SWITCHYARD_ADMINS.includes(login) ? "admin" : "member" },
        });
      }
      const encrypted = encryptAccountTokens(account, requireTokenKey());
      await db.account.updateMany({
        where: { provider: account.provider, providerAccountId: account.providerAccountId },
        data: {
          access_token: encrypted.access_token ?? null,
          refresh_token: encrypted.refresh_token ?? null,
          expires_at: account.expires_at ?? null,
          tokenIssuedAt: Math.floor(Date.now() / 1000),
          tokenProblem: null,
          tokenVersion: { increment: 1 },
        },
      });
      // Start (or restart, after a token problem) this person's task sync right away.
      await queueUserSync(db, user.id).catch((error: unknown) =>
        console.error(
          "could not queue a sync after sign-in:",
          error instanceof Error ? error.message : error,
        ),
      );
      // And learn which repositories they can see, which every list here is filtered by.
      await queueAccessRefresh(db, user.id).catch((error: unknown) =>
        console.error(
          "could not queue a repository access refresh after sign-in:",
          error instanceof Error ? error.message : error,
        ),
      );
    },
  },
});
