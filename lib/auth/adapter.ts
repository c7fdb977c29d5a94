/**
 * The Prisma adapter, with two changes: GitHub tokens are encrypted before they are stored, and a
 * person already known by GitHub id (seeded, or routed to before signing in) is reused, not duplicated.
 */
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import type { PrismaClient } from "@/generated/prisma/client";
import { parseAdmins, roleFor } from "./roles";
import { encryptSecret, secretContext, type Keyring } from "@/lib/secrets/token-cipher";

export type GitHubUserFields = { githubId: number; login: string };

/** The account's tokens encrypted, each bound to this account (provider and id) and its column. */
export function encryptAccountTokens<
  T extends Pick<AdapterAccount, "access_token" | "refresh_token" | "provider" | "providerAccountId">,
>(account: T, keyring: Keyring): T {
  const seal = (column: "access_token" | "refresh_token", plain: string) =>
    encryptSecret(
      plain,
      keyring,
      secretContext.accountToken(account.provider, account.providerAccountId, column),
    );
  return {
    ...account,
    access_token: account.access_token ? seal("access_token", account.access_token) : account.access_token,
    refresh_token: account.refresh_token
      ? seal("refresh_token", account.refresh_token)
      : account.refresh_token,
  };
}

export function switchyardAdapter(db: PrismaClient, tokenKey: Keyring, admins: string[]): Adapter {
  // The adapter's types target @prisma/client; our client is generated to a custom output.
  const base = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  const adminList = parseAdmins(admins);
  return {
    ...base,
    /**
     * Runs on every request: one raw query for the session, its person (never their secrets) and
     * whether GitHub still accepts their sign-in, instead of several ORM queries. A person whose
     * access was revoked has no session, whatever rows a race left behind.
     */
    async getSessionAndUser(sessionToken) {
      const [row] = await db.$queryRaw<
        {
          expires: Date;
          userId: string;
          name: string | null;
          email: string | null;
          emailVerified: Date | null;
          image: string | null;
          login: string | null;
          role: "admin" | "member";
          githubId: number | null;
          tokenProblem: string | null;
        }[]
      >`
        SELECT s.expires, s."userId", u.name, u.email, u."emailVerified", u.image, u.login, u.role::text AS role,
          u."githubId",
          (SELECT a."tokenProblem" FROM "Account" a WHERE a."userId" = u.id AND a.provider = 'github' LIMIT 1)
            AS "tokenProblem"
        FROM "Session" s JOIN "User" u ON u.id = s."userId"
        WHERE s."sessionToken" = ${sessionToken} AND u."accessRevokedAt" IS NULL`;
      if (!row) return null;
      const { expires, userId, ...person } = row;
      return {
        session: { sessionToken, userId, expires },
        user: { id: userId, ...person, email: person.email ?? "" } as AdapterUser,
      };
    },
    async createUser(user) {
      const { id: _id, githubId, login, ...rest } = user as AdapterUser & GitHubUserFields;
      const role = roleFor({ githubId, login }, adminList);
      const saved = await db.user.upsert({
        where: { githubId },
        update: { ...rest, login, role },
        create: { ...rest, githubId, login, role },
      });
      return saved as AdapterUser;
    },
    async linkAccount(account) {
      const encrypted = encryptAccountTokens(account, tokenKey);
      await db.account.create({
        data: {
          userId: encrypted.userId,
          type: encrypted.type,
          provider: encrypted.provider,
          providerAccountId: encrypted.providerAccountId,
          access_token: encrypted.access_token ?? null,
          refresh_token: encrypted.refresh_token ?? null,
          expires_at: encrypted.expires_at ?? null,
          tokenIssuedAt: Math.floor(Date.now() / 1000),
          refresh_token_expires_in: numberOrNull(encrypted.refresh_token_expires_in),
          token_type: encrypted.token_type ?? null,
          scope: encrypted.scope ?? null,
        },
      });
    },
  };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" ? value : typeof value === "string" && value ? Number(value) : null;
}
