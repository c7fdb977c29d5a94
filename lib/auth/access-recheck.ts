/**
 * The worker's re-check (job `access_recheck`, every five minutes): everyone who can still act here
 * (a live session or a stored token) and was last confirmed more than 50 minutes ago is asked again,
 * with their own token, so someone who left the organisation loses access within the hour. One
 * request per person, conditional on the ETag of the last answer (an unchanged membership is a free
 * 304). GitHub being unreachable changes nothing: the person is simply asked again next time.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { mapLimit } from "@/lib/concurrency";
import { GitHubError } from "@/lib/github";
import { withUserClient, type SyncDeps } from "@/lib/sync/common";
import { checkAccess, recordAdmission, revokeAccess, type AccessPolicy } from "./access";
import { TokenUnavailableError } from "@/lib/secrets/token-provider";

export type RecheckOptions = {
  /** Ask again once the last confirmation is older than this (default 50: within the hour at a 5-minute cron). */
  staleAfterMinutes?: number;
  /** People per run (the rest wait for the next run, oldest confirmation first). */
  limit?: number;
  concurrency?: number;
};

export type RecheckReport = { checked: number; kept: number; revoked: number; failed: number };

/** Ended-session markers outlive the longest session (7 days) by a day, then go. */
const ENDED_SESSION_RETENTION_DAYS = 8;

export async function recheckAccess(
  deps: SyncDeps,
  policy: AccessPolicy,
  options: RecheckOptions = {},
): Promise<RecheckReport> {
  const db: PrismaClient = deps.db;
  const stale = options.staleAfterMinutes ?? 50;
  const due = await db.$queryRaw<
    {
      id: string;
      login: string | null;
      accessVia: string | null;
      accessOrg: string | null;
      accessEtag: string | null;
    }[]
  >`
    SELECT u.id, u.login, u."accessVia", u."accessOrg", u."accessEtag" FROM "User" u
    WHERE u."accessRevokedAt" IS NULL
      AND (u."accessCheckedAt" IS NULL OR u."accessCheckedAt" < now() - make_interval(mins => ${stale}))
      AND (EXISTS (SELECT 1 FROM "Session" s WHERE s."userId" = u.id AND s.expires > now())
           OR EXISTS (SELECT 1 FROM "Account" a WHERE a."userId" = u.id AND a.access_token IS NOT NULL))
    ORDER BY u."accessCheckedAt" ASC NULLS FIRST
    LIMIT ${options.limit ?? 200}`;

  const report: RecheckReport = { checked: due.length, kept: 0, revoked: 0, failed: 0 };
  await mapLimit(due, options.concurrency ?? 4, async (person) => {
    try {
      const verdict = await withUserClient(deps, person.id, (client) =>
        checkAccess(client, policy, {
          via: person.accessVia,
          org: person.accessOrg,
          etag: person.accessEtag,
        }),
      );
      if (verdict.allowed) {
        await db.$transaction((tx) => recordAdmission(tx, person.id, verdict, { signedIn: false }));
        report.kept++;
      } else if (verdict.reason !== "check_failed") {
        if (
          await revokeAccess(db, person.id, verdict.reason, {
            org: verdict.org,
            allowedOrgs: policy.allowedOrgs,
          })
        )
          report.revoked++;
      }
    } catch (error) {
      const rejected =
        error instanceof TokenUnavailableError ||
        (error instanceof GitHubError && error.kind === "signed_out");
      if (rejected) {
        if (await revokeAccess(db, person.id, "token_rejected", { allowedOrgs: policy.allowedOrgs }))
          report.revoked++;
        return;
      }
      report.failed++;
      console.warn(
        `access: could not re-check ${person.login ?? person.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  await db.endedSession.deleteMany({
    where: { endedAt: { lt: new Date(Date.now() - ENDED_SESSION_RETENTION_DAYS * 86_400_000) } },
  });
  return report;
}
