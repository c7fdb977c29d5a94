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

-- Only rows whose counted columns moved (most updates confirm or refresh a row in place).
CREATE OR REPLACE FUNCTION switchyard_task_cost_update() RETURNS trigger LANGUAGE plpgsql AS $$
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
    PERFORM switchyard_task_cost_apply(ARRAY(SELECT n::"Task" FROM new_rows n WHERE n.id = ANY(moved)),
      ARRAY(SELECT o::"Task" FROM old_rows o WHERE o.id = ANY(moved)));
  END IF;
  RETURN NULL;
END $$;

-- Rebuilds TaskCost from the task rows (after a bulk load with triggers off, or on first install).
CREATE OR REPLACE FUNCTION switchyard_rebuild_task_costs() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "TaskCost";
  INSERT INTO "TaskCost" ("dimension", "period", "key", "repositoryId", "creditsNano", "premiumRequests", "tasks", "withPullRequest")
  SELECT k.dimension::"CostDimension", k.period, k.key, k.repository,
    sum(t."creditsNano"), sum(t."premiumRequests"), count(*), count(t."pullRequestId")
  FROM "Task" t CROSS JOIN LATERAL switchyard_task_cost_keys(t) k
  GROUP BY 1, 2, 3, 4;
$$;

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
END $$;

COMMIT;
