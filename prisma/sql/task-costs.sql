-- Applied after every `prisma migrate deploy` (scripts/lib/database.ts → migrateDeploy); idempotent.
BEGIN;
-- A database migrated only part of the way (test/schema-migrations.test.ts) has no TaskCost yet: the
-- functions are created without checking their bodies, and the triggers only once the table exists.
SET LOCAL check_function_bodies = off;

-- TaskCost: what tasks cost, by the UTC period they were created in, kept by a trigger on Task so
-- the Costs page, budgets and the dashboard never sum the task table. A task counts once per
-- dimension it has (day, month, person, and campaign, template and model when set), each under its
-- repository (a member sums the repositories they see) and under -1 (everyone). A task's cost moves
-- with it: a change of cost, creator, repository, campaign, template, model, creation time or pull
-- request takes the old contribution out and puts the new one in, so sums stay exact to the nano.

-- The rows a task counts in: (dimension, period, key, repository). "createdAt" holds UTC without a
-- zone, so its date is the UTC day whatever the session's time zone.
CREATE OR REPLACE FUNCTION switchyard_task_cost_keys(t "Task")
RETURNS TABLE (dimension text, period date, key text, repository bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT d.dimension, d.period, d.key, r.repository
  FROM (VALUES
      ('day', t."createdAt"::date, ''),
      ('month', date_trunc('month', t."createdAt")::date, ''),
      ('person', date_trunc('month', t."createdAt")::date, coalesce(t."creatorGithubId", 0)::text),
      ('campaign', date_trunc('month', t."createdAt")::date, t."campaignId"),
      ('template', date_trunc('month', t."createdAt")::date, t."templateId"),
      ('model', date_trunc('month', t."createdAt")::date, coalesce(t.model, ''))
    ) AS d(dimension, period, key)
  CROSS JOIN (VALUES (t."repositoryId"), (-1::bigint)) AS r(repository)
  WHERE d.key IS NOT NULL
$$;

DROP FUNCTION IF EXISTS switchyard_task_cost_apply("Task", int);

-- Per statement, over transition tables: a page of 100 new tasks moves each TaskCost row once with
-- the page's sum (per row it cost two seconds a thousand tasks, all inside the task-write lock).
-- `plus` are the rows counted in, `minus` the rows taken out.
CREATE OR REPLACE FUNCTION switchyard_task_cost_apply(plus "Task"[], minus "Task"[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "TaskCost" ("dimension", "period", "key", "repositoryId", "creditsNano", "premiumRequests", "tasks", "withPullRequest")
  SELECT k.dimension::"CostDimension", k.period, k.key, k.repository,
    sum(s.sign * (s.t)."creditsNano"), sum(s.sign * (s.t)."premiumRequests"), sum(s.sign),
    sum(s.sign * ((s.t)."pullRequestId" IS NOT NULL)::int)
  FROM (SELECT p AS t, 1 AS sign FROM unnest(plus) AS p
        UNION ALL SELECT m, -1 FROM unnest(minus) AS m) s
  CROSS JOIN LATERAL switchyard_task_cost_keys(s.t) k
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT ("dimension", "period", "repositoryId", "key") DO UPDATE SET
    "creditsNano" = "TaskCost"."creditsNano" + EXCLUDED."creditsNano",
    "premiumRequests" = "TaskCost"."premiumRequests" + EXCLUDED."premiumRequests",
    "tasks" = "TaskCost"."tasks" + EXCLUDED."tasks",
    "withPullRequest" = "TaskCost"."withPullRequest" + EXCLUDED."withPullRequest";
$$;

-- One function per event: a transition table exists only for the event that declares it.
CREATE OR REPLACE FUNCTION switchyard_task_cost_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM switchyard_task_cost_apply(ARRAY(SELECT n::"Task" FROM new_rows n), '{}'::"Task"[]);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION switchyard_task_cost_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM switchyard_task_cost_apply('{}'::"Task"[], ARRAY(SELECT o::"Task" FROM old_rows o));
  RETURN NULL;
END $$;

-- Only rows whose counted columns moved (most updates confirm or refresh a row in place). No nested
-- loops, as switchyard_task_counter_update (task-counters.sql) says.
CREATE OR REPLACE FUNCTION switchyard_task_cost_update() RETURNS trigger LANGUAGE plpgsql
SET enable_nestloop = off AS $$
DECLARE
  moved text[];
BEGIN
  SELECT coalesce(array_agg(n.id), '{}') INTO moved
  FROM old_rows o JOIN new_rows n ON n.id = o.id
  WHERE o."creditsNano" IS DISTINCT FROM n."creditsNano"
     OR o."premiumRequests" IS DISTINCT FROM n."premiumRequests"
     OR o."creatorGithubId" IS DISTINCT FROM n."creatorGithubId"
     OR o."repositoryId" IS DISTINCT FROM n."repositoryId"
     OR o."campaignId" IS DISTINCT FROM n."campaignId"
     OR o."templateId" IS DISTINCT FROM n."templateId"
     OR o.model IS DISTINCT FROM n.model
     OR o."createdAt" IS DISTINCT FROM n."createdAt"
     OR (o."pullRequestId" IS NULL) IS DISTINCT FROM (n."pullRequestId" IS NULL);
  IF cardinality(moved) > 0 THEN
    PERFORM switchyard_task_cost_apply(
      ARRAY(SELECT n::"Task" FROM new_rows n JOIN unnest(moved) AS m(id) ON m.id = n.id),
      ARRAY(SELECT o::"Task" FROM old_rows o JOIN unnest(moved) AS m(id) ON m.id = o.id));
  END IF;
  RETURN NULL;
END $$;

-- Merged pull requests, kept beside the cost (TaskCost.mergedPullRequests and mergedTasks) so cost per
-- merged PR and merge rate are read like credits, never by joining tasks to pull requests. What counts
-- is a link (TaskPullRequest) from a task to a PR in state merged, merged after the first day of the
-- UTC month the task was created in (lib/costs/outcomes.ts). Each such link adds 1 to
-- TaskCostMerge for each group of its task (not `day`, not -1), and to TaskMergeCount for its task,
-- and the counters move only on 0 <-> 1: a PR several tasks of a group worked on counts once there,
-- a task with several merged PRs once. Every link's contribution depends only on its task's and its
-- PR's current rows, so each change takes the old contributions out and puts the new ones in:
-- a link added or removed, a PR's state or merge time, a task's groups. The "everyone" row (-1)
-- moves with each repository's: a PR's tasks are in its repository (lib/outcomes links a task only
-- to PRs of its own), so summing repositories counts each PR once, for an admin and a member alike.
-- The PR comes in as its id, state and merge time (a database migrated part of the way has no
-- "PullRequest" type for a parameter).
CREATE OR REPLACE FUNCTION switchyard_task_merge_apply(t "Task", pull bigint, state text, merged_at timestamp, sign int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  edge int := CASE WHEN sign > 0 THEN 1 ELSE 0 END;
  task_links int;
  task_edge boolean;
  refs int;
  pull_edge boolean;
  k record;
BEGIN
  IF state IS DISTINCT FROM 'merged' OR merged_at IS NULL
     OR merged_at < date_trunc('month', t."createdAt") THEN
    RETURN;
  END IF;
  INSERT INTO "TaskMergeCount" AS m ("taskId", "links") VALUES (t.id, sign)
    ON CONFLICT ("taskId") DO UPDATE SET "links" = m."links" + EXCLUDED."links"
    RETURNING m."links" INTO task_links;
  task_edge := task_links = edge;
  IF task_links = 0 THEN
    DELETE FROM "TaskMergeCount" WHERE "taskId" = t.id;
  END IF;
  FOR k IN SELECT * FROM switchyard_task_cost_keys(t) c WHERE c.dimension <> 'day' AND c.repository <> -1 LOOP
    INSERT INTO "TaskCostMerge" AS r ("dimension", "period", "key", "repositoryId", "pullRequestId", "tasks")
    VALUES (k.dimension::"CostDimension", k.period, k.key, k.repository, pull, sign)
    ON CONFLICT ("dimension", "period", "repositoryId", "key", "pullRequestId")
      DO UPDATE SET "tasks" = r."tasks" + EXCLUDED."tasks"
    RETURNING r."tasks" INTO refs;
    pull_edge := refs = edge;
    IF refs = 0 THEN
      DELETE FROM "TaskCostMerge" WHERE "dimension" = k.dimension::"CostDimension" AND "period" = k.period
        AND "repositoryId" = k.repository AND "key" = k.key AND "pullRequestId" = pull;
    END IF;
    IF pull_edge OR task_edge THEN
      INSERT INTO "TaskCost" AS c ("dimension", "period", "key", "repositoryId", "mergedPullRequests", "mergedTasks")
      SELECT k.dimension::"CostDimension", k.period, k.key, r.repository,
        CASE WHEN pull_edge THEN sign ELSE 0 END, CASE WHEN task_edge THEN sign ELSE 0 END
      FROM (VALUES (k.repository), (-1::bigint)) AS r(repository)
      ON CONFLICT ("dimension", "period", "repositoryId", "key") DO UPDATE SET
        "mergedPullRequests" = c."mergedPullRequests" + EXCLUDED."mergedPullRequests",
        "mergedTasks" = c."mergedTasks" + EXCLUDED."mergedTasks";
    END IF;
  END LOOP;
END $$;

-- A link added, removed or moved. A link removed with its task or PR was already taken out by that
-- row's delete trigger (below), and the row is gone by the time the cascade removes the link.
CREATE OR REPLACE FUNCTION switchyard_task_merge_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM switchyard_task_merge_apply(t, p.id, p.state::text, p."mergedAt", -1)
    FROM "Task" t, "PullRequest" p WHERE t.id = OLD."taskId" AND p.id = OLD."pullRequestId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM switchyard_task_merge_apply(t, p.id, p.state::text, p."mergedAt", 1)
    FROM "Task" t, "PullRequest" p WHERE t.id = NEW."taskId" AND p.id = NEW."pullRequestId";
  END IF;
  RETURN NULL;
END $$;

-- A task's groups changed (after the update) or it is about to be deleted (before, while its links
-- still exist): every link out with the old row, then every link in with the new one (in two
-- passes, so a task with several merged PRs leaves its old groups and enters its new ones).
CREATE OR REPLACE FUNCTION switchyard_task_merge_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM switchyard_task_merge_apply(OLD, p.id, p.state::text, p."mergedAt", -1)
  FROM "TaskPullRequest" tp JOIN "PullRequest" p ON p.id = tp."pullRequestId" WHERE tp."taskId" = OLD.id;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  PERFORM switchyard_task_merge_apply(NEW, p.id, p.state::text, p."mergedAt", 1)
  FROM "TaskPullRequest" tp JOIN "PullRequest" p ON p.id = tp."pullRequestId" WHERE tp."taskId" = NEW.id;
  RETURN NULL;
END $$;

-- A PR merged, reopened or its merge time corrected (after), or about to be deleted (before).
CREATE OR REPLACE FUNCTION switchyard_task_merge_pull() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM switchyard_task_merge_apply(t, OLD.id, OLD.state::text, OLD."mergedAt", -1)
  FROM "TaskPullRequest" tp JOIN "Task" t ON t.id = tp."taskId" WHERE tp."pullRequestId" = OLD.id;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  PERFORM switchyard_task_merge_apply(t, NEW.id, NEW.state::text, NEW."mergedAt", 1)
  FROM "TaskPullRequest" tp JOIN "Task" t ON t.id = tp."taskId" WHERE tp."pullRequestId" = NEW.id;
  RETURN NULL;
END $$;

-- The links that count (see above), with their task's groups: what the rebuild sums.
CREATE OR REPLACE FUNCTION switchyard_task_merge_links()
RETURNS TABLE (task text, pull bigint, dimension text, period date, key text, repository bigint)
LANGUAGE sql STABLE AS $$
  SELECT t.id, p.id, k.dimension, k.period, k.key, k.repository
  FROM "TaskPullRequest" tp
  JOIN "Task" t ON t.id = tp."taskId"
  JOIN "PullRequest" p ON p.id = tp."pullRequestId"
  CROSS JOIN LATERAL switchyard_task_cost_keys(t) k
  WHERE p.state = 'merged' AND p."mergedAt" >= date_trunc('month', t."createdAt")
    AND k.dimension <> 'day' AND k.repository <> -1
$$;

-- Rebuilds the merge counts from the links (after TaskCost is rebuilt, a bulk load, first install).
CREATE OR REPLACE FUNCTION switchyard_rebuild_task_merges() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "TaskCostMerge";
  DELETE FROM "TaskMergeCount";
  UPDATE "TaskCost" SET "mergedPullRequests" = 0, "mergedTasks" = 0
  WHERE "mergedPullRequests" <> 0 OR "mergedTasks" <> 0;
  INSERT INTO "TaskMergeCount" ("taskId", "links")
  SELECT l.task, count(DISTINCT l.pull) FROM switchyard_task_merge_links() l WHERE l.dimension = 'month'
  GROUP BY 1;
  INSERT INTO "TaskCostMerge" ("dimension", "period", "key", "repositoryId", "pullRequestId", "tasks")
  SELECT l.dimension::"CostDimension", l.period, l.key, l.repository, l.pull, count(*)
  FROM switchyard_task_merge_links() l GROUP BY 1, 2, 3, 4, 5;
  WITH per_repository AS (
    SELECT l.dimension, l.period, l.key, l.repository,
      count(DISTINCT l.pull)::int AS pulls, count(DISTINCT l.task)::int AS tasks
    FROM switchyard_task_merge_links() l GROUP BY 1, 2, 3, 4
  ), sums AS (
    SELECT * FROM per_repository
    UNION ALL
    SELECT dimension, period, key, -1, sum(pulls)::int, sum(tasks)::int FROM per_repository GROUP BY 1, 2, 3
  )
  UPDATE "TaskCost" c SET "mergedPullRequests" = s.pulls, "mergedTasks" = s.tasks
  FROM sums s
  WHERE c.dimension = s.dimension::"CostDimension" AND c.period = s.period AND c.key = s.key
    AND c."repositoryId" = s.repository;
$$;

-- Rebuilds TaskCost from the task rows (after a bulk load with triggers off, or on first install),
-- merges included once their tables exist.
CREATE OR REPLACE FUNCTION switchyard_rebuild_task_costs() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "TaskCost";
  INSERT INTO "TaskCost" ("dimension", "period", "key", "repositoryId", "creditsNano", "premiumRequests", "tasks", "withPullRequest")
  SELECT k.dimension::"CostDimension", k.period, k.key, k.repository,
    sum(t."creditsNano"), sum(t."premiumRequests"), count(*), count(t."pullRequestId")
  FROM "Task" t CROSS JOIN LATERAL switchyard_task_cost_keys(t) k
  GROUP BY 1, 2, 3, 4;
  IF to_regclass('"TaskCostMerge"') IS NOT NULL THEN
    PERFORM switchyard_rebuild_task_merges();
  END IF;
END $$;

DO $$
BEGIN
  IF to_regclass('"TaskCost"') IS NULL THEN
    RETURN;
  END IF;
  DROP TRIGGER IF EXISTS "Task_cost_insert_delete" ON "Task";
  DROP TRIGGER IF EXISTS "Task_cost_update" ON "Task";
  DROP FUNCTION IF EXISTS switchyard_task_cost();
  DROP TRIGGER IF EXISTS "Task_cost_insert" ON "Task";
  CREATE TRIGGER "Task_cost_insert" AFTER INSERT ON "Task" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_cost_insert();
  DROP TRIGGER IF EXISTS "Task_cost_delete" ON "Task";
  CREATE TRIGGER "Task_cost_delete" AFTER DELETE ON "Task" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_cost_delete();
  DROP TRIGGER IF EXISTS "Task_cost_update_rows" ON "Task";
  CREATE TRIGGER "Task_cost_update_rows" AFTER UPDATE ON "Task"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_task_cost_update();
  IF (SELECT coalesce(sum("tasks"), 0) FROM "TaskCost" WHERE "dimension" = 'month' AND "repositoryId" = -1)
       <> (SELECT count(*) FROM "Task")
       OR (SELECT coalesce(sum("creditsNano"), 0) FROM "TaskCost" WHERE "dimension" = 'month' AND "repositoryId" = -1)
       <> (SELECT coalesce(sum("creditsNano"), 0) FROM "Task") THEN
    PERFORM switchyard_rebuild_task_costs();
  END IF;
  IF to_regclass('"TaskCostMerge"') IS NULL THEN
    RETURN;
  END IF;
  DROP TRIGGER IF EXISTS "TaskPullRequest_merge" ON "TaskPullRequest";
  CREATE TRIGGER "TaskPullRequest_merge" AFTER INSERT OR DELETE OR UPDATE ON "TaskPullRequest"
    FOR EACH ROW EXECUTE FUNCTION switchyard_task_merge_link();
  DROP TRIGGER IF EXISTS "Task_merge_update" ON "Task";
  CREATE TRIGGER "Task_merge_update" AFTER UPDATE ON "Task"
    FOR EACH ROW
    WHEN (OLD."creatorGithubId" IS DISTINCT FROM NEW."creatorGithubId"
       OR OLD."repositoryId" IS DISTINCT FROM NEW."repositoryId"
       OR OLD."campaignId" IS DISTINCT FROM NEW."campaignId"
       OR OLD."templateId" IS DISTINCT FROM NEW."templateId"
       OR OLD.model IS DISTINCT FROM NEW.model
       OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt")
    EXECUTE FUNCTION switchyard_task_merge_task();
  DROP TRIGGER IF EXISTS "Task_merge_delete" ON "Task";
  CREATE TRIGGER "Task_merge_delete" BEFORE DELETE ON "Task"
    FOR EACH ROW EXECUTE FUNCTION switchyard_task_merge_task();
  DROP TRIGGER IF EXISTS "PullRequest_merge_update" ON "PullRequest";
  CREATE TRIGGER "PullRequest_merge_update" AFTER UPDATE ON "PullRequest"
    FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD."mergedAt" IS DISTINCT FROM NEW."mergedAt")
    EXECUTE FUNCTION switchyard_task_merge_pull();
  DROP TRIGGER IF EXISTS "PullRequest_merge_delete" ON "PullRequest";
  CREATE TRIGGER "PullRequest_merge_delete" BEFORE DELETE ON "PullRequest"
    FOR EACH ROW EXECUTE FUNCTION switchyard_task_merge_pull();
  -- First install on existing data, or a bulk load with triggers off: the tasks counted as merged
  -- must be those the links say.
  IF (SELECT count(*) FROM "TaskMergeCount")
       <> (SELECT count(DISTINCT tp."taskId") FROM "TaskPullRequest" tp
           JOIN "PullRequest" p ON p.id = tp."pullRequestId" JOIN "Task" t ON t.id = tp."taskId"
           WHERE p.state = 'merged' AND p."mergedAt" >= date_trunc('month', t."createdAt"))
     OR (SELECT coalesce(sum("mergedTasks"), 0) FROM "TaskCost" WHERE "dimension" = 'month' AND "repositoryId" = -1)
       <> (SELECT count(*) FROM "TaskMergeCount") THEN
    PERFORM switchyard_rebuild_task_merges();
  END IF;
END $$;

COMMIT;
