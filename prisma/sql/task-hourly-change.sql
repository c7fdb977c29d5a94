-- Applied after every `prisma migrate deploy` (scripts/lib/database.ts → migrateDeploy); idempotent.
BEGIN;
-- A database migrated only part of the way (test/schema-migrations.test.ts) has no TaskHourlyChange
-- yet: the functions are created without checking their bodies, the trigger only once it exists.
SET LOCAL check_function_bodies = off;

-- TaskHourlyChange: the net change of each state's count per UTC hour (by GitHub's updated_at, like
-- TaskDailyChange in task-counters.sql, under the same four keys), so the dashboard's "today" can
-- start at the viewer's own midnight. The worker's `task_hourly_prune` keeps three days.
-- Per statement (a sync page inserts up to 100 changes at once): one upsert per key, in key order.
CREATE OR REPLACE FUNCTION switchyard_task_hourly_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TaskHourlyChange" ("hour", "creatorGithubId", "repositoryId", "netQueued", "netInProgress", "netCompleted", "netFailed", "netIdle", "netWaitingForUser", "netTimedOut", "netCancelled")
  SELECT date_trunc('hour', c."githubUpdatedAt"), k.c, k.r,
    count(*) FILTER (WHERE c."toState" = 'queued') - count(*) FILTER (WHERE c."fromState" = 'queued'),
    count(*) FILTER (WHERE c."toState" = 'in_progress') - count(*) FILTER (WHERE c."fromState" = 'in_progress'),
    count(*) FILTER (WHERE c."toState" = 'completed') - count(*) FILTER (WHERE c."fromState" = 'completed'),
    count(*) FILTER (WHERE c."toState" = 'failed') - count(*) FILTER (WHERE c."fromState" = 'failed'),
    count(*) FILTER (WHERE c."toState" = 'idle') - count(*) FILTER (WHERE c."fromState" = 'idle'),
    count(*) FILTER (WHERE c."toState" = 'waiting_for_user') - count(*) FILTER (WHERE c."fromState" = 'waiting_for_user'),
    count(*) FILTER (WHERE c."toState" = 'timed_out') - count(*) FILTER (WHERE c."fromState" = 'timed_out'),
    count(*) FILTER (WHERE c."toState" = 'cancelled') - count(*) FILTER (WHERE c."fromState" = 'cancelled')
  FROM new_changes c
  JOIN "Task" t ON t.id = c."taskId"
  CROSS JOIN LATERAL (VALUES (coalesce(t."creatorGithubId", 0), t."repositoryId"),
    (coalesce(t."creatorGithubId", 0), -1), (-1, t."repositoryId"), (-1, -1)) AS k(c, r)
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT ("hour", "creatorGithubId", "repositoryId") DO UPDATE SET
    "netQueued" = "TaskHourlyChange"."netQueued" + EXCLUDED."netQueued",
    "netInProgress" = "TaskHourlyChange"."netInProgress" + EXCLUDED."netInProgress",
    "netCompleted" = "TaskHourlyChange"."netCompleted" + EXCLUDED."netCompleted",
    "netFailed" = "TaskHourlyChange"."netFailed" + EXCLUDED."netFailed",
    "netIdle" = "TaskHourlyChange"."netIdle" + EXCLUDED."netIdle",
    "netWaitingForUser" = "TaskHourlyChange"."netWaitingForUser" + EXCLUDED."netWaitingForUser",
    "netTimedOut" = "TaskHourlyChange"."netTimedOut" + EXCLUDED."netTimedOut",
    "netCancelled" = "TaskHourlyChange"."netCancelled" + EXCLUDED."netCancelled";
  RETURN NULL;
END $$;

-- Refills TaskHourlyChange from the last three days of changes (all it keeps): on first install, and
-- after a bulk load with triggers disabled (bench/dashboard.ts).
CREATE OR REPLACE FUNCTION switchyard_rebuild_task_hourly_change() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "TaskHourlyChange";
  INSERT INTO "TaskHourlyChange" ("hour", "creatorGithubId", "repositoryId", "netQueued", "netInProgress", "netCompleted", "netFailed", "netIdle", "netWaitingForUser", "netTimedOut", "netCancelled")
  SELECT date_trunc('hour', c."githubUpdatedAt"), coalesce(t."creatorGithubId", 0), t."repositoryId",
    count(*) FILTER (WHERE c."toState" = 'queued') - count(*) FILTER (WHERE c."fromState" = 'queued'),
    count(*) FILTER (WHERE c."toState" = 'in_progress') - count(*) FILTER (WHERE c."fromState" = 'in_progress'),
    count(*) FILTER (WHERE c."toState" = 'completed') - count(*) FILTER (WHERE c."fromState" = 'completed'),
    count(*) FILTER (WHERE c."toState" = 'failed') - count(*) FILTER (WHERE c."fromState" = 'failed'),
    count(*) FILTER (WHERE c."toState" = 'idle') - count(*) FILTER (WHERE c."fromState" = 'idle'),
    count(*) FILTER (WHERE c."toState" = 'waiting_for_user') - count(*) FILTER (WHERE c."fromState" = 'waiting_for_user'),
    count(*) FILTER (WHERE c."toState" = 'timed_out') - count(*) FILTER (WHERE c."fromState" = 'timed_out'),
    count(*) FILTER (WHERE c."toState" = 'cancelled') - count(*) FILTER (WHERE c."fromState" = 'cancelled')
  FROM "TaskStateChange" c JOIN "Task" t ON t.id = c."taskId"
  WHERE c."githubUpdatedAt" >= (now() AT TIME ZONE 'UTC') - interval '3 days'
  GROUP BY 1, 2, 3;
  INSERT INTO "TaskHourlyChange" ("hour", "creatorGithubId", "repositoryId", "netQueued", "netInProgress", "netCompleted", "netFailed", "netIdle", "netWaitingForUser", "netTimedOut", "netCancelled")
  SELECT "hour", "creatorGithubId", -1, sum("netQueued"), sum("netInProgress"), sum("netCompleted"), sum("netFailed"), sum("netIdle"), sum("netWaitingForUser"), sum("netTimedOut"), sum("netCancelled")
  FROM "TaskHourlyChange" GROUP BY 1, 2;
  INSERT INTO "TaskHourlyChange" ("hour", "creatorGithubId", "repositoryId", "netQueued", "netInProgress", "netCompleted", "netFailed", "netIdle", "netWaitingForUser", "netTimedOut", "netCancelled")
  SELECT "hour", -1, "repositoryId", sum("netQueued"), sum("netInProgress"), sum("netCompleted"), sum("netFailed"), sum("netIdle"), sum("netWaitingForUser"), sum("netTimedOut"), sum("netCancelled")
  FROM "TaskHourlyChange" WHERE "repositoryId" <> -1 GROUP BY 1, 3;
  INSERT INTO "TaskHourlyChange" ("hour", "creatorGithubId", "repositoryId", "netQueued", "netInProgress", "netCompleted", "netFailed", "netIdle", "netWaitingForUser", "netTimedOut", "netCancelled")
  SELECT "hour", -1, -1, sum("netQueued"), sum("netInProgress"), sum("netCompleted"), sum("netFailed"), sum("netIdle"), sum("netWaitingForUser"), sum("netTimedOut"), sum("netCancelled")
  FROM "TaskHourlyChange" WHERE "creatorGithubId" = -1 GROUP BY 1;
$$;

DO $$
BEGIN
  IF to_regclass('"TaskHourlyChange"') IS NULL THEN
    RETURN;
  END IF;
  DROP TRIGGER IF EXISTS "TaskStateChange_hourly" ON "TaskStateChange";
  CREATE TRIGGER "TaskStateChange_hourly" AFTER INSERT ON "TaskStateChange"
    REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_hourly_change();
  -- First install on existing data: empty while the daily counters saw changes in the last days.
  IF NOT EXISTS (SELECT 1 FROM "TaskHourlyChange")
     AND EXISTS (SELECT 1 FROM "TaskDailyChange" WHERE "creatorGithubId" = -1 AND "repositoryId" = -1
                 AND "day" >= (now() AT TIME ZONE 'UTC')::date - 3) THEN
    PERFORM switchyard_rebuild_task_hourly_change();
  END IF;
END $$;

COMMIT;
