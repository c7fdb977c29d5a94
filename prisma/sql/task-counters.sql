-- Applied after every `prisma migrate deploy` (scripts/lib/database.ts → migrateDeploy); idempotent.
-- Prisma's migration runner splits scripts on semicolons, so function bodies cannot live in migrations.
BEGIN;

-- Task counts kept by triggers, so the dashboard never counts rows:
--   TaskCounter            per (creator, repository, state, archived): scoped breakdowns
--   TaskCreatorCounter     per (creator, state, archived): totals and "by person"
--   TaskRepositoryCounter  per (repository, state, archived): "by repository" for everyone
--   TaskCampaignCounter    per (campaign, state, archived): "by campaign"
--   TaskBandCounter        per (repository, creator), not archived, by band: what a member who sees
--                          some repositories sums for "by person" and "by team"
--   TaskCampaignBandCounter per (campaign, repository), not archived, by band: their "by campaign"
-- The triggers are per statement, over transition tables: a page of 100 tasks moves each counter
-- row once with the page's sum, instead of running a handful of upserts per task (issue 18: a
-- fleet's first sync queued every writer behind per-row counter work). Each statement applies the
-- deltas of the rows it changed: the old rows count -1, the new ones +1.
CREATE OR REPLACE FUNCTION switchyard_task_counter_apply(delta jsonb) RETURNS void LANGUAGE sql AS $$
  WITH d AS (
    SELECT coalesce(x.creator, 0) AS creator, x.repository, x.state::"TaskState" AS state, x.archived,
      x.campaign, x.sign
    FROM jsonb_to_recordset(delta) AS x(creator bigint, repository bigint, state text, archived boolean,
      campaign text, sign int)
  ), band AS (
    INSERT INTO "TaskBandCounter" ("repositoryId", "creatorGithubId", "needsHuman", "inFlight", "finished")
    SELECT repository, creator,
      sum(sign * (state IN ('waiting_for_user', 'failed', 'timed_out'))::int),
      sum(sign * (state IN ('queued', 'in_progress', 'idle'))::int),
      sum(sign * (state IN ('completed', 'cancelled'))::int)
    FROM d WHERE NOT archived GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("repositoryId", "creatorGithubId") DO UPDATE SET
      "needsHuman" = "TaskBandCounter"."needsHuman" + EXCLUDED."needsHuman",
      "inFlight" = "TaskBandCounter"."inFlight" + EXCLUDED."inFlight",
      "finished" = "TaskBandCounter"."finished" + EXCLUDED."finished"
  ), campaign_band AS (
    INSERT INTO "TaskCampaignBandCounter" ("campaignId", "repositoryId", "needsHuman", "inFlight", "finished")
    SELECT campaign, repository,
      sum(sign * (state IN ('waiting_for_user', 'failed', 'timed_out'))::int),
      sum(sign * (state IN ('queued', 'in_progress', 'idle'))::int),
      sum(sign * (state IN ('completed', 'cancelled'))::int)
    FROM d WHERE NOT archived AND campaign IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("campaignId", "repositoryId") DO UPDATE SET
      "needsHuman" = "TaskCampaignBandCounter"."needsHuman" + EXCLUDED."needsHuman",
      "inFlight" = "TaskCampaignBandCounter"."inFlight" + EXCLUDED."inFlight",
      "finished" = "TaskCampaignBandCounter"."finished" + EXCLUDED."finished"
  ), counter AS (
    INSERT INTO "TaskCounter" ("creatorGithubId", "repositoryId", "state", "archived", "count")
    SELECT creator, repository, state, archived, sum(sign) FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("creatorGithubId", "repositoryId", "state", "archived")
    DO UPDATE SET "count" = "TaskCounter"."count" + EXCLUDED."count"
  ), creator_counter AS (
    INSERT INTO "TaskCreatorCounter" ("creatorGithubId", "state", "archived", "count")
    SELECT creator, state, archived, sum(sign) FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("creatorGithubId", "state", "archived")
    DO UPDATE SET "count" = "TaskCreatorCounter"."count" + EXCLUDED."count"
  ), repository_counter AS (
    INSERT INTO "TaskRepositoryCounter" ("repositoryId", "state", "archived", "count")
    SELECT repository, state, archived, sum(sign) FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("repositoryId", "state", "archived")
    DO UPDATE SET "count" = "TaskRepositoryCounter"."count" + EXCLUDED."count"
  )
  INSERT INTO "TaskCampaignCounter" ("campaignId", "state", "archived", "count")
  SELECT campaign, state, archived, sum(sign) FROM d WHERE campaign IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT ("campaignId", "state", "archived")
  DO UPDATE SET "count" = "TaskCampaignCounter"."count" + EXCLUDED."count";
$$;

-- One function per event: a transition table exists only for the event that declares it.
CREATE OR REPLACE FUNCTION switchyard_task_counter_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM switchyard_task_counter_apply((SELECT coalesce(jsonb_agg(jsonb_build_object(
    'creator', n."creatorGithubId", 'repository', n."repositoryId", 'state', n.state,
    'archived', n."archivedAt" IS NOT NULL, 'campaign', n."campaignId", 'sign', 1)), '[]') FROM new_rows n));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION switchyard_task_counter_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM switchyard_task_counter_apply((SELECT coalesce(jsonb_agg(jsonb_build_object(
    'creator', o."creatorGithubId", 'repository', o."repositoryId", 'state', o.state,
    'archived', o."archivedAt" IS NOT NULL, 'campaign', o."campaignId", 'sign', -1)), '[]') FROM old_rows o));
  RETURN NULL;
END $$;

-- Only rows whose counted columns moved (most updates confirm or refresh a row in place).
-- No nested loops: the plan of a trigger's query is cached for its connection, planned for the
-- transition tables of the first update it saw (often one row), and a nested-loop join of old to
-- new rows was then quadratic for a large one (confirming 20,000 tasks took 7.7 minutes).
CREATE OR REPLACE FUNCTION switchyard_task_counter_update() RETURNS trigger LANGUAGE plpgsql
SET enable_nestloop = off AS $$
BEGIN
  PERFORM switchyard_task_counter_apply((SELECT coalesce(jsonb_agg(x.row), '[]') FROM (
    SELECT jsonb_build_object('creator', o."creatorGithubId", 'repository', o."repositoryId", 'state', o.state,
      'archived', o."archivedAt" IS NOT NULL, 'campaign', o."campaignId", 'sign', -1) AS row
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o."state" IS DISTINCT FROM n."state"
       OR (o."archivedAt" IS NULL) IS DISTINCT FROM (n."archivedAt" IS NULL)
       OR o."creatorGithubId" IS DISTINCT FROM n."creatorGithubId"
       OR o."repositoryId" IS DISTINCT FROM n."repositoryId"
       OR o."campaignId" IS DISTINCT FROM n."campaignId"
    UNION ALL
    SELECT jsonb_build_object('creator', n."creatorGithubId", 'repository', n."repositoryId", 'state', n.state,
      'archived', n."archivedAt" IS NOT NULL, 'campaign', n."campaignId", 'sign', 1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o."state" IS DISTINCT FROM n."state"
       OR (o."archivedAt" IS NULL) IS DISTINCT FROM (n."archivedAt" IS NULL)
       OR o."creatorGithubId" IS DISTINCT FROM n."creatorGithubId"
       OR o."repositoryId" IS DISTINCT FROM n."repositoryId"
       OR o."campaignId" IS DISTINCT FROM n."campaignId") x));
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS "Task_counter_insert_delete" ON "Task";
DROP TRIGGER IF EXISTS "Task_counter_update" ON "Task";
DROP FUNCTION IF EXISTS switchyard_task_counter();
DROP TRIGGER IF EXISTS "Task_counter_insert" ON "Task";
CREATE TRIGGER "Task_counter_insert" AFTER INSERT ON "Task" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_counter_insert();
DROP TRIGGER IF EXISTS "Task_counter_delete" ON "Task";
CREATE TRIGGER "Task_counter_delete" AFTER DELETE ON "Task" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_counter_delete();
DROP TRIGGER IF EXISTS "Task_counter_update_rows" ON "Task";
CREATE TRIGGER "Task_counter_update_rows" AFTER UPDATE ON "Task" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_counter_update();

-- TaskDailyChange: entries into and exits from each state per UTC day (by GitHub's updated_at, so a
-- first import spreads history over the days it happened), a column per state. Each change is
-- counted under four keys, so every reader sums few rows (prisma/schema.prisma describes them):
--   (creator, repository)  a scope of people, for a member: only repositories they can see count
--   (creator, -1)          a scope of people, for an admin
--   (-1, repository)       everyone, for a member
--   (-1, -1)               everyone, for an admin (the chart reads 14 rows)
CREATE OR REPLACE FUNCTION switchyard_task_daily_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TaskDailyChange" ("day", "creatorGithubId", "repositoryId",
    "enteredQueued", "enteredInProgress", "enteredCompleted", "enteredFailed",
    "enteredIdle", "enteredWaitingForUser", "enteredTimedOut", "enteredCancelled",
    "exitedQueued", "exitedInProgress", "exitedCompleted", "exitedFailed",
    "exitedIdle", "exitedWaitingForUser", "exitedTimedOut", "exitedCancelled")
  SELECT (c."githubUpdatedAt" AT TIME ZONE 'UTC')::date, k.c, k.r,
    count(*) FILTER (WHERE c."toState" = 'queued'), count(*) FILTER (WHERE c."toState" = 'in_progress'),
    count(*) FILTER (WHERE c."toState" = 'completed'), count(*) FILTER (WHERE c."toState" = 'failed'),
    count(*) FILTER (WHERE c."toState" = 'idle'), count(*) FILTER (WHERE c."toState" = 'waiting_for_user'),
    count(*) FILTER (WHERE c."toState" = 'timed_out'), count(*) FILTER (WHERE c."toState" = 'cancelled'),
    count(*) FILTER (WHERE c."fromState" = 'queued'), count(*) FILTER (WHERE c."fromState" = 'in_progress'),
    count(*) FILTER (WHERE c."fromState" = 'completed'), count(*) FILTER (WHERE c."fromState" = 'failed'),
    count(*) FILTER (WHERE c."fromState" = 'idle'), count(*) FILTER (WHERE c."fromState" = 'waiting_for_user'),
    count(*) FILTER (WHERE c."fromState" = 'timed_out'), count(*) FILTER (WHERE c."fromState" = 'cancelled')
  FROM new_changes c
  LEFT JOIN "Task" t ON t.id = c."taskId"
  CROSS JOIN LATERAL (VALUES (coalesce(t."creatorGithubId", 0), t."repositoryId"),
    (coalesce(t."creatorGithubId", 0), -1), (-1, t."repositoryId"), (-1, -1)) AS k(c, r)
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT ("day", "creatorGithubId", "repositoryId") DO UPDATE SET
    "enteredQueued" = "TaskDailyChange"."enteredQueued" + EXCLUDED."enteredQueued",
    "enteredInProgress" = "TaskDailyChange"."enteredInProgress" + EXCLUDED."enteredInProgress",
    "enteredCompleted" = "TaskDailyChange"."enteredCompleted" + EXCLUDED."enteredCompleted",
    "enteredFailed" = "TaskDailyChange"."enteredFailed" + EXCLUDED."enteredFailed",
    "enteredIdle" = "TaskDailyChange"."enteredIdle" + EXCLUDED."enteredIdle",
    "enteredWaitingForUser" = "TaskDailyChange"."enteredWaitingForUser" + EXCLUDED."enteredWaitingForUser",
    "enteredTimedOut" = "TaskDailyChange"."enteredTimedOut" + EXCLUDED."enteredTimedOut",
    "enteredCancelled" = "TaskDailyChange"."enteredCancelled" + EXCLUDED."enteredCancelled",
    "exitedQueued" = "TaskDailyChange"."exitedQueued" + EXCLUDED."exitedQueued",
    "exitedInProgress" = "TaskDailyChange"."exitedInProgress" + EXCLUDED."exitedInProgress",
    "exitedCompleted" = "TaskDailyChange"."exitedCompleted" + EXCLUDED."exitedCompleted",
    "exitedFailed" = "TaskDailyChange"."exitedFailed" + EXCLUDED."exitedFailed",
    "exitedIdle" = "TaskDailyChange"."exitedIdle" + EXCLUDED."exitedIdle",
    "exitedWaitingForUser" = "TaskDailyChange"."exitedWaitingForUser" + EXCLUDED."exitedWaitingForUser",
    "exitedTimedOut" = "TaskDailyChange"."exitedTimedOut" + EXCLUDED."exitedTimedOut",
    "exitedCancelled" = "TaskDailyChange"."exitedCancelled" + EXCLUDED."exitedCancelled";
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS "TaskStateChange_daily" ON "TaskStateChange";
CREATE TRIGGER "TaskStateChange_daily" AFTER INSERT ON "TaskStateChange" REFERENCING NEW TABLE AS new_changes
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_daily_change();

-- Rebuilds every counter from the rows themselves (after a bulk load with triggers disabled, or when
-- the triggers are first installed on existing data).
CREATE OR REPLACE FUNCTION switchyard_rebuild_task_counters() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "TaskCounter";
  INSERT INTO "TaskCounter" ("creatorGithubId", "repositoryId", "state", "archived", "count")
  SELECT coalesce("creatorGithubId", 0), "repositoryId", "state", "archivedAt" IS NOT NULL, count(*)
  FROM "Task" GROUP BY 1, 2, 3, 4;
  DELETE FROM "TaskCreatorCounter";
  INSERT INTO "TaskCreatorCounter" ("creatorGithubId", "state", "archived", "count")
  SELECT "creatorGithubId", "state", "archived", sum("count") FROM "TaskCounter" GROUP BY 1, 2, 3;
  DELETE FROM "TaskRepositoryCounter";
  INSERT INTO "TaskRepositoryCounter" ("repositoryId", "state", "archived", "count")
  SELECT "repositoryId", "state", "archived", sum("count") FROM "TaskCounter" GROUP BY 1, 2, 3;
  DELETE FROM "TaskCampaignCounter";
  INSERT INTO "TaskCampaignCounter" ("campaignId", "state", "archived", "count")
  SELECT "campaignId", "state", "archivedAt" IS NOT NULL, count(*) FROM "Task"
  WHERE "campaignId" IS NOT NULL GROUP BY 1, 2, 3;
  DELETE FROM "TaskBandCounter";
  INSERT INTO "TaskBandCounter" ("repositoryId", "creatorGithubId", "needsHuman", "inFlight", "finished")
  SELECT "repositoryId", "creatorGithubId",
    coalesce(sum("count") FILTER (WHERE "state" IN ('waiting_for_user', 'failed', 'timed_out')), 0),
    coalesce(sum("count") FILTER (WHERE "state" IN ('queued', 'in_progress', 'idle')), 0),
    coalesce(sum("count") FILTER (WHERE "state" IN ('completed', 'cancelled')), 0)
  FROM "TaskCounter" WHERE NOT "archived" GROUP BY 1, 2;
  DELETE FROM "TaskCampaignBandCounter";
  INSERT INTO "TaskCampaignBandCounter" ("campaignId", "repositoryId", "needsHuman", "inFlight", "finished")
  SELECT "campaignId", "repositoryId",
    count(*) FILTER (WHERE "state" IN ('waiting_for_user', 'failed', 'timed_out')),
    count(*) FILTER (WHERE "state" IN ('queued', 'in_progress', 'idle')),
    count(*) FILTER (WHERE "state" IN ('completed', 'cancelled'))
  FROM "Task" WHERE "campaignId" IS NOT NULL AND "archivedAt" IS NULL GROUP BY 1, 2;
  DELETE FROM "TaskDailyChange";
  INSERT INTO "TaskDailyChange" ("day", "creatorGithubId", "repositoryId",
    "enteredQueued", "enteredInProgress", "enteredCompleted", "enteredFailed",
    "enteredIdle", "enteredWaitingForUser", "enteredTimedOut", "enteredCancelled",
    "exitedQueued", "exitedInProgress", "exitedCompleted", "exitedFailed",
    "exitedIdle", "exitedWaitingForUser", "exitedTimedOut", "exitedCancelled")
  SELECT (c."githubUpdatedAt" AT TIME ZONE 'UTC')::date, coalesce(t."creatorGithubId", 0), t."repositoryId",
    count(*) FILTER (WHERE c."toState" = 'queued'), count(*) FILTER (WHERE c."toState" = 'in_progress'),
    count(*) FILTER (WHERE c."toState" = 'completed'), count(*) FILTER (WHERE c."toState" = 'failed'),
    count(*) FILTER (WHERE c."toState" = 'idle'), count(*) FILTER (WHERE c."toState" = 'waiting_for_user'),
    count(*) FILTER (WHERE c."toState" = 'timed_out'), count(*) FILTER (WHERE c."toState" = 'cancelled'),
    count(*) FILTER (WHERE c."fromState" = 'queued'), count(*) FILTER (WHERE c."fromState" = 'in_progress'),
    count(*) FILTER (WHERE c."fromState" = 'completed'), count(*) FILTER (WHERE c."fromState" = 'failed'),
    count(*) FILTER (WHERE c."fromState" = 'idle'), count(*) FILTER (WHERE c."fromState" = 'waiting_for_user'),
    count(*) FILTER (WHERE c."fromState" = 'timed_out'), count(*) FILTER (WHERE c."fromState" = 'cancelled')
  FROM "TaskStateChange" c JOIN "Task" t ON t.id = c."taskId"
  GROUP BY 1, 2, 3;
  INSERT INTO "TaskDailyChange" ("day", "creatorGithubId", "repositoryId",
    "enteredQueued", "enteredInProgress", "enteredCompleted", "enteredFailed",
    "enteredIdle", "enteredWaitingForUser", "enteredTimedOut", "enteredCancelled",
    "exitedQueued", "exitedInProgress", "exitedCompleted", "exitedFailed",
    "exitedIdle", "exitedWaitingForUser", "exitedTimedOut", "exitedCancelled")
  SELECT "day", "creatorGithubId", -1, sum("enteredQueued"), sum("enteredInProgress"), sum("enteredCompleted"), sum("enteredFailed"), sum("enteredIdle"), sum("enteredWaitingForUser"), sum("enteredTimedOut"), sum("enteredCancelled"), sum("exitedQueued"), sum("exitedInProgress"), sum("exitedCompleted"), sum("exitedFailed"), sum("exitedIdle"), sum("exitedWaitingForUser"), sum("exitedTimedOut"), sum("exitedCancelled")
  FROM "TaskDailyChange" GROUP BY 1, 2;
  INSERT INTO "TaskDailyChange" ("day", "creatorGithubId", "repositoryId",
    "enteredQueued", "enteredInProgress", "enteredCompleted", "enteredFailed",
    "enteredIdle", "enteredWaitingForUser", "enteredTimedOut", "enteredCancelled",
    "exitedQueued", "exitedInProgress", "exitedCompleted", "exitedFailed",
    "exitedIdle", "exitedWaitingForUser", "exitedTimedOut", "exitedCancelled")
  SELECT "day", -1, "repositoryId", sum("enteredQueued"), sum("enteredInProgress"), sum("enteredCompleted"), sum("enteredFailed"), sum("enteredIdle"), sum("enteredWaitingForUser"), sum("enteredTimedOut"), sum("enteredCancelled"), sum("exitedQueued"), sum("exitedInProgress"), sum("exitedCompleted"), sum("exitedFailed"), sum("exitedIdle"), sum("exitedWaitingForUser"), sum("exitedTimedOut"), sum("exitedCancelled")
  FROM "TaskDailyChange" WHERE "repositoryId" <> -1 GROUP BY 1, 3;
  INSERT INTO "TaskDailyChange" ("day", "creatorGithubId", "repositoryId",
    "enteredQueued", "enteredInProgress", "enteredCompleted", "enteredFailed",
    "enteredIdle", "enteredWaitingForUser", "enteredTimedOut", "enteredCancelled",
    "exitedQueued", "exitedInProgress", "exitedCompleted", "exitedFailed",
    "exitedIdle", "exitedWaitingForUser", "exitedTimedOut", "exitedCancelled")
  SELECT "day", -1, -1, sum("enteredQueued"), sum("enteredInProgress"), sum("enteredCompleted"), sum("enteredFailed"), sum("enteredIdle"), sum("enteredWaitingForUser"), sum("enteredTimedOut"), sum("enteredCancelled"), sum("exitedQueued"), sum("exitedInProgress"), sum("exitedCompleted"), sum("exitedFailed"), sum("exitedIdle"), sum("exitedWaitingForUser"), sum("exitedTimedOut"), sum("exitedCancelled")
  FROM "TaskDailyChange" WHERE "creatorGithubId" = -1 GROUP BY 1;
$$;

SELECT switchyard_rebuild_task_counters()
WHERE (SELECT coalesce(sum("count"), 0) FROM "TaskCounter") <> (SELECT count(*) FROM "Task")
   OR (SELECT coalesce(sum("needsHuman" + "inFlight" + "finished"), 0) FROM "TaskBandCounter")
      <> (SELECT count(*) FROM "Task" WHERE "archivedAt" IS NULL)
   OR (SELECT coalesce(sum("count"), 0) FROM "TaskCreatorCounter") <> (SELECT count(*) FROM "Task")
   OR (EXISTS (SELECT 1 FROM "TaskStateChange")
       AND NOT EXISTS (SELECT 1 FROM "TaskDailyChange" WHERE "creatorGithubId" = -1 AND "repositoryId" = -1));

COMMIT;
