/**
 * Who may sign in and where they land: an outsider is refused with a clear page and leaves nothing
 * behind, a crafted callbackUrl never sends anyone off site, a revoked person is told why, and every
 * response carries the security headers (with pages still hydrating under the CSP).
 */
import type { Page } from "@playwright/test";
import { expect, signInWithGitHub as signIn, test } from "./fixtures";

/** The real OAuth redirects, choosing `login` on the emulator's page; no expectation about the outcome. */
async function tryToSignIn(page: Page, login: string, callbackUrl = "/") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: `Sign in as ${login}` }).click();
}

test("mallory, in no allowed organisation, is refused with a clear page and leaves no trace", async ({
  page,
  axe,
  db,
}, testInfo) => {
  await tryToSignIn(page, "mallory", "/tasks");
  await expect(page).toHaveURL(/\/sign-in\?reason=not_member/);
  const alert = page.getByRole("alert").filter({ hasText: "Switchyard is for members of acme" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Your GitHub account is neither");
  await expect(page.getByRole("heading", { name: "Sign in to Switchyard" })).toBeVisible();
  await expect(page.getByText("Open to members of acme")).toBeVisible();
  // No stack trace, no automatic retry: the page stays put until the person acts.
  await expect(page.getByText(/Error:|at .*\.js:\d+/)).toHaveCount(0);
  await page.waitForTimeout(1_000);
  await expect(page).toHaveURL(/\/sign-in\?reason=not_member/);
  await axe.expectNoViolations(page);
  await testInfo.attach("refused", { body: await page.screenshot(), contentType: "image/png" });

  // Not signed in, and nothing of hers stored.
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await db.user.findMany({ where: { githubId: 1005 }, select: { id: true } })).toEqual([]);
  expect(await db.account.findMany({ where: { providerAccountId: "1005" }, select: { id: true } })).toEqual(
    [],
  );
  const refusals = await db.auditEvent.findMany({
    where: { action: "auth.sign_in_refused", actorLogin: "mallory" },
    orderBy: { at: "asc" },
    select: { details: true },
  });
  expect(refusals.at(-1)?.details).toMatchObject({ login: "mallory", reason: "not_member" });
});

test("carol, an outside collaborator, gets in: demo mode admits collaborators (launch.spec shows her no-seat message)", async ({
  page,
  db,
}) => {
  await signIn(page, "carol", "/launch");
  await expect(page).toHaveURL(/\/launch$/);
  const rows = await db.user.findMany({
    where: { githubId: 1003 },
    select: { accessVia: true, accessOrg: true },
  });
  expect(rows).toEqual([{ accessVia: "collaborator", accessOrg: "acme" }]);
});

test("a crafted callbackUrl never leaves the site", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  // Through the sign-in flow.
  await signIn(page, "alice", "//evil.example/phish");
  expect(new URL(page.url()).origin).toBe(origin);
  // Signed in already: the page redirects at once, and only ever to a path here.
  for (const target of [
    "//evil.example",
    "/\\evil.example",
    "https://evil.example",
    "%2F%2Fevil.example",
    "/.//evil.example",
    "\t//evil.example",
  ]) {
    const response = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent(target)}`, {
      maxRedirects: 0,
    });
    // A Location header, or (the page streams) a meta refresh and the router's redirect digest.
    const body = await response.text();
    const targets = [
      response.headers()["location"],
      ...[...body.matchAll(/http-equiv="refresh" content="\d+;url=([^"]*)"/g)].map((m) => m[1]),
      ...[...body.matchAll(/NEXT_REDIRECT;\w+;([^;]*);/g)].map((m) => m[1]),
    ].filter((value): value is string => Boolean(value));
    expect(targets.length, target).toBeGreaterThan(0);
    for (const location of targets)
      expect(new URL(location.replaceAll("&amp;", "&"), origin).origin, `${target} → ${location}`).toBe(
        origin,
      );
    // In the browser: wherever the redirect leads, it is this site.
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(target)}`, { waitUntil: "commit" });
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    expect(new URL(page.url()).origin, target).toBe(origin);
  }
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/tasks?state=failed")}`);
  await expect(page).toHaveURL(/\/tasks\?state=failed$/);
});

test("every response carries the security headers, and pages still work under the CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text()))
      violations.push(message.text());
  });
  const signInPage = await page.goto("/sign-in");
  for (const response of [signInPage!, await page.request.get("/api/health")]) {
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("object-src 'none'");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
  }
  // The whole sign-in (a form post redirected to GitHub) and a client-side interaction work.
  await signIn(page, "bob", "/tasks");
  const nav = page.getByRole("navigation", { name: "Primary" });
  await nav.getByRole("link", { name: "Triage", exact: true }).click();
  await expect(page).toHaveURL(/\/triage$/);
  await expect(nav.getByRole("link", { name: "Triage", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByTestId("signed-in-login")).toBeVisible();
  // The avatar comes from GitHub's host (img-src allows it).
  const avatar = page.locator("header img").first();
  await expect
    .poll(() => avatar.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBeGreaterThan(0);
  expect(violations).toEqual([]);
  // This app cannot be framed.
  const framed = await page.request.get("/");
  expect(framed.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("someone whose access ended is signed out and told why", async ({ page, db }) => {
  await tryToSignIn(page, "dave", "/");
  await expect(page.getByTestId("signed-in-login")).toContainText("dave");
  // What the hourly re-check does once dave has left acme (lib/auth/access.ts, run for real; the
  // membership check itself is covered by lib/auth/signin.test.ts).
  const { revokeAccess } = await import("../lib/auth/access");
  const dave = await db.user.findUniqueOrThrow({ where: { githubId: 1004 } });
  expect(await revokeAccess(db, dave.id, "not_member", { allowedOrgs: ["acme"] })).toBe(true);
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/sign-in/);
  // Demo mode also admits outside collaborators, so the message names both.
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
    "Your access ended: you are no longer a member of acme or a collaborator on its repositories.",
  );
  // Signing in again (still a member of acme on GitHub) works: the revocation is lifted.
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: "Sign in as dave" }).click();
  await expect(page.getByTestId("signed-in-login")).toContainText("dave");
});

test("a member's webhook cannot point at this machine or an internal address", async ({ asUser, db }) => {
  const page = await asUser("bob", "/notifications");
  const url = page.getByLabel("Webhook URL");
  const bob = await db.user.findUniqueOrThrow({
    where: { login: "bob" },
    select: { id: true, webhookUrl: true },
  });
  for (const [target, message] of [
    ["http://127.0.0.1:5432/hook", /this machine|https/],
    ["https://127.0.0.1/hook", /this machine/],
    ["https://[::ffff:7f00:1]/hook", /this machine|cannot point at/],
    ["https://10.0.0.8/hook", /cannot point at/],
    ["https://169.254.169.254/latest/meta-data", /cannot point at/],
    ["https://hooks.example.com:8443/hook", /port \(443\)/],
  ] as const) {
    await url.fill(target);
    // The form re-renders with the typed value after each answer: type only once it has settled.
    await expect(url).toHaveValue(target);
    // Wait for the action's answer: the previous round's message is still on the page, and a late
    // answer would re-render the field with the value it echoes, over what the next round types.
    const answered = page.waitForResponse(
      (response) =>
        response.request().method() === "POST" && new URL(response.url()).pathname === "/notifications",
    );
    const save = page.getByRole("button", { name: "Save webhook" });
    await save.click();
    await answered;
    // The button says "Saving…" until React has applied the answer.
    await expect(save).toBeEnabled();
    await expect(page.getByText(message).first(), target).toBeVisible();
    await expect(url).toHaveValue(target);
  }
  // Nothing was saved.
  expect(
    (await db.user.findUniqueOrThrow({ where: { id: bob.id }, select: { webhookUrl: true } })).webhookUrl,
  ).toBe(bob.webhookUrl);
});
