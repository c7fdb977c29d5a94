/**
 * Who may sign in, for how long, with which role — through Auth.js's real handlers, the GitHub
 * emulator's OAuth flow and Postgres (test/auth-harness.ts). Each test starts from the emulator's
 * seed and an empty database of this file's own.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAuthHarness } from "@/test/auth-harness";
import { syncUserCycle } from "@/lib/sync/sync-user";
import { userSyncJobKey } from "@/lib/jobs/sync";
import { scheduleAllSyncs } from "@/lib/sync/schedule";
import { endedAccessFor, endedMessage, accessPolicyFrom } from "./access";
import { recheckAccess } from "./access-recheck";
import { SESSION_MAX_AGE_SECONDS } from "./auth-config";

let h: Awaited<ReturnType<typeof startAuthHarness>>;

beforeAll(async () => {
  h = await startAuthHarness("signin");
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.control("POST", "/reset");
  await h.db.$executeRaw`TRUNCATE "User", "AuditEvent" CASCADE`;
  await h.db.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
});

const GITHUB_IDS = { alice: 1001, bob: 1002, carol: 1003, dave: 1004, mallory: 1005 } as const;

async function rowsFor(login: keyof typeof GITHUB_IDS) {
  const githubId = GITHUB_IDS[login];
  const [users, accounts, sessions] = await Promise.all([
    h.db.user.count({ where: { githubId } }),
    h.db.account.count({ where: { providerAccountId: String(githubId) } }),
    h.db.session.count({ where: { user: { githubId } } }),
  ]);
  return { users, accounts, sessions };
}

const audits = (action: string) => h.db.auditEvent.findMany({ where: { action }, orderBy: { at: "asc" } });

async function pendingSyncJobs(userId: string) {
  const rows = await h.db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE key = ${userSyncJobKey(userId)}`;
  return Number(rows[0]!.n);
}

/** Makes everyone's last confirmation older than the re-check's threshold. */
const ageChecks = () => h.db.$executeRaw`UPDATE "User" SET "accessCheckedAt" = now() - interval '2 hours'`;

describe("sign-in is limited to members of the allowed organisations", () => {
  it("a member signs in: rows, encrypted token, admission recorded, audited, session of a week", async () => {
    const browser = h.browser();
    const landed = await browser.signIn("bob", "/tasks");
    expect(landed.pathname).toBe("/tasks");
    expect(await rowsFor("bob")).toEqual({ users: 1, accounts: 1, sessions: 1 });
    const bob = await h.db.user.findUniqueOrThrow({ where: { githubId: 1002 } });
    expect(bob).toMatchObject({ login: "bob", role: "member", accessVia: "member", accessOrg: "acme" });
    expect(bob.accessCheckedAt).not.toBeNull();
    expect(bob.accessEtag).toMatch(/^W\//);
    const account = await h.db.account.findFirstOrThrow({ where: { userId: bob.id } });
    expect(account.access_token).toMatch(/^v2\./);
    const session = await h.db.session.findFirstOrThrow({ where: { userId: bob.id } });
    const lifetime = (session.expires.getTime() - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(SESSION_MAX_AGE_SECONDS - 60);
    expect(lifetime).toBeLessThanOrEqual(SESSION_MAX_AGE_SECONDS);
    const [signIn] = await audits("auth.sign_in");
    expect(signIn).toMatchObject({ actorId: bob.id, actorLogin: "bob", outcome: "ok" });
    expect(signIn!.details).toMatchObject({ githubId: 1002, via: "member", org: "acme", firstSignIn: true });
    expect(await browser.session()).toMatchObject({ user: { id: bob.id, login: "bob", role: "member" } });
    // Sign-out is audited too.
    await browser.signOut();
    expect(await rowsFor("bob")).toMatchObject({ sessions: 0 });
    expect(await audits("auth.sign_out")).toMatchObject([{ actorId: bob.id, actorLogin: "bob" }]);
  });

  it("mallory, in no allowed organisation, is refused: no rows, no token, an audit record", async () => {
    const browser = h.browser();
    const landed = await browser.signIn("mallory", "/tasks");
    expect(landed.origin).toBe("http://localhost:3999");
    expect(landed.pathname).toBe("/sign-in");
    expect(landed.searchParams.get("reason")).toBe("not_member");
    expect(await rowsFor("mallory")).toEqual({ users: 0, accounts: 0, sessions: 0 });
    expect(await h.db.user.count()).toBe(0);
    expect(browser.sessionToken()).toBeNull();
    expect(await browser.session()).toBeNull();
    const refused = await audits("auth.sign_in_refused");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actorId: null, actorLogin: "mallory", outcome: "forbidden" });
    expect(refused[0]!.details).toMatchObject({ login: "mallory", githubId: 1005, reason: "not_member" });
    expect(JSON.stringify(refused)).not.toMatch(/gh[uoprs]_/);
    expect(await audits("auth.sign_in")).toEqual([]);
  });

  it("an outside collaborator is refused, unless outside collaborators are admitted", async () => {
    const refused = await h.browser().signIn("carol");
    expect(refused.searchParams.get("reason")).toBe("not_member");
    expect(await rowsFor("carol")).toEqual({ users: 0, accounts: 0, sessions: 0 });

    const admitted = await h.browser(h.app({ SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: true })).signIn("carol");
    expect(admitted.pathname).toBe("/tasks");
    expect(await rowsFor("carol")).toEqual({ users: 1, accounts: 1, sessions: 1 });
    expect(await h.db.user.findUniqueOrThrow({ where: { githubId: 1003 } })).toMatchObject({
      accessVia: "collaborator",
      accessOrg: "acme",
    });
    // The flag admits collaborators of an allowed organisation only, never an outsider.
    const outsider = await h
      .browser(h.app({ SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: true }))
      .signIn("mallory");
    expect(outsider.searchParams.get("reason")).toBe("not_member");
    // …nor a collaborator of an organisation that is not allowed.
    const elsewhere = await h
      .browser(h.app({ SWITCHYARD_ALLOWED_ORGS: ["globex"], SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: true }))
      .signIn("dave");
    expect(elsewhere.searchParams.get("reason")).toBe("not_member");
  });

  it("an invitation not yet accepted is refused with its own reason and the organisation", async () => {
    await h.control("PUT", "/orgs/acme/members/dave", { state: "pending" });
    const landed = await h.browser().signIn("dave");
    expect(Object.fromEntries(landed.searchParams)).toEqual({ reason: "membership_pending", org: "acme" });
    expect(await rowsFor("dave")).toEqual({ users: 0, accounts: 0, sessions: 0 });
  });

  it("when GitHub cannot answer or hides the membership, nobody gets in", async () => {
    await h.control("POST", "/faults", {
      type: "status",
      status: 502,
      path: "/user/memberships/**",
      count: 5,
    });
    const down = await h.browser().signIn("bob");
    expect(down.searchParams.get("reason")).toBe("check_failed");
    await h.control("DELETE", "/faults");
    await h.control("POST", "/faults", {
      type: "status",
      status: 403,
      path: "/user/memberships/**",
      body: {
        message:
          "Although you appear to have the correct authorization credentials, the `acme` organization has enabled OAuth App access restrictions.",
      },
      count: 1,
    });
    const hidden = await h.browser().signIn("bob");
    expect(Object.fromEntries(hidden.searchParams)).toEqual({ reason: "membership_hidden", org: "acme" });
    expect(await rowsFor("bob")).toEqual({ users: 0, accounts: 0, sessions: 0 });
    expect(
      (await audits("auth.sign_in_refused")).map((a) => (a.details as { reason: string }).reason),
    ).toEqual(["check_failed", "membership_hidden"]);
  });

  it("a person known here who is no longer a member is refused, and their row keeps its role", async () => {
    await h.browser().signIn("bob");
    const bob = await h.db.user.findUniqueOrThrow({ where: { githubId: 1002 } });
    await h.control("DELETE", "/orgs/acme/members/bob");
    const landed = await h.browser().signIn("bob");
    expect(landed.searchParams.get("reason")).toBe("not_member");
    expect(await h.db.session.count({ where: { userId: bob.id } })).toBe(1); // the earlier browser's
    const [refused] = await audits("auth.sign_in_refused");
    expect(refused).toMatchObject({ actorId: bob.id, actorLogin: "bob" });
  });
});

describe("the session every page reads (lib/auth/session.ts) is the one Auth.js serves", () => {
  it("agrees with Auth.js's session endpoint, deletes an expired session, renews a day-old one", async () => {
    const browser = h.browser();
    await browser.signIn("bob");
    const token = browser.sessionToken()!;
    const fromAuthJs = await browser.session();
    const read = await h.readSession(token);
    expect(read).toEqual(fromAuthJs);
    // The browser never gets the session token back from /api/auth/session (it is HttpOnly).
    expect(JSON.stringify(fromAuthJs)).not.toContain(token);
    expect(read!.user).toMatchObject({ login: "bob", role: "member", tokenProblem: null });

    // Roles follow the configuration on every read, as in Auth.js's callback.
    expect((await h.readSession(token, { SWITCHYARD_ADMINS: ["bob"] }))!.user.role).toBe("admin");
    expect((await h.readSession(token))!.user.role).toBe("member");

    // Due for renewal (older than a day): the expiry moves a week ahead.
    const dayOld = new Date(Date.now() + (SESSION_MAX_AGE_SECONDS - 25 * 3600) * 1000);
    await h.db.session.update({ where: { sessionToken: token }, data: { expires: dayOld } });
    const renewed = await h.readSession(token);
    expect(Date.parse(renewed!.expires)).toBeGreaterThan(dayOld.getTime() + 3600_000);
    const row = await h.db.session.findUniqueOrThrow({ where: { sessionToken: token } });
    expect(row.expires.toISOString()).toBe(renewed!.expires);

    // Expired: no session, and the row is gone.
    await h.db.session.update({
      where: { sessionToken: token },
      data: { expires: new Date(Date.now() - 1000) },
    });
    expect(await h.readSession(token)).toBeNull();
    expect(await h.db.session.count({ where: { sessionToken: token } })).toBe(0);
    expect(await h.readSession("not-a-session")).toBeNull();
  });

  it("a person whose access was revoked has no session, whatever rows remain", async () => {
    const browser = h.browser();
    await browser.signIn("bob");
    const token = browser.sessionToken()!;
    await h.db.user.update({ where: { githubId: 1002 }, data: { accessRevokedAt: new Date() } });
    expect(await h.readSession(token)).toBeNull();
    expect(await browser.session()).toBeNull();
  });
});

describe("access is re-checked while sessions live", () => {
  it("someone removed from the organisation loses sessions, tokens and sync at the next check", async () => {
    const browser = h.browser();
    await browser.signIn("bob");
    const bob = await h.db.user.findUniqueOrThrow({ where: { githubId: 1002 } });
    const cookie = browser.sessionToken()!;
    expect(await pendingSyncJobs(bob.id)).toBe(1);

    // Checked recently: the job leaves them alone.
    await h.control("DELETE", "/orgs/acme/members/bob");
    expect(await recheckAccess(h.workerDeps, accessPolicyFrom(h.env()))).toMatchObject({ checked: 0 });
    expect(await browser.session()).not.toBeNull();

    await ageChecks();
    const report = await recheckAccess(h.workerDeps, accessPolicyFrom(h.env()));
    expect(report).toEqual({ checked: 1, kept: 0, revoked: 1, failed: 0 });

    const after = await h.db.user.findUniqueOrThrow({ where: { id: bob.id } });
    expect(after.accessRevokedAt).not.toBeNull();
    expect(after.accessRevokedReason).toBe("not_member");
    expect(await h.db.session.count({ where: { userId: bob.id } })).toBe(0);
    const account = await h.db.account.findFirstOrThrow({ where: { userId: bob.id } });
    expect([account.access_token, account.refresh_token]).toEqual([null, null]);
    // Sync stopped: no pending job, the repair pass does not requeue, a stray cycle stops itself.
    expect(await pendingSyncJobs(bob.id)).toBe(0);
    await scheduleAllSyncs(h.db);
    expect(await pendingSyncJobs(bob.id)).toBe(0);
    const cycle = await syncUserCycle(h.workerDeps, bob.id);
    expect(cycle).toMatchObject({ skipped: "access_revoked", nextRunAt: null, requests: 0 });
    // Their browser is signed out, and told why.
    expect(await browser.session()).toBeNull();
    const ended = await endedAccessFor(h.db, cookie);
    expect(ended).toEqual({ reason: "not_member", org: "acme" });
    expect(endedMessage(ended!.reason, accessPolicyFrom(h.env()), ended!.org)).toBe(
      "Your access ended: you are no longer a member of acme.",
    );
    const lost = await audits("auth.membership_lost");
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ targetType: "user", targetId: bob.id, actorLogin: "switchyard" });
    expect(lost[0]!.details).toMatchObject({ login: "bob", reason: "not_member", sessionsEnded: 1 });

    // Checking again changes nothing and records nothing more.
    await ageChecks();
    expect(await recheckAccess(h.workerDeps, accessPolicyFrom(h.env()))).toMatchObject({ checked: 0 });
    expect(await audits("auth.membership_lost")).toHaveLength(1);

    // Back in the organisation and signed in again: access restored, the old cookie explains nothing.
    await h.control("PUT", "/orgs/acme/members/bob");
    const again = h.browser();
    expect((await again.signIn("bob")).pathname).toBe("/tasks");
    expect(await h.db.user.findUniqueOrThrow({ where: { id: bob.id } })).toMatchObject({
      accessRevokedAt: null,
      accessRevokedReason: null,
    });
    expect(await endedAccessFor(h.db, cookie)).toBeNull();
    expect(await again.session()).toMatchObject({ user: { id: bob.id } });
  });

  it("a member still in the organisation costs one free conditional request and stays", async () => {
    const browser = h.browser();
    await browser.signIn("alice");
    await ageChecks();
    await h.control("POST", "/counters/reset");
    const report = await recheckAccess(h.workerDeps, accessPolicyFrom(h.env()));
    expect(report).toEqual({ checked: 1, kept: 1, revoked: 0, failed: 0 });
    const counters = await h.control<{ routes: Record<string, { total: number; counted: number }> }>(
      "GET",
      "/counters",
    );
    // One request for the person, answered 304 (GitHub does not count it against the rate limit).
    expect(counters.routes).toEqual({
      "GET /user/memberships/orgs/{org}": { total: 1, byStatus: { "304": 1 }, counted: 0, notCounted: 1 },
    });
    const alice = await h.db.user.findUniqueOrThrow({ where: { githubId: 1001 } });
    expect(Date.now() - alice.accessCheckedAt!.getTime()).toBeLessThan(60_000);
    expect(await browser.session()).toMatchObject({ user: { login: "alice" } });
  });

  it("someone whose token GitHub rejects loses access too", async () => {
    const browser = h.browser();
    await browser.signIn("dave");
    await h.control("POST", "/users/dave/revoke-tokens");
    await ageChecks();
    expect(await recheckAccess(h.workerDeps, accessPolicyFrom(h.env()))).toMatchObject({ revoked: 1 });
    expect(await h.db.user.findUniqueOrThrow({ where: { githubId: 1004 } })).toMatchObject({
      accessRevokedReason: "token_rejected",
    });
    expect(await browser.session()).toBeNull();
  });

  it("GitHub being down revokes nobody; the person is asked again next time", async () => {
    await h.browser().signIn("bob");
    await ageChecks();
    await h.control("POST", "/faults", {
      type: "status",
      status: 503,
      path: "/user/memberships/**",
      count: 10,
    });
    expect(await recheckAccess(h.workerDeps, accessPolicyFrom(h.env()))).toMatchObject({
      failed: 1,
      revoked: 0,
    });
    await h.control("DELETE", "/faults");
    expect(await recheckAccess(h.workerDeps, accessPolicyFrom(h.env()))).toMatchObject({
      checked: 1,
      kept: 1,
    });
  });
});

describe("roles follow SWITCHYARD_ADMINS on every request", () => {
  it("an admin taken off the list is a member on the next request, recorded once", async () => {
    const browser = h.browser();
    await browser.signIn("alice");
    expect(await browser.session()).toMatchObject({ user: { role: "admin" } });

    browser.use(h.app({ SWITCHYARD_ADMINS: [] }));
    expect(await browser.session()).toMatchObject({ user: { login: "alice", role: "member" } });
    expect(await browser.session()).toMatchObject({ user: { role: "member" } });
    const alice = await h.db.user.findUniqueOrThrow({ where: { githubId: 1001 } });
    expect(alice.role).toBe("member");
    const changes = await audits("auth.role_change");
    expect(changes).toHaveLength(1);
    expect(changes[0]!.details).toMatchObject({ login: "alice", from: "admin", to: "member" });
  });

  it("admins can be named by GitHub id, and the stored login is refreshed at sign-in", async () => {
    const browser = h.browser(h.app({ SWITCHYARD_ADMINS: ["1002"] }));
    await browser.signIn("bob");
    expect(await browser.session()).toMatchObject({ user: { login: "bob", role: "admin" } });
    // A rename on GitHub: the id still makes them admin, and the next sign-in stores the new login.
    const bob = await h.db.user.findUniqueOrThrow({ where: { githubId: 1002 } });
    await h.db.user.update({ where: { id: bob.id }, data: { login: "bob-old" } });
    expect(await browser.session()).toMatchObject({ user: { login: "bob-old", role: "admin" } });
    await h.browser(h.app({ SWITCHYARD_ADMINS: ["1002"] })).signIn("bob");
    expect(await h.db.user.findUniqueOrThrow({ where: { id: bob.id } })).toMatchObject({ login: "bob" });
    // By login only, a stale login no longer matches.
    await h.db.user.update({ where: { id: bob.id }, data: { login: "bob-old" } });
    browser.use(h.app({ SWITCHYARD_ADMINS: ["bob"] }));
    expect(await browser.session()).toMatchObject({ user: { role: "member" } });
  });
});
