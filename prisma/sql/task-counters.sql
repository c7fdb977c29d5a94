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
CREATE OR REPLACE FUNCTION switchyard_task_counter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_creator bigint;
  new_creator bigint;
BEGIN
  -- Bands (lib/tasks/states.ts): needs a human, in flight, finished.
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."archivedAt" IS NULL THEN
    UPDATE "TaskBandCounter" SET
      "needsHuman" = "needsHuman" - (OLD."state" IN ('waiting_for_user', 'failed', 'timed_out'))::int,
      "inFlight" = "inFlight" - (OLD."state" IN ('queued', 'in_progress', 'idle'))::int,
      "finished" = "finished" - (OLD."state" IN ('completed', 'cancelled'))::int
    WHERE "repositoryId" = OLD."repositoryId" AND "creatorGithubId" = coalesce(OLD."creatorGithubId", 0);
    IF OLD."campaignId" IS NOT NULL THEN
      UPDATE "TaskCampaignBandCounter" SET
        "needsHuman" = "needsHuman" - (OLD."state" IN ('waiting_for_user', 'failed', 'timed_out'))::int,
        "inFlight" = "inFlight" - (OLD."state" IN ('queued', 'in_progress', 'idle'))::int,
        "finished" = "finished" - (OLD."state" IN ('completed', 'cancelled'))::int
      WHERE "campaignId" = OLD."campaignId" AND "repositoryId" = OLD."repositoryId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."archivedAt" IS NULL THEN
    INSERT INTO "TaskBandCounter" ("repositoryId", "creatorGithubId", "needsHuman", "inFlight", "finished")
    VALUES (NEW."repositoryId", coalesce(NEW."creatorGithubId", 0),
      (NEW."state" IN ('waiting_for_user', 'failed', 'timed_out'))::int,
      (NEW."state" IN ('queued', 'in_progress', 'idle'))::int, (NEW."state" IN ('completed', 'cancelled'))::int)
    ON CONFLICT ("repositoryId", "creatorGithubId") DO UPDATE SET
      "needsHuman" = "TaskBandCounter"."needsHuman" + EXCLUDED."needsHuman",
      "inFlight" = "TaskBandCounter"."inFlight" + EXCLUDED."inFlight",
      "finished" = "TaskBandCounter"."finished" + EXCLUDED."finished";
    IF NEW."campaignId" IS NOT NULL THEN
      INSERT INTO "TaskCampaignBandCounter" ("campaignId", "repositoryId", "needsHuman", "inFlight", "finished")
      VALUES (NEW."campaignId", NEW."repositoryId",
        (NEW."state" IN ('waiting_for_user', 'failed', 'timed_out'))::int,
        (NEW."state" IN ('queued', 'in_progress', 'idle'))::int, (NEW."state" IN ('completed', 'cancelled'))::int)
      ON CONFLICT ("campaignId", "repositoryId") DO UPDATE SET
        "needsHuman" = "TaskCampaignBandCounter"."needsHuman" + EXCLUDED."needsHuman",
        "inFlight" = "TaskCampaignBandCounter"."inFlight" + EXCLUDED."inFlight",
        "finished" = "TaskCampaignBandCounter"."finished" + EXCLUDED."finished";
    END IF;
  END IF;

  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_creator := coalesce(OLD."creatorGithubId", 0);
    UPDATE "TaskCounter" SET "count" = "count" - 1
    WHERE "creatorGithubId" = old_creator AND "repositoryId" = OLD."repositoryId"
      AND "state" = OLD."state" AND "archived" = (OLD."archivedAt" IS NOT NULL);
    UPDATE "TaskCreatorCounter" SET "count" = "count" - 1
    WHERE "creatorGithubId" = old_creator AND "state" = OLD."state" AND "archived" = (OLD."archivedAt" IS NOT NULL);
    UPDATE "TaskRepositoryCounter" SET "count" = "count" - 1
    WHERE "repositoryId" = OLD."repositoryId" AND "state" = OLD."state" AND "archived" = (OLD."archivedAt" IS NOT NULL);
    IF OLD."campaignId" IS NOT NULL THEN
      UPDATE "TaskCampaignCounter" SET "count" = "count" - 1
      WHERE "campaignId" = OLD."campaignId" AND "state" = OLD."state" AND "archived" = (OLD."archivedAt" IS NOT NULL);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_creator := coalesce(NEW."creatorGithubId", 0);
    INSERT INTO "TaskCounter" ("creatorGithubId", "repositoryId", "state", "archived", "count")
    VALUES (new_creator, NEW."repositoryId", NEW."state", NEW."archivedAt" IS NOT NULL, 1)
    ON CONFLICT ("creatorGithubId", "repositoryId", "state", "archived")
    DO UPDATE SET "count" = "TaskCounter"."count" + 1;
    INSERT INTO "TaskCreatorCounter" ("creatorGithubId", "state", "archived", "count")
    VALUES (new_creator, NEW."state", NEW."archivedAt" IS NOT NULL, 1)
    ON CONFLICT ("creatorGithubId", "state", "archived")
    DO UPDATE SET "count" = "TaskCreatorCounter"."count" + 1;
    INSERT INTO "TaskRepositoryCounter" ("repositoryId", "state", "archived", "count")
    VALUES (NEW."repositoryId", NEW."state", NEW."archivedAt" IS NOT NULL, 1)
    ON CONFLICT ("repositoryId", "state", "archived")
    DO UPDATE SET "count" = "TaskRepositoryCounter"."count" + 1;
    IF NEW."campaignId" IS NOT NULL THEN
      INSERT INTO "TaskCampaignCounter" ("campaignId", "state", "archived", "count")
      VALUES (NEW."campaignId", NEW."state", NEW."archivedAt" IS NOT NULL, 1)
      ON CONFLICT ("campaignId", "state", "archived")
      DO UPDATE SET "count" = "TaskCampaignCounter"."count" + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS "Task_counter_insert_delete" ON "Task";
CREATE TRIGGER "Task_counter_insert_delete" AFTER INSERT OR DELETE ON "Task"
  FOR EACH ROW EXECUTE FUNCTION switchyard_task_counter();
DROP TRIGGER IF EXISTS "Task_counter_update" ON "Task";
CREATE TRIGGER "Task_counter_update" AFTER UPDATE ON "Task"
  FOR EACH ROW
  WHEN (OLD."state" IS DISTINCT FROM NEW."state"
     OR (OLD."archivedAt" IS NULL) IS DISTINCT FROM (NEW."archivedAt" IS NULL)
     OR OLD."creatorGithubId" IS DISTINCT FROM NEW."creatorGithubId"
     OR OLD."repositoryId" IS DISTINCT FROM NEW."repositoryId"
     OR OLD."campaignId" IS DISTINCT FROM NEW."campaignId")
  EXECUTE FUNCTION switchyard_task_counter();

-- TaskDailyChange: entries into and exits from each state per UTC day (by GitHub's updated_at, so a
-- first import spreads history over the days it happened), a column per state. Each change is
-- counted under four keys, so every reader sums few rows (prisma/schema.prisma describes them):
--   (creator, repository)  a scope of people, for a member: only repositories they can see count
--   (creator, -1)          a scope of people, for an admin
--   (-1, repository)       everyone, for a member
--   (-1, -1)               everyone, for an admin (the chart reads 14 rows)
CREATE OR REPLACE FUNCTION switchyard_task_daily_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  creator bigint;
  repository bigint;
  change_day date := (NEW."githubUpdatedAt" AT TIME ZONE 'UTC')::date;
BEGIN
  SELECT coalesce("creatorGithubId", 0), "repositoryId" INTO creator, repository FROM "Task" WHERE id = NEW."taskId";
  creator := coalesce(creator, 0);
  INSERT INTO "TaskDailyChange" ("day", "creatorGithubId", "repositoryId",
    "enteredQueued", "enteredInProgress", "enteredCompleted", "enteredFailed",
    "enteredIdle", "enteredWaitingForUser", "enteredTimedOut", "enteredCancelled",
    "exitedQueued", "exitedInProgress", "exitedCompleted", "exitedFailed",
    "exitedIdle", "exitedWaitingForUser", "exitedTimedOut", "exitedCancelled")
  SELECT change_day, k.c, k.r,
    (NEW."toState" = 'queued')::int, (NEW."toState" = 'in_progress')::int, (NEW."toState" = 'completed')::int, (NEW."toState" = 'failed')::int,
    (NEW."toState" = 'idle')::int, (NEW."toState" = 'waiting_for_user')::int, (NEW."toState" = 'timed_out')::int, (NEW."toState" = 'cancelled')::int,
    coalesce(NEW."fromState" = 'queued', false)::int, coalesce(NEW."fromState" = 'in_progress', false)::int, coalesce(NEW."fromState" = 'completed', false)::int, coalesce(NEW."fromState" = 'failed', false)::int,
    coalesce(NEW."fromState" = 'idle', false)::int, coalesce(NEW."fromState" = 'waiting_for_user', false)::int, coalesce(NEW."fromState" = 'timed_out', false)::int, coalesce(NEW."fromState" = 'cancelled', false)::int
  FROM (VALUES (creator, repository), (creator, -1), (-1, repository), (-1, -1)) AS k(c, r)
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
CREATE TRIGGER "TaskStateChange_daily" AFTER INSERT ON "TaskStateChange"
  FOR EACH ROW EXECUTE FUNCTION switchyard_task_daily_change();

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
