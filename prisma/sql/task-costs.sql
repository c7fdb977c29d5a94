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

CREATE OR REPLACE FUNCTION switchyard_task_cost_apply(t "Task", sign int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "TaskCost" ("dimension", "period", "key", "repositoryId", "creditsNano", "premiumRequests", "tasks", "withPullRequest")
  SELECT k.dimension::"CostDimension", k.period, k.key, k.repository,
    sign * t."creditsNano", sign * t."premiumRequests", sign, sign * (t."pullRequestId" IS NOT NULL)::int
  FROM switchyard_task_cost_keys(t) k
  ON CONFLICT ("dimension", "period", "repositoryId", "key") DO UPDATE SET
    "creditsNano" = "TaskCost"."creditsNano" + EXCLUDED."creditsNano",
    "premiumRequests" = "TaskCost"."premiumRequests" + EXCLUDED."premiumRequests",
    "tasks" = "TaskCost"."tasks" + EXCLUDED."tasks",
    "withPullRequest" = "TaskCost"."withPullRequest" + EXCLUDED."withPullRequest";
$$;

CREATE OR REPLACE FUNCTION switchyard_task_cost() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM switchyard_task_cost_apply(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM switchyard_task_cost_apply(NEW, 1);
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
  CREATE TRIGGER "Task_cost_insert_delete" AFTER INSERT OR DELETE ON "Task"
    FOR EACH ROW EXECUTE FUNCTION switchyard_task_cost();
  DROP TRIGGER IF EXISTS "Task_cost_update" ON "Task";
  CREATE TRIGGER "Task_cost_update" AFTER UPDATE ON "Task"
    FOR EACH ROW
    WHEN (OLD."creditsNano" IS DISTINCT FROM NEW."creditsNano"
       OR OLD."premiumRequests" IS DISTINCT FROM NEW."premiumRequests"
       OR OLD."creatorGithubId" IS DISTINCT FROM NEW."creatorGithubId"
       OR OLD."repositoryId" IS DISTINCT FROM NEW."repositoryId"
       OR OLD."campaignId" IS DISTINCT FROM NEW."campaignId"
       OR OLD."templateId" IS DISTINCT FROM NEW."templateId"
       OR OLD.model IS DISTINCT FROM NEW.model
       OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt"
       OR (OLD."pullRequestId" IS NULL) IS DISTINCT FROM (NEW."pullRequestId" IS NULL))
    EXECUTE FUNCTION switchyard_task_cost();
  IF (SELECT coalesce(sum("tasks"), 0) FROM "TaskCost" WHERE "dimension" = 'month' AND "repositoryId" = -1)
       <> (SELECT count(*) FROM "Task")
       OR (SELECT coalesce(sum("creditsNano"), 0) FROM "TaskCost" WHERE "dimension" = 'month' AND "repositoryId" = -1)
       <> (SELECT coalesce(sum("creditsNano"), 0) FROM "Task") THEN
    PERFORM switchyard_rebuild_task_costs();
  END IF;
END $$;

COMMIT;
