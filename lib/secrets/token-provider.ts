/**
 * Hands out a person's usable GitHub token, refreshing expiring user-to-server tokens first.
 * GitHub rotates both tokens on refresh and invalidates the old pair, so concurrent callers must
 * not both refresh: the Account row is locked (SELECT … FOR UPDATE) for the refresh, and a caller
 * that waited sees the already-rotated pair and uses it.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { decryptSecret, encryptSecret, secretContext, type Keyring } from "./token-cipher";

export type TokenProblem = "no_account" | "token_revoked" | "token_expired";

export class TokenUnavailableError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(
      problem === "no_account"
        ? "You have not signed in with GitHub yet."
        : problem === "token_revoked"
          ? "GitHub no longer accepts your sign-in. Sign in again."
          : "Your GitHub sign-in expired and could not be renewed. Sign in again.",
    );
    this.name = "TokenUnavailableError";
  }
}

type Options = {
  db: PrismaClient;
  /** TOKEN_ENCRYPTION_KEY (and previous keys); null when none is configured. */
  keyring: Keyring | null;
  webUrl: string;
  clientId: string;
  clientSecret: string;
  /** Refresh this long before expiry, so a token never expires mid-request. */
  refreshMarginSeconds?: number;
  fetch?: typeof fetch;
};

export type LockedAccount = {
  id: string;
  provider: string;
  providerAccountId: string;
  access_token: string | null;
  refresh_token: string | null;
  expires_at: number | null;
  tokenVersion: number;
  tokenProblem: string | null;
};

/**
 * Reads an account's tokens under the row lock every token change takes (a refresh here, a key
 * rotation in rotate-key.ts), so that no two of them rewrite the pair at once. undefined: no such row.
 */
export async function lockAccountTokens(
  tx: Prisma.TransactionClient,
  accountId: string,
): Promise<LockedAccount | undefined> {
  const [row] = await tx.$queryRaw<LockedAccount[]>`
    SELECT id, provider, "providerAccountId", access_token, refresh_token, expires_at, "tokenVersion",
      "tokenProblem"
    FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
  return row;
}

export function createTokenProvider(options: Options) {
  const margin = options.refreshMarginSeconds ?? 120;
  const doFetch = options.fetch ?? fetch;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const keyring = () => {
    if (!options.keyring)
      throw new Error("TOKEN_ENCRYPTION_KEY is not set: stored GitHub tokens cannot be read.");
    return options.keyring;
  };
  // Each token is bound to its account and column: a token copied to another row does not decrypt.
  type AccountRef = { provider: string; providerAccountId: string };
  const open = (account: AccountRef, column: "access_token" | "refresh_token", stored: string) =>
    decryptSecret(
      stored,
      keyring(),
      secretContext.accountToken(account.provider, account.providerAccountId, column),
    );
  const seal = (account: AccountRef, column: "access_token" | "refresh_token", plain: string) =>
    encryptSecret(
      plain,
      keyring(),
      secretContext.accountToken(account.provider, account.providerAccountId, column),
    );

  async function refresh(refreshToken: string) {
    const response = await doFetch(`${options.webUrl}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!response.ok && response.status >= 500)
      throw new Error(`GitHub token endpoint answered ${response.status}`);
    if (body.error || !body.access_token) return null; // bad_refresh_token and friends: sign in again
    return body as { access_token: string; refresh_token?: string; expires_in?: number };
  }

  /** A usable access token for the person; `forceRefresh` after GitHub answered 401. */
  async function tokenFor(userId: string, { forceRefresh = false } = {}): Promise<string> {
    const account = await options.db.account.findFirst({ where: { userId, provider: "github" } });
    if (!account?.access_token) throw new TokenUnavailableError("no_account");
    if (account.tokenProblem) throw new TokenUnavailableError(account.tokenProblem as TokenProblem);
    const lifetime =
      account.expires_at !== null && account.tokenIssuedAt !== null
        ? account.expires_at - account.tokenIssuedAt
        : null;
    const usableMargin = lifetime !== null ? Math.min(margin, Math.floor(lifetime / 2)) : margin;
    const fresh = account.expires_at === null || account.expires_at - usableMargin > nowSeconds();
    if (fresh && !forceRefresh) return open(account, "access_token", account.access_token);
    return refreshUnderLock(account.id, account.tokenVersion);
  }

  async function refreshUnderLock(accountId: string, seenVersion: number): Promise<string> {
    // Problems are returned, not thrown, so that recording them commits with the transaction.
    const outcome = await options.db.$transaction(
      async (tx) => {
        const row = await lockAccountTokens(tx, accountId);
        if (!row?.access_token) return { problem: "no_account" as const };
        if (row.tokenProblem) return { problem: row.tokenProblem as TokenProblem };
        // Someone refreshed while we waited for the lock: use their pair.
        if (row.tokenVersion !== seenVersion) return { token: open(row, "access_token", row.access_token) };
        if (!row.refresh_token) {
          await tx.account.update({ where: { id: accountId }, data: { tokenProblem: "token_revoked" } });
          return { problem: "token_revoked" as const };
        }
        const rotated = await refresh(open(row, "refresh_token", row.refresh_token));
        if (!rotated) {
          await tx.account.update({ where: { id: accountId }, data: { tokenProblem: "token_expired" } });
          return { problem: "token_expired" as const };
        }
        await tx.account.update({
          where: { id: accountId },
          data: {
            access_token: seal(row, "access_token", rotated.access_token),
            refresh_token: rotated.refresh_token ? seal(row, "refresh_token", rotated.refresh_token) : null,
            expires_at: rotated.expires_in ? nowSeconds() + rotated.expires_in : null,
            tokenIssuedAt: nowSeconds(),
            tokenVersion: { increment: 1 },
          },
        });
        return { token: rotated.access_token };
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
    if (outcome.token !== undefined) return outcome.token;
    throw new TokenUnavailableError(outcome.problem ?? "token_expired");
  }

  return { tokenFor };
}
