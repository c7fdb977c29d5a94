import { describe, expect, it } from "vitest";
import { authorize, call, CALLBACK, emulator, exchange, pkcePair } from "./helpers";

describe("OAuth web application flow", () => {
  it("GitHub App mode: ghu_ tokens that expire, refresh rotation invalidates the old pair", async () => {
    const emu = await emulator({ accessTokenTtlSeconds: 60 });
    const { status, location, code } = await authorize(emu, "alice");
    expect(status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get("state")).toBe("s1");
    const first = await exchange(emu, { code, redirect_uri: CALLBACK });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      token_type: "bearer",
      scope: "",
      expires_in: 60,
      refresh_token_expires_in: 15_811_200,
    });
    expect(first.json.access_token).toMatch(/^ghu_[A-Za-z0-9]{36}$/);
    expect(first.json.refresh_token).toMatch(/^ghr_[A-Za-z0-9]{76}$/);
    const token = first.json.access_token as string;
    const me = await call<{ login: string; id: number }>(emu, "GET", "/user", { token });
    expect(me.body).toMatchObject({ login: "alice", id: 1001 });
    expect(me.headers.get("github-authentication-token-expiration")).toMatch(/ UTC$/);

    // Codes are single-use.
    expect((await exchange(emu, { code })).json.error).toBe("bad_verification_code");

    // Expiry: advance the clock past the TTL.
    await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 61 } });
    expect((await call(emu, "GET", "/user", { token })).status).toBe(401);

    const refreshed = await exchange(emu, {
      grant_type: "refresh_token",
      refresh_token: first.json.refresh_token as string,
    });
    expect(refreshed.json.access_token).toMatch(/^ghu_/);
    expect(refreshed.json.refresh_token).not.toBe(first.json.refresh_token);
    expect((await call(emu, "GET", "/user", { token: refreshed.json.access_token as string })).status).toBe(
      200,
    );
    // The old refresh token no longer works (HTTP 200 with an error, as GitHub answers).
    const reused = await exchange(emu, {
      grant_type: "refresh_token",
      refresh_token: first.json.refresh_token as string,
    });
    expect(reused.status).toBe(200);
    expect(reused.json).toMatchObject({
      error: "bad_refresh_token",
      error_description: "The refresh token passed is incorrect or expired.",
    });

    // Refreshing again rotates again and kills the previous access token at once.
    const again = await exchange(emu, {
      grant_type: "refresh_token",
      refresh_token: refreshed.json.refresh_token as string,
    });
    expect((await call(emu, "GET", "/user", { token: refreshed.json.access_token as string })).status).toBe(
      401,
    );
    expect((await call(emu, "GET", "/user", { token: again.json.access_token as string })).status).toBe(200);
  });

  it("OAuth app mode: gho_ tokens without expiry, scopes, form-encoded default response", async () => {
    const emu = await emulator({ tokenMode: "oauth_app" });
    const { code } = await authorize(emu, "bob", { scope: "read:user user:email repo" });
    const form = await exchange(emu, { code }, "*/*");
    const params = new URLSearchParams(form.text);
    expect(params.get("access_token")).toMatch(/^gho_/);
    expect(params.get("scope")).toBe("read:user,user:email,repo");
    expect(params.get("token_type")).toBe("bearer");
    expect(params.has("expires_in")).toBe(false);
    const token = params.get("access_token")!;
    const me = await call<{ login: string; two_factor_authentication?: boolean }>(emu, "GET", "/user", {
      token,
    });
    expect(me.body.two_factor_authentication).toBe(true);
    expect(me.headers.get("x-oauth-scopes")).toBe("read:user, user:email, repo");
    const emails = await call<{ email: string; primary: boolean }[]>(emu, "GET", "/user/emails", {
      token: `${token}`,
    });
    expect(emails.body[0]).toMatchObject({ email: "bob@acme.example", primary: true });
    await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 400 * 86_400 } });
    expect(
      (await call(emu, "GET", "/user", { token, headers: { authorization: `token ${token}` } })).status,
    ).toBe(200);

    // Without read:user the profile is the public shape.
    const { code: narrow } = await authorize(emu, "bob", { scope: "" });
    const publicToken = (await exchange(emu, { code: narrow })).json.access_token as string;
    const publicProfile = await call<Record<string, unknown>>(emu, "GET", "/user", { token: publicToken });
    expect(publicProfile.body.login).toBe("bob");
    expect("two_factor_authentication" in publicProfile.body).toBe(false);
    expect((await call(emu, "GET", "/user/emails", { token: publicToken })).status).toBe(404);
  });

  it("runtime token mode and TTL changes via the control API", async () => {
    const emu = await emulator();
    await call(emu, "PATCH", "/_emulator/settings", { body: { tokenMode: "oauth_app" } });
    const { code } = await authorize(emu, "alice");
    expect((await exchange(emu, { code })).json.access_token).toMatch(/^gho_/);
    await call(emu, "PATCH", "/_emulator/settings", {
      body: { tokenMode: "github_app", accessTokenTtlSeconds: 5 },
    });
    const { code: code2 } = await authorize(emu, "alice");
    expect((await exchange(emu, { code: code2 })).json.expires_in).toBe(5);
  });

  it("error responses: client credentials (body or Basic), redirect_uri, expired code, PKCE", async () => {
    const emu = await emulator();
    const { code } = await authorize(emu, "alice");
    const wrongSecret = await exchange(emu, { code, client_secret: "nope" });
    expect(wrongSecret.status).toBe(200);
    expect(wrongSecret.json).toEqual({
      error: "incorrect_client_credentials",
      error_description: "The client_id and/or client_secret passed are incorrect.",
      error_uri: expect.stringContaining("incorrect-client-credentials"),
    });
    expect((await exchange(emu, { code, client_id: "someone-else" })).json.error).toBe(
      "incorrect_client_credentials",
    );
    expect((await exchange(emu, { code, redirect_uri: "http://localhost:3000/elsewhere" })).json.error).toBe(
      "redirect_uri_mismatch",
    );

    // HTTP Basic client authentication (as oauth4webapi may send).
    const basic = await fetch(`${emu.url}/login/oauth/access_token`, {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("switchyard-dev:switchyard-dev-secret").toString("base64")}`,
      },
      body: new URLSearchParams({ code, grant_type: "authorization_code", redirect_uri: CALLBACK }),
    });
    expect(((await basic.json()) as { access_token: string }).access_token).toMatch(/^ghu_/);

    // Codes expire after 10 minutes.
    const { code: stale } = await authorize(emu, "alice");
    await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 601 } });
    expect((await exchange(emu, { code: stale })).json.error).toBe("bad_verification_code");

    // PKCE S256.
    const { verifier, challenge } = pkcePair();
    const { code: pkceCode } = await authorize(emu, "bob", {
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    expect((await exchange(emu, { code: pkceCode, code_verifier: "wrong" })).json.error).toBe(
      "bad_verification_code",
    );
    expect((await exchange(emu, { code: pkceCode, code_verifier: verifier })).json.access_token).toMatch(
      /^ghu_/,
    );

    // redirect_uri not registered: the authorize page refuses.
    const bad = await fetch(
      `${emu.url}/login/oauth/authorize?client_id=switchyard-dev&redirect_uri=${encodeURIComponent("https://evil.example/api/auth/callback/github")}&login=alice`,
      { redirect: "manual" },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("redirect_uri_mismatch");
    const unknownClient = await fetch(
      `${emu.url}/login/oauth/authorize?client_id=other&redirect_uri=${encodeURIComponent(CALLBACK)}`,
    );
    expect(unknownClient.status).toBe(404);
  });

  it("the authorize page lists seeded users as accessible buttons that complete the flow", async () => {
    const emu = await emulator();
    const params = new URLSearchParams({
      client_id: "switchyard-dev",
      redirect_uri: "http://127.0.0.1:3100/api/auth/callback/github",
      state: "xyz",
    });
    const page = await fetch(`${emu.url}/login/oauth/authorize?${params}`);
    const html = await page.text();
    expect(page.headers.get("content-type")).toContain("text/html");
    for (const login of ["alice", "bob", "carol", "dave"])
      expect(html).toContain(`aria-label="Sign in as ${login}"`);
    const submit = await fetch(`${emu.url}/login/oauth/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...Object.fromEntries(params), login: "carol" }),
      redirect: "manual",
    });
    const location = new URL(submit.headers.get("location")!);
    expect(location.host).toBe("127.0.0.1:3100");
    expect(location.searchParams.get("state")).toBe("xyz");
    const token = (await exchange(emu, { code: location.searchParams.get("code")! })).json
      .access_token as string;
    expect((await call<{ login: string }>(emu, "GET", "/user", { token })).body.login).toBe("carol");
    const cancel = await fetch(`${emu.url}/login/oauth/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...Object.fromEntries(params), deny: "1" }),
      redirect: "manual",
    });
    expect(new URL(cancel.headers.get("location")!).searchParams.get("error")).toBe("access_denied");
  });

  it("revoking a user's tokens through the control API", async () => {
    const emu = await emulator();
    const { code } = await authorize(emu, "alice");
    const token = (await exchange(emu, { code })).json.access_token as string;
    expect((await call(emu, "POST", "/_emulator/users/alice/revoke-tokens")).body).toEqual({ revoked: 1 });
    const result = await call(emu, "GET", "/user", { token });
    expect(result.status).toBe(401);
  });
});
