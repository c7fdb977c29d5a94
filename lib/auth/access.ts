/**
 * Who may use Switchyard: members of the organisations in SWITCHYARD_ALLOWED_ORGS (membership
 * `state: active`, asked of GitHub with the person's own token), and, when
 * SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS is on, outside collaborators on a repository one of those
 * organisations owns. Checked at sign-in (Auth.js `signIn` callback) and again at least hourly
 * (lib/auth/access-recheck.ts); someone who no longer qualifies loses their sessions, their sync
 * and their stored tokens at once. Worker-safe: clients come by injection.
 */
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { getMyOrgMembership, getViewer, GitHubError, listUserRepos, type GitHubClient } from "@/lib/github";
import { stopUserSync } from "@/lib/jobs/sync";

export type AccessPolicy = {
  /** Lower-case organisation logins; empty = anyone may sign in (never in production: lib/env.ts). */
  allowedOrgs: readonly string[];
  allowOutsideCollaborators: boolean;
};

export function accessPolicyFrom(env: {
  SWITCHYARD_ALLOWED_ORGS: readonly string[];
  SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: boolean;
}): AccessPolicy {
  return {
    allowedOrgs: env.SWITCHYARD_ALLOWED_ORGS,
    allowOutsideCollaborators: env.SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS,
  };
}

export type AccessVia = "member" | "collaborator" | "open";

export type Admitted = { allowed: true; via: AccessVia; org: string | null; etag: string | null };

/**
 * Why someone may not (or no longer) use Switchyard:
 * - not_member: in none of the allowed organisations (nor collaborating on their repositories when
 *   outside collaborators are admitted);
 * - membership_pending: invited, invitation not accepted yet;
 * - membership_hidden: GitHub refused to show the membership (403: the organisation restricts this
 *   OAuth App, or the app lacks `read:org` / the "Members" permission);
 * - token_rejected: GitHub no longer accepts their token (revoked, expired, refresh failed);
 * - check_failed: GitHub could not be asked at sign-in (down, rate limited); never revokes access.
 */
export const REFUSAL_REASONS = [
  "not_member",
  "membership_pending",
  "membership_hidden",
  "token_rejected",
  "check_failed",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type Refused = { allowed: false; reason: RefusalReason; org: string | null };

export type AccessVerdict = Admitted | Refused;

export type PreviousAccess = { via: string | null; org: string | null; etag: string | null };

export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === "string" && (REFUSAL_REASONS as readonly string[]).includes(value);
}

/** Pages of collaborations walked before giving up (100 repositories each). */
const MAX_COLLABORATION_PAGES = 20;

/**
 * Asks GitHub, with the person's own token, whether the policy admits them. The organisation that
 * admitted them last time is asked first, with the ETag of that answer: an unchanged membership
 * costs one free 304. Throws GitHubError when GitHub could not answer (signed_out for a rejected
 * token, unavailable, rate_limited): the caller decides what that means.
 */
export async function checkAccess(
  client: GitHubClient,
  policy: AccessPolicy,
  previous?: PreviousAccess,
): Promise<AccessVerdict> {
  if (policy.allowedOrgs.length === 0) {
    await getViewer(client); // still proves GitHub accepts the token
    return { allowed: true, via: "open", org: null, etag: null };
  }
  const orgs = [...policy.allowedOrgs].sort(
    (a, b) => Number(b === previous?.org) - Number(a === previous?.org),
  );
  let pending: string | null = null;
  let hidden: string | null = null;
  for (const org of orgs) {
    const etag = previous?.via === "member" && previous.org === org ? previous.etag : null;
    try {
      const answer = await getMyOrgMembership(client, org, etag ?? undefined);
      if (answer.notModified) return { allowed: true, via: "member", org, etag: answer.etag };
      if (answer.data.state === "active")
        return { allowed: true, via: "member", org, etag: answer.etag ?? null };
      pending ??= org;
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      if (error.kind === "not_found") continue;
      if (error.kind === "forbidden") {
        hidden ??= org;
        continue;
      }
      throw error;
    }
  }
  if (policy.allowOutsideCollaborators) {
    const collaboration = await findCollaboration(client, policy.allowedOrgs, previous);
    if (collaboration) return collaboration;
  }
  if (pending) return { allowed: false, reason: "membership_pending", org: pending };
  if (hidden) return { allowed: false, reason: "membership_hidden", org: hidden };
  return { allowed: false, reason: "not_member", org: null };
}

/**
 * An outside collaborator qualifies by collaborating on at least one repository an allowed
 * organisation owns (`GET /user/repos?affiliation=collaborator`: repositories they were added to).
 */
async function findCollaboration(
  client: GitHubClient,
  allowedOrgs: readonly string[],
  previous?: PreviousAccess,
): Promise<Admitted | null> {
  const allowed = new Set(allowedOrgs);
  for (let page = 1; page <= MAX_COLLABORATION_PAGES; page++) {
    const etag = page === 1 && previous?.via === "collaborator" ? previous.etag : null;
    const answer = await listUserRepos(client, {
      affiliation: "collaborator",
      per_page: 100,
      page,
      ...(etag ? { etag } : {}),
    });
    if (answer.notModified)
      return { allowed: true, via: "collaborator", org: previous?.org ?? null, etag: answer.etag };
    const found = answer.data.find((repo) => allowed.has(repo.owner.login.toLowerCase()));
    if (found) {
      return {
        allowed: true,
        via: "collaborator",
        org: found.owner.login.toLowerCase(),
        // Only the first page's tag proves anything next time.
        etag: page === 1 ? (answer.etag ?? null) : null,
      };
    }
    if (!answer.link?.includes('rel="next"')) return null;
  }
  return null;
}

// --- what people read --------------------------------------------------------------------

function listOf(orgs: readonly string[]): string {
  if (orgs.length <= 1) return orgs[0] ?? "the allowed organisations";
  return `${orgs.slice(0, -1).join(", ")} or ${orgs.at(-1)}`;
}

/** Why a sign-in was refused, in words a person can act on (names organisations, never tokens). */
export function refusalMessage(reason: RefusalReason, policy: AccessPolicy, org?: string | null): string {
  const orgs = listOf(policy.allowedOrgs);
  switch (reason) {
    case "not_member":
      return policy.allowOutsideCollaborators
        ? `Switchyard is for members of ${orgs} and collaborators on its repositories. Your GitHub account is neither, so it cannot sign in. Ask an owner of ${orgs} to add you, then sign in again.`
        : `Switchyard is for members of ${orgs}. Your GitHub account is not a member, so it cannot sign in. Ask an owner of ${orgs} to add you, then sign in again.`;
    case "membership_pending":
      return `You are invited to ${org ?? orgs} but have not accepted the invitation yet. Accept it on GitHub, then sign in again.`;
    case "membership_hidden":
      return `GitHub did not let Switchyard see your membership of ${org ?? orgs}. The organisation may restrict this app's access: ask an owner of ${org ?? orgs} to approve it, then sign in again.`;
    case "token_rejected":
      return "GitHub did not accept the sign-in. Try again.";
    case "check_failed":
      return `Switchyard could not confirm your membership of ${orgs} with GitHub just now. Nothing was stored; try again in a minute.`;
  }
}

/** Why someone's access ended while they were signed in (shown on the sign-in page). */
export function endedMessage(reason: string | null, policy: AccessPolicy, org?: string | null): string {
  const orgs = listOf(policy.allowedOrgs);
  switch (reason) {
    case "not_member":
      return policy.allowOutsideCollaborators
        ? `Your access ended: you are no longer a member of ${orgs} or a collaborator on its repositories.`
        : `Your access ended: you are no longer a member of ${orgs}.`;
    case "membership_pending":
      return `Your access ended: your membership of ${org ?? orgs} is waiting for you to accept an invitation.`;
    case "membership_hidden":
      return `Your access ended: GitHub no longer lets Switchyard see your membership of ${org ?? orgs}.`;
    case "token_rejected":
      return "Your access ended: GitHub no longer accepts your sign-in (it was revoked or expired). Sign in again.";
    default:
      return "Your access ended. Sign in again.";
  }
}

// --- what is stored ----------------------------------------------------------------------

type Db = PrismaClient;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function sessionTokenHash(sessionToken: string): string {
  return createHash("sha256").update(sessionToken).digest("hex");
}

/** Records a successful check. At sign-in (`signedIn`) it also lifts an earlier revocation. */
export async function recordAdmission(
  tx: Tx,
  userId: string,
  verdict: Admitted,
  { signedIn }: { signedIn: boolean },
): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: {
      accessCheckedAt: new Date(),
      accessVia: verdict.via,
      accessOrg: verdict.org,
      accessEtag: verdict.etag,
      ...(signedIn ? { accessRevokedAt: null, accessRevokedReason: null } : {}),
    },
  });
  if (signedIn) await tx.endedSession.deleteMany({ where: { userId } });
}

/**
 * Ends someone's access: every session (remembered by hash so their browser can be told why), the
 * stored GitHub tokens (Switchyard has no business holding them any more), their sync, and an
 * `auth.membership_lost` audit record, in one transaction. Idempotent: false when already revoked.
 */
export async function revokeAccess(
  db: Db,
  userId: string,
  reason: Exclude<RefusalReason, "check_failed">,
  details: { org?: string | null; allowedOrgs: readonly string[] },
): Promise<boolean> {
  const revoked = await db.$transaction(async (tx) => {
    const now = new Date();
    const changed = await tx.user.updateMany({
      where: { id: userId, accessRevokedAt: null },
      data: {
        accessRevokedAt: now,
        accessRevokedReason: reason,
        accessCheckedAt: now,
        accessEtag: null,
        ...(details.org ? { accessOrg: details.org } : {}),
      },
    });
    if (changed.count === 0) return false;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { login: true, githubId: true, sessions: { select: { sessionToken: true } } },
    });
    await tx.endedSession.createMany({
      data: user.sessions.map((s) => ({ tokenHash: sessionTokenHash(s.sessionToken), userId })),
      skipDuplicates: true,
    });
    await tx.session.deleteMany({ where: { userId } });
    await tx.account.updateMany({
      where: { userId },
      data: { access_token: null, refresh_token: null, expires_at: null },
    });
    await tx.userSyncState.updateMany({
      where: { userId },
      data: { status: "access_revoked", lastError: `Access ended (${reason}).`, nextRunAt: null },
    });
    await writeAudit(tx, {
      action: "auth.membership_lost",
      actorLogin: "switchyard",
      targetType: "user",
      targetId: userId,
      outcome: "ok",
      details: {
        login: user.login,
        githubId: user.githubId,
        reason,
        org: details.org ?? null,
        allowedOrgs: [...details.allowedOrgs],
        sessionsEnded: user.sessions.length,
      },
    });
    return true;
  });
  // The pending job would only find no token and stop; removing it says so at once.
  if (revoked)
    await stopUserSync(db, userId).catch((error: unknown) =>
      console.error("could not remove a sync job:", error instanceof Error ? error.message : error),
    );
  return revoked;
}

/**
 * For a browser whose session was ended by a revocation: why. Null when the token is unknown, or
 * the person has signed in successfully since.
 */
export async function endedAccessFor(
  db: Pick<Db, "endedSession">,
  sessionToken: string,
): Promise<{ reason: string | null; org: string | null } | null> {
  const ended = await db.endedSession.findUnique({
    where: { tokenHash: sessionTokenHash(sessionToken) },
    select: { user: { select: { accessRevokedAt: true, accessRevokedReason: true, accessOrg: true } } },
  });
  if (!ended?.user.accessRevokedAt) return null;
  return { reason: ended.user.accessRevokedReason, org: ended.user.accessOrg };
}
