import "server-only";
/**
 * Who is acting, whichever way they came in: a person in the browser (their session) or a program
 * holding one of their API tokens. Actions and the API take a Principal, never a session or a token:
 * rights, visibility and budgets follow `user`, and GitHub is called through `acting()`.
 *
 * Today every principal is a person and `acting()` uses their own GitHub token. A GitHub App
 * installation identity (when GitHub offers it for agent tasks) is one more `via` kind whose
 * `acting()` uses the installation's token; nothing that takes a Principal changes.
 */
import type { ActingUser } from "./acting";
import type { SignedInUser } from "./session";
import { actingAs } from "./user-github";

export type PrincipalVia =
  { kind: "session" } | { kind: "api_token"; tokenId: string; tokenName: string; scopes: readonly string[] };

export type Principal = {
  user: SignedInUser;
  via: PrincipalVia;
  /** The database and a GitHub client acting as this principal. */
  acting(): ActingUser;
};

export function personPrincipal(user: SignedInUser, via: PrincipalVia = { kind: "session" }): Principal {
  return { user, via, acting: () => actingAs(user) };
}

/** What an audit record says of how the principal came in (nothing for the browser session). */
export function viaDetails(via: PrincipalVia): Record<string, string> {
  return via.kind === "api_token" ? { via: "api", apiTokenId: via.tokenId, apiTokenName: via.tokenName } : {};
}
