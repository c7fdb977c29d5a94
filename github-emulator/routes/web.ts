import { createHash } from "node:crypto";
import { newCode } from "../core/auth";
import type { Emulator } from "../core/emulator";
import type { TokenRecord } from "../core/model";
import { formParams } from "../http/body";
import { Router } from "../http/router";
import { registerPullPage } from "./pull-page";
import type { ApiRequest, ApiResponse } from "../http/types";
import { escapeHtml } from "./html";

const CODE_TTL_MS = 10 * 60 * 1000;
const TROUBLESHOOT =
  "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

const TOKEN_ERRORS = {
  incorrect_client_credentials: [
    "The client_id and/or client_secret passed are incorrect.",
    `${TROUBLESHOOT}/#incorrect-client-credentials`,
  ],
  redirect_uri_mismatch: [
    "The redirect_uri MUST match the registered callback URL for this application.",
    "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch2",
  ],
  bad_verification_code: [
    "The code passed is incorrect or expired.",
    `${TROUBLESHOOT}/#bad-verification-code`,
  ],
  bad_refresh_token: [
    "The refresh token passed is incorrect or expired.",
    `${TROUBLESHOOT}/#bad-verification-code`,
  ],
  unsupported_grant_type: ["The grant type is not supported.", `${TROUBLESHOOT}/#unsupported-grant-type`],
} as const;

type TokenErrorCode = keyof typeof TOKEN_ERRORS;

function html(
  status: number,
  title: string,
  body: string,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    text: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f8fa; color: #1f2328; margin: 0; }
  main { max-width: 26rem; margin: 4rem auto; background: #fff; border: 1px solid #d1d9e0; border-radius: 12px; padding: 2rem; }
  h1 { font-size: 1.25rem; margin-top: 0; }
  ul { list-style: none; padding: 0; }
  li { margin: 0.5rem 0; }
  button { width: 100%; font-size: 1rem; padding: 0.75rem; border-radius: 6px; border: 1px solid #1f883d; background: #1f883d; color: #fff; cursor: pointer; text-align: left; }
  button.secondary { background: #fff; color: #1f2328; border-color: #d1d9e0; }
  button:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .meta { color: #59636e; font-size: 0.875rem; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`,
    headers: { "content-type": "text/html; charset=utf-8", ...headers },
  };
}

function redirect(location: string): ApiResponse {
  return { status: 302, text: "", headers: { location, "content-type": "text/html; charset=utf-8" } };
}

function withParams(base: string, params: Record<string, string | null | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null) url.searchParams.set(key, value);
  return url.toString();
}

export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]" || hostname === "::1";
}

/** Registered callback rules: configured URLs (host+port match, path prefix), or any loopback Auth.js callback. */
function redirectAllowed(emu: Emulator, redirectUri: string): boolean {
  let candidate: URL;
  try {
    candidate = new URL(redirectUri);
  } catch {
    return false;
  }
  if (emu.options.callbackUrls.length === 0) {
    return (
      isLoopback(candidate.hostname) &&
      candidate.pathname.replace(/\/+$/, "").endsWith("/api/auth/callback/github")
    );
  }
  return emu.options.callbackUrls.some((registered) => {
    const allowed = new URL(registered);
    const portMatches =
      isLoopback(allowed.hostname) && isLoopback(candidate.hostname) ? true : allowed.port === candidate.port;
    return (
      allowed.protocol === candidate.protocol &&
      (allowed.hostname === candidate.hostname ||
        (isLoopback(allowed.hostname) && isLoopback(candidate.hostname))) &&
      portMatches &&
      candidate.pathname.startsWith(allowed.pathname.replace(/\/+$/, ""))
    );
  });
}

function normalizeScopes(raw: string | null): string[] {
  const scopes = (raw ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  // GitHub stores normalised scopes: `user` already covers `read:user` and `user:email`.
  return [...new Set(scopes)].filter(
    (s) => !(scopes.includes("user") && (s === "read:user" || s === "user:email")),
  );
}

function tokenResponse(req: ApiRequest, payload: Record<string, string | number>): ApiResponse {
  const accept = String(req.headers.accept ?? "");
  if (accept.includes("application/json")) return { status: 200, body: payload };
  if (accept.includes("application/xml")) {
    const xml = Object.entries(payload)
      .map(([k, v]) => `<${k}>${escapeHtml(String(v))}</${k}>`)
      .join("");
    return {
      status: 200,
      text: `<OAuth>${xml}</OAuth>`,
      headers: { "content-type": "application/xml; charset=utf-8" },
    };
  }
  const form = new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, String(v)]));
  return {
    status: 200,
    text: form.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
  };
}

function tokenError(req: ApiRequest, code: TokenErrorCode): ApiResponse {
  const [description, uri] = TOKEN_ERRORS[code];
  return tokenResponse(req, { error: code, error_description: description, error_uri: uri });
}

function tokenPayload(emu: Emulator, token: TokenRecord): Record<string, string | number> {
  const now = emu.clock.now();
  const payload: Record<string, string | number> = {
    access_token: token.token,
    token_type: "bearer",
    scope: token.scopes.join(","),
  };
  if (token.expiresAt !== null && token.refreshToken && token.refreshExpiresAt !== null) {
    payload.expires_in = Math.max(0, Math.round((token.expiresAt - now) / 1000));
    payload.refresh_token = token.refreshToken;
    payload.refresh_token_expires_in = Math.max(0, Math.round((token.refreshExpiresAt - now) / 1000));
    payload.scope = "";
  }
  return payload;
}

function pkceMatches(challenge: string, verifier: string): boolean {
  return createHash("sha256").update(verifier).digest("base64url") === challenge;
}

export function webRouter(emu: Emulator): Router {
  const router = new Router();
  const options = { auth: "optional" } as const;

  const authorize = (req: ApiRequest): ApiResponse => {
    const params = req.method === "POST" ? formParams(req) : req.query;
    const clientId = params.get("client_id") ?? "";
    if (clientId !== emu.options.clientId) {
      return html(
        404,
        "Page not found",
        `<h1>404: This is not the web page you are looking for.</h1><p class="meta">Unknown client_id.</p>`,
      );
    }
    const redirectUri = params.get("redirect_uri") || emu.options.callbackUrls[0] || null;
    const state = params.get("state");
    if (!redirectUri || !redirectAllowed(emu, redirectUri)) {
      return html(
        400,
        "Redirect URI mismatch",
        `<h1>redirect_uri_mismatch</h1><p>The redirect_uri MUST match the registered callback URL for this application.</p><p class="meta">${escapeHtml(redirectUri ?? "(none)")}</p>`,
      );
    }
    const challenge = params.get("code_challenge");
    const method = params.get("code_challenge_method") ?? (challenge ? "plain" : null);
    if (challenge && method !== "S256") {
      return redirect(
        withParams(redirectUri, {
          error: "invalid_request",
          error_description: "Only the S256 code_challenge_method is supported.",
          state,
        }),
      );
    }
    if (params.get("deny") === "1") {
      return redirect(
        withParams(redirectUri, {
          error: "access_denied",
          error_description: "The user has denied your application access.",
          error_uri:
            "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied",
          state,
        }),
      );
    }
    const login = params.get("login");
    const user = login ? emu.store.user(login) : undefined;
    const forcePicker = req.method === "GET" && params.get("prompt") === "select_account";
    if (user && !forcePicker) {
      const code = newCode();
      emu.store.addCode({
        code,
        clientId,
        login: user.login,
        redirectUri: params.get("redirect_uri"),
        scopes: normalizeScopes(params.get("scope")),
        codeChallenge: challenge,
        expiresAt: emu.clock.now() + CODE_TTL_MS,
        used: false,
      });
      return redirect(withParams(redirectUri, { code, state }));
    }
    const hidden = (name: string) => {
      const value = params.get(name);
      return value !== null ? `<input type="hidden" name="${name}" value="${escapeHtml(value)}">` : "";
    };
    const carried = ["client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method"]
      .map(hidden)
      .join("");
    const buttons = emu.store.data.users
      .map(
        (u) =>
          `<li><form method="post" action="/login/oauth/authorize">${carried}<input type="hidden" name="login" value="${escapeHtml(u.login)}"><button type="submit" aria-label="Sign in as ${escapeHtml(u.login)}">Sign in as ${escapeHtml(u.login)} <span class="meta">(${escapeHtml(u.name)}${u.copilotPlan ? `, Copilot ${u.copilotPlan}` : ", no Copilot seat"})</span></button></form></li>`,
      )
      .join("\n");
    return html(
      200,
      "Sign in to GitHub · GitHub emulator",
      `<h1>Sign in to continue to ${escapeHtml(clientId)}</h1>
<p class="meta">GitHub emulator: choose who signs in. Scopes requested: ${escapeHtml(params.get("scope") || "(none)")}</p>
<ul aria-label="Seeded users">
${buttons}
</ul>
<form method="post" action="/login/oauth/authorize">${carried}<input type="hidden" name="deny" value="1"><button class="secondary" type="submit">Cancel</button></form>`,
    );
  };

  router.add("GET", "/login/oauth/authorize", authorize, options);
  router.add("POST", "/login/oauth/authorize", authorize, options);

  router.add(
    "POST",
    "/login/oauth/access_token",
    (req) => {
      const params = formParams(req);
      let clientId = params.get("client_id");
      let clientSecret = params.get("client_secret");
      const authorization = req.headers.authorization;
      if (typeof authorization === "string" && authorization.toLowerCase().startsWith("basic ")) {
        const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      }
      if (clientId !== emu.options.clientId || clientSecret !== emu.options.clientSecret) {
        return tokenError(req, "incorrect_client_credentials");
      }
      const grantType = params.get("grant_type") ?? "authorization_code";
      if (grantType === "refresh_token") {
        const refreshed = emu.tokens.refresh(params.get("refresh_token") ?? "", clientId);
        return refreshed
          ? tokenResponse(req, tokenPayload(emu, refreshed))
          : tokenError(req, "bad_refresh_token");
      }
      if (grantType !== "authorization_code") return tokenError(req, "unsupported_grant_type");
      const code = emu.store.codes.get(params.get("code") ?? "");
      if (!code || code.used || code.expiresAt <= emu.clock.now() || code.clientId !== clientId) {
        return tokenError(req, "bad_verification_code");
      }
      const redirectUri = params.get("redirect_uri");
      if (redirectUri && code.redirectUri && redirectUri !== code.redirectUri)
        return tokenError(req, "redirect_uri_mismatch");
      if (code.codeChallenge) {
        const verifier = params.get("code_verifier");
        if (!verifier || !pkceMatches(code.codeChallenge, verifier))
          return tokenError(req, "bad_verification_code");
      }
      code.used = true;
      const token = emu.tokens.issue({ login: code.login, clientId, scopes: code.scopes });
      return tokenResponse(req, tokenPayload(emu, token));
    },
    options,
  );

  // Avatars referenced by avatar_url: a deterministic initials SVG so the app can render them offline.
  router.add(
    "GET",
    "/avatars/u/{id}",
    (req) => {
      const id = Number(req.params.id);
      const account =
        emu.store.usersById.get(id)?.login ?? emu.store.data.orgs.find((o) => o.id === id)?.login ?? "?";
      const hue = (id * 47) % 360;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120" role="img" aria-label="${escapeHtml(account)}"><rect width="120" height="120" fill="hsl(${hue} 55% 45%)"/><text x="60" y="75" font-family="sans-serif" font-size="52" fill="#fff" text-anchor="middle">${escapeHtml(account.slice(0, 1).toUpperCase())}</text></svg>`;
      return {
        status: 200,
        text: svg,
        headers: { "content-type": "image/svg+xml", "cache-control": "max-age=3600" },
      };
    },
    options,
  );
  registerPullPage(router, emu);
  return router;
}
