import { randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import type { TokenKind, TokenRecord, UserRecord } from "./model";
import type { RuntimeSettings, Store } from "./store";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomToken(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export function newCode(): string {
  return randomBytes(10).toString("hex");
}

const PREFIX: Record<TokenKind, string> = { oauth_app: "gho_", github_app: "ghu_", pat: "ghp_" };

/** Token issuance, rotation and lookup. */
export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: () => RuntimeSettings,
  ) {}

  issue(input: { login: string; clientId: string | null; scopes: string[]; kind?: TokenKind }): TokenRecord {
    const now = this.clock.now();
    this.store.prune(now);
    const settings = this.settings();
    const kind = input.kind ?? settings.tokenMode;
    const expiring = kind === "github_app";
    const record: TokenRecord = {
      token: randomToken(PREFIX[kind], 36),
      kind,
      login: input.login,
      clientId: input.clientId,
      // GitHub App user tokens carry no scopes; permissions come from the app.
      scopes: kind === "github_app" ? [] : input.scopes,
      createdAt: now,
      expiresAt: expiring ? now + settings.accessTokenTtlSeconds * 1000 : null,
      refreshToken: expiring ? randomToken("ghr_", 76) : null,
      refreshExpiresAt: expiring ? now + settings.refreshTokenTtlSeconds * 1000 : null,
      revoked: false,
    };
    this.store.addToken(record);
    return record;
  }

  /** Rotates a refresh token: both the old access token and the old refresh token stop working. */
  refresh(refreshToken: string, clientId: string): TokenRecord | null {
    const now = this.clock.now();
    const old = this.store.refreshTokens.get(refreshToken);
    if (!old || old.revoked || old.clientId !== clientId || (old.refreshExpiresAt ?? 0) <= now) return null;
    old.revoked = true;
    this.store.refreshTokens.delete(refreshToken);
    return this.issue({ login: old.login, clientId, scopes: old.scopes, kind: "github_app" });
  }

  /** The user behind a token, or null for unknown, revoked or expired tokens. */
  authenticate(token: string): { user: UserRecord; token: TokenRecord } | null {
    const record = this.store.tokens.get(token);
    if (!record || record.revoked) return null;
    if (record.expiresAt !== null && record.expiresAt <= this.clock.now()) return null;
    const user = this.store.user(record.login);
    return user ? { user, token: record } : null;
  }

  revokeAll(login: string): number {
    let count = 0;
    for (const token of this.store.data.tokens) {
      if (token.login === login && !token.revoked) {
        token.revoked = true;
        count++;
      }
    }
    this.store.touch();
    return count;
  }
}
