/**
 * The Auth.js configuration, built from its dependencies so tests can run the real sign-in flow
 * (Auth.js + the GitHub emulator + Postgres) without Next.js. `config.ts` feeds it the app's own.
 *
 * Who gets in: the `signIn` callback asks GitHub, with the new token, whether the person belongs to
 * an allowed organisation (lib/auth/access.ts) before Auth.js writes anything; a refusal is audited
 * and sends them to the sign-in page with the reason, and no User, Account or Session row is made.
 * Roles follow SWITCHYARD_ADMINS on every request (lib/auth/roles.ts).
 */
import type { NextAuthConfig, Session } from "next-auth";
import type { AdapterUser } from "next-auth/adapters";
import GitHub from "next-auth/providers/github";
import type { PrismaClient } from "@/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import type { Env } from "@/lib/env";
import { createGitHubClient, GitHubError } from "@/lib/github";
import { queueUserSync } from "@/lib/jobs/sync";
import { queueAccessRefresh } from "@/lib/visibility/schedule";
import { accessPolicyFrom, checkAccess, recordAdmission, type Admitted, type AccessVerdict } from "./access";
import { encryptAccountTokens, switchyardAdapter } from "./adapter";
import { parseAdmins, syncRole, type Role } from "./roles";
import type { Keyring } from "@/lib/secrets/token-cipher";

type GitHubProfile = {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url: string;
};

/** Sessions last a week and are renewed at most daily: not 30 days renewed forever. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 3600;

/**
 * What an OAuth App is asked for: `repo` (agent tasks and contents on private repositories),
 * `read:org` (membership checks, team mirroring), `user:email` (a private primary email).
 * A GitHub App ignores scopes: its permissions are set on the app (see the README).
 */
export const OAUTH_SCOPES = "repo read:org user:email";

type SessionRow = AdapterUser & {
  login?: string | null;
  githubId?: number | null;
  role?: Role;
  tokenProblem?: string | null;
};

/**
 * A session as the app sees it, and as /api/auth/session shows it: only these fields (Auth.js's
 * default would also hand the browser the session token and the user row's other columns).
 */
async function sessionOf(
  db: PrismaClient,
  admins: ReturnType<typeof parseAdmins>,
  user: SessionRow,
  expires: Date,
): Promise<Session> {
  const person = {
    id: user.id,
    githubId: user.githubId ?? null,
    login: user.login ?? null,
    role: user.role ?? "member",
  };
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      image: user.image,
      login: user.login ?? "",
      // The role in force is the one the configuration gives now, not the one stored at sign-in.
      role: await syncRole(db, person, admins),
      tokenProblem: user.tokenProblem ?? null,
    },
    expires: expires.toISOString(),
  };
}

export type AuthDeps = {
  db: PrismaClient;
  env: Pick<
    Env,
    | "NODE_ENV"
    | "AUTH_URL"
    | "AUTH_GITHUB_ID"
    | "AUTH_GITHUB_SECRET"
    | "GITHUB_WEB_URL"
    | "GITHUB_API_URL"
    | "SWITCHYARD_ADMINS"
    | "SWITCHYARD_ALLOWED_ORGS"
    | "SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS"
  >;
  tokenKey: Keyring;
};

export function switchyardAuthConfig({ db, env, tokenKey }: AuthDeps): NextAuthConfig {
  const admins = parseAdmins(env.SWITCHYARD_ADMINS);
  const policy = accessPolicyFrom(env);
  /**
   * The verdict the `signIn` callback reached, for `events.signIn` to record: Auth.js hands both the
   * same account object within one callback request.
   */
  const admissions = new WeakMap<object, Admitted>();

  async function checkNewToken(accessToken: string): Promise<AccessVerdict> {
    const client = createGitHubClient({
      token: accessToken,
      baseUrl: env.GITHUB_API_URL,
      timeoutMs: 10_000,
      retries: 1,
    });
    try {
      return await checkAccess(client, policy);
    } catch (error) {
      // GitHub could not be asked: nobody gets in unchecked.
      const reason =
        error instanceof GitHubError && error.kind === "signed_out" ? "token_rejected" : "check_failed";
      return { allowed: false, reason, org: null };
    }
  }

  return {
    adapter: switchyardAdapter(db, tokenKey, env.SWITCHYARD_ADMINS),
    session: {
      strategy: "database",
      maxAge: SESSION_MAX_AGE_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
    },
    // With AUTH_URL (required in production) Auth.js builds every URL from it and never from the
    // request's Host / X-Forwarded-Host; without it (development) the local host is trusted.
    trustHost: Boolean(env.AUTH_URL) || env.NODE_ENV !== "production",
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        issuer: `${env.GITHUB_WEB_URL}/login/oauth`,
        authorization: {
          url: `${env.GITHUB_WEB_URL}/login/oauth/authorize`,
          params: { scope: OAUTH_SCOPES },
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
      /** The gate: runs after GitHub returned a token and before Auth.js stores anything. */
      async signIn({ account, profile }) {
        const github = profile as unknown as GitHubProfile | undefined;
        if (account?.provider !== "github" || !account.access_token || !github?.id) return false;
        const verdict = await checkNewToken(account.access_token);
        if (verdict.allowed) {
          admissions.set(account, verdict);
          return true;
        }
        const known = await db.user.findUnique({ where: { githubId: github.id }, select: { id: true } });
        await writeAudit(db, {
          action: "auth.sign_in_refused",
          actorId: known?.id ?? null,
          actorLogin: github.login,
          outcome: "forbidden",
          details: {
            login: github.login,
            githubId: github.id,
            reason: verdict.reason,
            org: verdict.org,
            allowedOrgs: [...policy.allowedOrgs],
          },
        });
        console.info(`auth: refused sign-in of ${github.login}: ${verdict.reason}`);
        const query = new URLSearchParams({
          reason: verdict.reason,
          ...(verdict.org ? { org: verdict.org } : {}),
        });
        return `/sign-in?${query}`;
      },
      async session({ session, user }) {
        // `user` comes from the adapter's getSessionAndUser, already with login, role and tokenProblem.
        return sessionOf(db, admins, user, new Date(session.expires));
      },
    },
    events: {
      async signIn({ user, account, profile, isNewUser }) {
        if (!account || !user.id) return;
        const userId = user.id;
        const github = profile as unknown as GitHubProfile | undefined;
        // The gate admitted them moments ago. Should Auth.js ever hand over another object, ask
        // again rather than leave an earlier revocation in place (it would lock them out).
        const remembered = admissions.get(account);
        const checked =
          remembered ?? (account.access_token ? await checkNewToken(account.access_token) : null);
        const verdict = checked?.allowed ? checked : undefined;
        if (!verdict)
          console.error(`auth: sign-in of ${github?.login ?? userId} was not confirmed; not recorded`);
        await db.$transaction(async (tx) => {
          if (github?.login) {
            // Logins can be renamed and reused: the GitHub id is the person, the login is refreshed.
            await tx.user.updateMany({
              where: { login: { equals: github.login, mode: "insensitive" }, NOT: { id: userId } },
              data: { login: null },
            });
            await tx.user.update({ where: { id: userId }, data: { login: github.login } });
          }
          if (verdict) await recordAdmission(tx, userId, verdict, { signedIn: true });
          await writeAudit(tx, {
            action: "auth.sign_in",
            actorId: userId,
            actorLogin: github?.login ?? null,
            githubIdentity: github?.login ?? null,
            details: {
              githubId: github?.id ?? null,
              via: verdict?.via ?? null,
              org: verdict?.org ?? null,
              firstSignIn: Boolean(isNewUser),
            },
          });
        });
        const stored = await db.user.findUniqueOrThrow({
          where: { id: userId },
          select: { githubId: true, login: true, role: true },
        });
        await syncRole(db, { id: userId, ...stored }, admins);
        // Auth.js stores tokens only when an account is first linked; keep them current on every sign-in.
        const encrypted = encryptAccountTokens(account, tokenKey);
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
        await queueUserSync(db, userId).catch((error: unknown) =>
          console.error(
            "could not queue a sync after sign-in:",
            error instanceof Error ? error.message : error,
          ),
        );
        // And learn which repositories they can see, which every list here is filtered by.
        await queueAccessRefresh(db, userId).catch((error: unknown) =>
          console.error(
            "could not queue a repository access refresh after sign-in:",
            error instanceof Error ? error.message : error,
          ),
        );
      },
      async signOut(message) {
        const session = "session" in message ? message.session : null;
        if (!session?.userId) return;
        const person = await db.user.findUnique({ where: { id: session.userId }, select: { login: true } });
        await writeAudit(db, {
          action: "auth.sign_out",
          actorId: session.userId,
          actorLogin: person?.login ?? null,
        });
      },
    },
  };
}

/**
 * Reads a database session as Auth.js's session action does (an expired one is deleted, one is
 * renewed at most once per SESSION_UPDATE_AGE, the same `sessionOf` as the callback),
 * without Auth.js's HTTP round trip: `auth()` builds a Request, a CSRF token (a SHA-256 digest) and
 * a Response on every call, a tenth of every page's server time. Pages, actions and routes read
 * sessions through this (lib/auth/session.ts); signing in and out and /api/auth/* stay Auth.js's.
 */
export function sessionReader({ db, env, tokenKey }: AuthDeps) {
  const admins = parseAdmins(env.SWITCHYARD_ADMINS);
  const adapter = switchyardAdapter(db, tokenKey, env.SWITCHYARD_ADMINS);
  return async function readSession(sessionToken: string): Promise<Session | null> {
    const found = await adapter.getSessionAndUser!(sessionToken);
    if (!found) return null;
    const now = Date.now();
    const expires = found.session.expires.valueOf();
    if (expires < now) {
      await db.session.deleteMany({ where: { sessionToken } });
      return null;
    }
    let renewed = found.session.expires;
    if (expires - SESSION_MAX_AGE_SECONDS * 1000 + SESSION_UPDATE_AGE_SECONDS * 1000 <= now) {
      renewed = new Date(now + SESSION_MAX_AGE_SECONDS * 1000);
      await db.session.updateMany({ where: { sessionToken }, data: { expires: renewed } });
    }
    return sessionOf(db, admins, found.user as SessionRow, renewed);
  };
}
