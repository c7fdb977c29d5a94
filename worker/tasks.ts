import type { Task as Handler, TaskList } from "graphile-worker";
import { z } from "zod";
import type { AccessPolicy } from "../lib/auth/access";
import type { GitHubClient } from "../lib/github";
import { recheckAccess } from "../lib/auth/access-recheck";
import { applyBudgets } from "../lib/campaigns/budget";
import { runQueuedDryRun } from "../lib/campaigns/dry-run-job";
import { withSessionLock } from "../lib/campaigns/lock";
import { runCampaignSlice, type CampaignRunnerConfig } from "../lib/campaigns/runner";
import { campaignJobKey, queueCampaignTick, scheduleActiveCampaigns } from "../lib/campaigns/schedule";
import { notificationTaskList } from "../lib/notifications/jobs";
import { publishStateChange } from "../lib/notifications/publish";
import { executeScheduleRun } from "../lib/schedules/run";
import { claimDueSlots } from "../lib/schedules/tick";
import { configOf, withUserClient, type SyncDeps } from "../lib/sync/common";
import { handleStateChanges } from "../lib/sync/events";
import { refreshOutcomesCycle } from "../lib/outcomes/refresh";
import { queueOutcomesRefresh } from "../lib/outcomes/schedule";
import { reconcileLaunches } from "../lib/tasks/reconcile";
import { applyStateChangeToTriage, escalateOverdue, type TriageDeps } from "../lib/triage/lifecycle";
import { syncReviewItems } from "../lib/triage/reviews";
import { queueRepositorySync, queueUserSync } from "../lib/jobs/sync";
import { runCircuitProbe, scheduleAllSyncs } from "../lib/sync/schedule";
import { syncRepositoryCycle } from "../lib/sync/sync-repository";
import { syncUserCycle } from "../lib/sync/sync-user";
import { refreshRepositoryAccess } from "../lib/visibility/refresh";
import { queueAccessRefresh, scheduleAccessRefreshes } from "../lib/visibility/schedule";

/** The sync jobs: the worker runs them in slots of their own (worker/runner.ts `lane`). */
export const SYNC_TASKS = ["sync_user", "sync_repository", "sync_probe"] as const;

const userPayload = z.object({ userId: z.string().min(1) });
const repositoryPayload = z.object({ repositoryId: z.string().regex(/^\d+$/) });
const changeId = z.string().regex(/^\d+$/);
/** One change (jobs queued before changes were batched) or the changes of one write. */
const changePayload = z.union([
  z.object({ changeIds: z.array(changeId).min(1).max(1000) }).transform((p) => p.changeIds),
  z.object({ changeId }).transform((p) => [p.changeId]),
]);
const campaignPayload = z.object({ campaignId: z.string().min(1) });
const scheduleRunPayload = z.object({ runId: z.string().min(1).max(64) });
const tickAtPayload = z.object({ at: z.iso.datetime() });

/**
 * Job handlers by name (names must match [_a-zA-Z][_a-zA-Z0-9:]*).
 * - `sync_user` / `sync_repository`: one sync cycle, which then queues its own next run.
 * - `sync_probe`: while GitHub is down for everyone, one person's cycle asks again (the outage
 *   circuit, lib/sync/circuit.ts); its success resumes everyone.
 * - `sync_schedule` (every minute): makes sure every sync (and every refresh of visible repositories)
 *   has a pending job.
 * - `repository_access`: refreshes the repositories one person can see on GitHub (conditional
 *   requests), which every read of tasks is filtered by; then queues its next run.
 * - `task_state_changed`: the domain event queued with every recorded state change; triage opens and
 *   closes items from it.
 * - `triage_escalate` (every minute): snoozes that ended, SLA escalations.
 * - `launch_reconcile` (every minute): settles launches whose outcome is unknown, against GitHub.
 * - `campaign_dry_run`: a campaign's dry run, with the requester's own GitHub access.
 * - `campaign_tick`: one slice of a campaign's runner (under the campaign's session lock), which
 *   queues the next; the `sync_schedule` repair pass restarts chains a crash broke.
 * - `deliver_webhook` / `deliver_webhook_digest`: outgoing notifications, retried with backoff.
 * - `schedule_tick` (every minute): claims each schedule's due slot once (lib/schedules/tick.ts) and
 *   queues its `schedule_run`, which starts the template as the schedule's owner.
 * - `schedule_tick_at` (only with `testClock`, SWITCHYARD_TEST_CLOCK=1): the same tick at the time
 *   in its payload, so end-to-end tests can move the scheduler's clock.
 * - `budget_sweep` (every minute): budget notices at 80 % and 100 %, campaigns a used-up hard budget
 *   covers paused, and resumed once it no longer blocks them (a new month, an override).
 * - `worker_prune_heartbeats`: removes workers that stopped without saying goodbye.
 * - `outcomes_refresh`: one cycle of pull request tracking (lookups, feeds, due PRs; conditional
 *   requests as each task's launcher), then review items (lib/triage/reviews.ts: opened for completed
 *   tasks' open PRs, resolved on merge or close); queues its next run; `sync_schedule` repairs the chain.
 * - `access_recheck` (every five minutes): asks GitHub again whether each signed-in person may still
 *   use Switchyard (at least hourly each); ends the access of those who may not.
 */
export function createTaskList(
  deps: SyncDeps & {
    appUrl?: string;
    campaignConfig?: Partial<CampaignRunnerConfig>;
    /** Who may use Switchyard (SWITCHYARD_ALLOWED_ORGS, SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS). */
    accessPolicy: AccessPolicy;
    /** Registers `schedule_tick_at` (SWITCHYARD_TEST_CLOCK=1, refused in production). */
    testClock?: boolean;
  },
): TaskList {
  const triage: TriageDeps = {
    db: deps.db,
    appUrl: deps.appUrl ?? "http://localhost:3000",
    clientForRepository: (repository) => clientForRepository(deps, repository.id),
  };
  const syncUser: Handler = async (payload) => {
    const { userId } = userPayload.parse(payload);
    const report = await syncUserCycle(deps, userId);
    // A skipped cycle (another one holds the lease) must not push back what that one scheduled.
    if (report.nextRunAt)
      await queueUserSync(deps.db, userId, report.nextRunAt, report.skipped ? "preserve_run_at" : "replace");
    if (report.status !== "ok" && !report.skipped)
      console.warn(`sync: user ${userId}: ${report.status}: ${report.message ?? ""}`);
  };
  const syncRepository: Handler = async (payload) => {
    const { repositoryId } = repositoryPayload.parse(payload);
    const report = await syncRepositoryCycle(deps, repositoryId);
    if (report.nextRunAt)
      await queueRepositorySync(
        deps.db,
        repositoryId,
        report.nextRunAt,
        report.skipped ? "preserve_run_at" : "replace",
      );
  };
  const schedules = {
    db: deps.db,
    appUrl: deps.appUrl ?? "http://localhost:3000",
    actingFor: (user: { id: string; login: string; role: "admin" | "member" }) => ({
      db: deps.db,
      user,
      withClient: <T>(work: (client: GitHubClient) => Promise<T>) => withUserClient(deps, user.id, work),
    }),
  };
  return {
    sync_user: syncUser,
    sync_repository: syncRepository,
    sync_probe: async () => {
      await runCircuitProbe(deps);
    },
    sync_schedule: async () => {
      await scheduleAllSyncs(deps.db);
      await scheduleAccessRefreshes(deps.db);
      await scheduleActiveCampaigns(deps.db);
      await queueOutcomesRefresh(deps.db, new Date(), "preserve_run_at");
    },
    outcomes_refresh: async () => {
      // PR reads spend the same per-person budget as the sync (lib/sync/budget.ts).
      const report = await refreshOutcomesCycle({ ...deps, budget: configOf(deps) });
      // Review items follow the PRs this cycle linked, merged or closed (and catch up on any missed).
      await syncReviewItems(triage);
      await queueOutcomesRefresh(deps.db, report.nextRunAt);
    },
    repository_access: async (payload) => {
      const { userId } = userPayload.parse(payload);
      const pass = await refreshRepositoryAccess(deps, userId);
      if (pass.nextRunAt) await queueAccessRefresh(deps.db, userId, pass.nextRunAt);
      if (pass.status !== "ok" && pass.status !== "skipped")
        console.warn(`repository access: user ${userId}: ${pass.status}: ${pass.message ?? ""}`);
    },
    campaign_dry_run: async (payload) => {
      await runQueuedDryRun(deps, campaignPayload.parse(payload).campaignId);
    },
    campaign_tick: async (payload, helpers) => {
      const { campaignId } = campaignPayload.parse(payload);
      const result = await helpers.withPgClient((client) =>
        withSessionLock(client, campaignJobKey(campaignId), () => runCampaignSlice(deps, campaignId)),
      );
      // Busy: another worker is running this campaign and queues its own next slice.
      if (result.acquired && result.value.nextRunAt)
        await queueCampaignTick(deps.db, campaignId, result.value.nextRunAt);
    },
    task_state_changed: async (payload) => {
      // In order; a retry after a crash repeats the batch, and consumers are idempotent per change.
      await handleStateChanges(
        deps.db,
        changePayload.parse(payload).map((id) => BigInt(id)),
        [
          (_db, event) => applyStateChangeToTriage(triage, event),
          async (db, event) => {
            await publishStateChange(db, event);
          },
        ],
      );
    },
    triage_escalate: async () => {
      await escalateOverdue(triage);
    },
    launch_reconcile: async () => {
      await reconcileLaunches(deps);
    },
    ...notificationTaskList(deps.db),
    schedule_tick: async () => {
      await claimDueSlots(deps.db, new Date());
    },
    ...(deps.testClock
      ? {
          schedule_tick_at: async (payload: unknown) => {
            await claimDueSlots(deps.db, new Date(tickAtPayload.parse(payload).at));
          },
        }
      : {}),
    schedule_run: async (payload) => {
      await executeScheduleRun(schedules, scheduleRunPayload.parse(payload).runId);
    },
    access_recheck: async () => {
      const report = await recheckAccess(deps, deps.accessPolicy);
      if (report.revoked || report.failed)
        console.info(`access: ${report.checked} checked, ${report.revoked} ended, ${report.failed} to retry`);
    },
    budget_sweep: async () => {
      const report = await applyBudgets(deps.db, { appUrl: triage.appUrl });
      if (report.paused || report.resumed)
        console.info(`budgets: ${report.paused} campaigns paused, ${report.resumed} resumed`);
    },
    // The dashboard's "today" reads at most ~26 hours of hourly counters; three days leave margin.
    task_hourly_prune: async (_payload, helpers) => {
      await helpers.query(
        `DELETE FROM "TaskHourlyChange" WHERE "hour" < (now() AT TIME ZONE 'UTC') - interval '3 days'`,
      );
    },
    worker_prune_heartbeats: async (_payload, helpers) => {
      await helpers.query(`DELETE FROM "WorkerHeartbeat" WHERE "lastBeatAt" < now() - interval '10 minutes'`);
    },
  };
}

export const crontab = [
  "* * * * * sync_schedule",
  "* * * * * triage_escalate",
  "* * * * * launch_reconcile",
  "* * * * * schedule_tick",
  "* * * * * budget_sweep",
  "*/5 * * * * worker_prune_heartbeats",
  "*/5 * * * * access_recheck",
  "17 * * * * task_hourly_prune",
].join("\n");

/**
 * A client that can read a repository (CODEOWNERS): a signed-in person with a usable token who has
 * tasks there, the one with the most background budget left (so one person with tasks everywhere
 * does not pay for every repository), else anyone signed in. Null when nobody can. These reads are
 * not charged to that budget: concurrent event jobs that miss the cache together could drive it far
 * past its floor (a test's person was paused for minutes); a few reads per repository an hour.
 */
async function clientForRepository(deps: SyncDeps, repositoryId: bigint) {
  const rows = await deps.db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "User" u JOIN "Account" a ON a."userId" = u.id AND a.provider = 'github'
    LEFT JOIN "UserSyncState" s ON s."userId" = u.id
    WHERE a."tokenProblem" IS NULL AND a.access_token IS NOT NULL
    ORDER BY EXISTS (SELECT 1 FROM "Task" t WHERE t."repositoryId" = ${repositoryId}
                     AND t."creatorGithubId" = u."githubId") DESC,
      s."syncBudget" DESC NULLS FIRST, u."createdAt"
    LIMIT 1`;
  if (!rows[0]) return null;
  try {
    return await deps.clientFor(rows[0].id, { forceRefresh: false });
  } catch {
    return null;
  }
}
