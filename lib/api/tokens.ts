import "server-only";
/**
 * Personal API tokens: `syt_<prefix>_<secret>`. The prefix (random, public) finds the row; only the
 * SHA-256 of the secret is stored and compared in constant time. A secret has 256 random bits, so a
 * fast hash is enough (nothing to brute-force). Every request reads the row again (no cache), so a
 * revoked or expired token fails on its next request.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { parseAdmins, syncRole } from "@/lib/auth/roles";
import type { SignedInUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { fail, ok, type ActionResult } from "@/lib/result";
import { API_SCOPES, type ApiScope } from "./scopes";

type Tx = Prisma.TransactionClient;

const TOKEN = /^syt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const DAY_MS = 86_400_000;

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** Compared even when no token has the prefix, so a miss takes as long as a wrong secret. */
const DECOY_HASH = hashSecret(randomBytes(32).toString("base64url"));

export type NewApiToken = { id: string; token: string; prefix: string; expiresAt: Date };

export async function createApiToken(
  tx: Tx,
  owner: { id: string },
  input: { name: string; scopes: readonly ApiScope[]; expiresInDays: number },
): Promise<NewApiToken> {
  const prefix = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + input.expiresInDays * DAY_MS);
  const row = await tx.apiToken.create({
    data: {
      userId: owner.id,
      name: input.name,
      prefix,
      secretHash: hashSecret(secret).toString("hex"),
      scopes: API_SCOPES.filter((scope) => input.scopes.includes(scope)),
      expiresAt,
    },
    select: { id: true },
  });
  return { id: row.id, token: `syt_${prefix}_${secret}`, prefix, expiresAt };
}

/** Revokes a token: its owner, or an admin. Revoking twice says so. */
export async function revokeApiToken(
  tx: Tx,
  actor: Pick<SignedInUser, "id" | "role">,
  tokenId: string,
): Promise<ActionResult<{ name: string; ownerId: string }>> {
  const token = await tx.apiToken.findUnique({
    where: { id: tokenId },
    select: { userId: true, name: true, revokedAt: true },
  });
  // Someone else's token is "not found" to a member: they may not learn that it exists.
  if (!token || (token.userId !== actor.id && actor.role !== "admin"))
    return fail("not_found", "No such token.");
  if (token.revokedAt) return fail("invalid_state", "That token is already revoked.");
  await tx.apiToken.update({
    where: { id: tokenId },
    data: { revokedAt: new Date(), revokedById: actor.id },
  });
  return ok({ name: token.name, ownerId: token.userId });
}

export type AuthenticatedToken = {
  user: SignedInUser;
  token: { id: string; name: string; scopes: ApiScope[] };
};

/**
 * The token in an `Authorization: Bearer …` header, checked against its row and its owner:
 * malformed, unknown, wrong secret, revoked or expired is `signed_out`; an owner who lost access to
 * Switchyard (membership re-check) is `forbidden`. The owner's role follows the configuration now,
 * as a session's does.
 */
export async function authenticateBearer(
  db: PrismaClient,
  authorization: string | null,
): Promise<ActionResult<AuthenticatedToken>> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!bearer)
    return fail("signed_out", "Send an API token: Authorization: Bearer syt_… (Settings → API tokens).");
  const match = TOKEN.exec(bearer);
  const row = match
    ? await db.apiToken.findUnique({
        where: { prefix: match[1] },
        select: {
          id: true,
          name: true,
          scopes: true,
          secretHash: true,
          expiresAt: true,
          revokedAt: true,
          user: {
            select: { id: true, login: true, githubId: true, role: true, name: true, accessRevokedAt: true },
          },
        },
      })
    : null;
  const presented = hashSecret(match?.[2] ?? "");
  const stored = row ? Buffer.from(row.secretHash, "hex") : DECOY_HASH;
  const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!row || !matches) return fail("signed_out", "That API token is not valid.");
  if (row.revokedAt) return fail("signed_out", "That API token was revoked.");
  if (row.expiresAt <= new Date()) return fail("signed_out", "That API token has expired.");
  const owner = row.user;
  if (owner.accessRevokedAt || !owner.login)
    return fail(
      "forbidden",
      "The token's owner no longer has access to Switchyard; they must sign in again before their tokens work.",
    );
  const role = await syncRole(
    db,
    { id: owner.id, githubId: owner.githubId, login: owner.login, role: owner.role },
    parseAdmins(getEnv().SWITCHYARD_ADMINS),
  );
  return ok({
    user: { id: owner.id, login: owner.login, role, name: owner.name },
    token: {
      id: row.id,
      name: row.name,
      scopes: row.scopes.filter((scope): scope is ApiScope =>
        (API_SCOPES as readonly string[]).includes(scope),
      ),
    },
  });
}

export type ApiTokenRow = {
  id: string;
  name: string;
  owner: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expired: boolean;
};

/** A person's tokens, or (for an admin asking for all) everyone's; never the hash. */
export async function listApiTokens(
  db: PrismaClient,
  viewer: Pick<SignedInUser, "id" | "role">,
  options: { everyone: boolean },
): Promise<ApiTokenRow[]> {
  const rows = await db.apiToken.findMany({
    where: options.everyone && viewer.role === "admin" ? {} : { userId: viewer.id },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 500,
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      user: { select: { login: true } },
    },
  });
  const now = new Date();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    owner: row.user.login ?? "unknown",
    prefix: `syt_${row.prefix}`,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    expired: row.expiresAt <= now,
  }));
}
