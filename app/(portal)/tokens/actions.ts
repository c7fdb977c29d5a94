"use server";

import { userAction } from "@/lib/actions/kit";
import { createTokenSchema, revokeTokenSchema, type ApiScope } from "@/lib/api/scopes";
import { createApiToken, revokeApiToken } from "@/lib/api/tokens";
import { ok } from "@/lib/result";

/** Creates a personal API token; the token itself is in this answer only (never stored, never logged). */
export const createApiTokenAction = userAction(
  { name: "api_token.create", input: createTokenSchema, revalidate: ["/tokens"] },
  async ({ name, scope, expiresInDays }, ctx) => {
    const scopes = scope as ApiScope[];
    const created = await createApiToken(ctx.db, ctx.user, { name, scopes, expiresInDays });
    ctx.audit({
      targetType: "api_token",
      targetId: created.id,
      details: { name, prefix: created.prefix, scopes, expiresAt: created.expiresAt.toISOString() },
    });
    return ok({ name, token: created.token, expiresAt: created.expiresAt.toISOString() });
  },
);

/** Revokes a token (yours, or anyone's for an admin): its next request fails. */
export const revokeApiTokenAction = userAction(
  { name: "api_token.revoke", input: revokeTokenSchema, revalidate: ["/tokens"] },
  async ({ tokenId }, ctx) => {
    ctx.audit({ targetType: "api_token", targetId: tokenId });
    const revoked = await revokeApiToken(ctx.db, ctx.user, tokenId);
    if (revoked.ok) ctx.audit({ details: { name: revoked.data.name, ownerId: revoked.data.ownerId } });
    return revoked;
  },
);
