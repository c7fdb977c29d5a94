/**
 * Repository-scoped sync: keeps tasks fresh whose creators have no usable sign-in here (never signed
 * in, signed out, token revoked). Lists the repository's tasks filtered by those creators
 * (`creator_id`) with the token of a signed-in person who can see the repository.
 */
import type { SyncStatus } from "@/generated/prisma/enums";
import { getRepoTask, listRepoTasks, GitHubError, type Conditional, type GitHubClient } from "@/lib/github";
import { nextDelaySeconds } from "./cadence";
import {
  acquireLease,
  configOf,
  cycleOutcome,
  describeFailure,
  fetchStaleDetails,
  guardBudget,
  releaseLease,
  secondsUntilAllowed,
  withUserClient,
  type SyncDeps,
} from "./common";
import { listActiveAndArchived, listQuery, type ListPage, type PageRequest } from "./listing";
import { toTaskRow } from "./mapping";
import { confirmTasks, upsertTasks } from "./store";
import { RUNNING_STATES } from "@/lib/task-states";

/** Repositories with tracked tasks whose creators cannot be synced with their own token. */
export async function repositoriesNeedingScopedSync(
  db: SyncDeps["db"],
): Promise<{ repositoryId: string; creatorGithubIds: string[] }[]> {
  const rows = await db.$queryRaw<{ repositoryId: bigint; creators: bigint[] }[]>`
    SELECT t."repositoryId", array_agg(DISTINCT t."creatorGithubId" ORDER BY t."creatorGithubId") AS creators
    FROM "Task" t
    WHERE t."creatorGithubId" IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM "User" u JOIN "Account" a ON a."userId" = u.id AND a.provider = 'github'
        WHERE u."githubId" = t."creatorGithubId" AND a."tokenProblem" IS NULL AND a.access_token IS NOT NULL)
    GROUP BY t."repositoryId"`;
  return rows.map((row) => ({
    repositoryId: row.repositoryId.toString(),
    creatorGithubIds: row.creators.map(String),
  }));
}

/** Signed-in people with a usable token, those who created tasks in the repository first. */
async function candidateUsers(db: SyncDeps["db"], repositoryId: bigint, preferred: string | null) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "User" u JOIN "Account" a ON a."userId" = u.id AND a.provider = 'github'
    WHERE a."tokenProblem" IS NULL AND a.access_token IS NOT NULL
    ORDER BY (u.id = ${preferred}) DESC NULLS LAST,
      EXISTS (SELECT 1 FROM "Task" t WHERE t."repositoryId" = ${repositoryId}
              AND t."creatorGithubId" = u."githubId") DESC,
      u."createdAt"
    LIMIT 3`;
  return rows.map((row) => row.id);
}

export type RepositoryCycleReport = {
  repositoryId: string;
  /** How the pass ended, as stored in RepositorySyncState; "skipped" when it did not run. */
  status: SyncStatus | "skipped";
  requests: number;
  notModified: boolean;
  changes: number;
  detailsFetched: number;
  nextRunAt: Date | null;
  message?: string;
  skipped?: "lease_held" | "nothing_to_sync";
};

export async function syncRepositoryCycle(
  deps: SyncDeps,
  repositoryId: string,
): Promise<RepositoryCycleReport> {
  const { db } = deps;
  const config = configOf(deps);
  const id = BigInt(repositoryId);
  const report: RepositoryCycleReport = {
    repositoryId,
    status: "ok",
    requests: 0,
    notModified: false,
    changes: 0,
    detailsFetched: 0,
    nextRunAt: null,
  };
  const target = (await repositoriesNeedingScopedSync(db)).find((row) => row.repositoryId === repositoryId);
  const repository = await db.repository.findUnique({ where: { id } });
  if (!target || !repository) return { ...report, status: "skipped", skipped: "nothing_to_sync" };

  await db.$executeRaw`
    INSERT INTO "RepositorySyncState" ("repositoryId", "updatedAt") VALUES (${id}, now()) ON CONFLICT DO NOTHING`;
  const lease = await acquireLease(deps, "RepositorySyncState", id);
  if (!lease)
    return { ...report, status: "skipped", skipped: "lease_held", nextRunAt: new Date(Date.now() + 30_000) };

  const state = await db.repositorySyncState.findUniqueOrThrow({ where: { repositoryId: id } });
  const startedAt = new Date();
  let failure: ReturnType<typeof describeFailure> | undefined;
  let via: string | null = null;
  for (const userId of await candidateUsers(db, id, state.viaUserId)) {
    failure = undefined;
    via = userId;
    try {
      await withUserClient(deps, userId, async (client: GitHubClient) => {
        const fetchPage = (request: PageRequest) => {
          guardBudget(client);
          return listRepoTasks(client, {
            owner: repository.owner,
            repo: repository.name,
            creator_id: target.creatorGithubIds.map(Number),
            ...listQuery(request),
          }) as Promise<Conditional<ListPage>>;
        };
        const store = async (tasks: ListPage["tasks"]) => {
          const rows = tasks.map(toTaskRow).filter((row) => row !== null);
          report.changes += (await upsertTasks(db, rows, "repo_list")).length;
        };
        const { active: result, archived } = await listActiveAndArchived({
          state: { watermark: state.watermark, etag: state.listEtag, etagSince: state.etagSince },
          overlapSeconds: config.overlapSeconds,
          fetchPage,
          store,
          saveWatermark: (watermark) => db.$executeRaw`
              UPDATE "RepositorySyncState" SET watermark = GREATEST(watermark, ${watermark}), "updatedAt" = now()
              WHERE "repositoryId" = ${id}`,
        });
        report.requests += result.requests + (archived?.requests ?? 0);
        report.notModified = result.notModified;
        const details = await fetchStaleDetails(
          deps,
          client,
          { repositoryId, creatorGithubIds: target.creatorGithubIds },
          (c, taskId) => getRepoTask(c, { owner: repository.owner, repo: repository.name, task_id: taskId }),
          "detail",
        );
        report.requests += details.requests;
        report.detailsFetched = details.fetched;
        await confirmTasks(
          db,
          { repositoryId, creatorGithubIds: target.creatorGithubIds },
          { olderThanSeconds: config.confirmSettledAfterSeconds },
        );
        await db.repositorySyncState.update({
          where: { repositoryId: id },
          data: { listEtag: result.etag, etagSince: result.etagSince, viaUserId: userId },
        });
      });
      break;
    } catch (error) {
      failure = describeFailure(error);
      // This person cannot see the repository (or has no usable token): try someone else.
      const tryNext =
        failure.status === "token_problem" ||
        (error instanceof GitHubError && (error.kind === "not_found" || error.kind === "forbidden"));
      if (!tryNext) break;
    }
  }
  if (!via) failure = { status: "no_token", message: "Nobody signed in can read this repository's tasks." };

  const now = new Date();
  const consecutiveErrors = failure ? state.consecutiveErrors + 1 : 0;
  const hasActive =
    (await db.task.count({
      where: {
        repositoryId: id,
        creatorGithubId: { in: target.creatorGithubIds.map(BigInt) },
        state: { in: [...RUNNING_STATES] },
      },
    })) > 0;
  const delay = nextDelaySeconds(
    {
      consecutiveErrors,
      watching: false,
      backlog: false,
      hasActive,
      notBeforeSeconds: secondsUntilAllowed(failure, now),
    },
    { ...config, settledSeconds: config.settledSeconds * 5 },
  );
  report.status = failure?.status ?? "ok";
  report.message = failure?.message;
  report.nextRunAt = new Date(now.getTime() + delay * 1000);
  await db.repositorySyncState.update({
    where: { repositoryId: id },
    data: {
      ...cycleOutcome({ startedAt, now, failure, consecutiveErrors, nextRunAt: report.nextRunAt }),
    },
  });
  await releaseLease(deps, "RepositorySyncState", id, lease);
  return report;
}
