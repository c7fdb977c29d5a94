-- Applied after every `prisma migrate deploy` (scripts/lib/database.ts → migrateDeploy); idempotent.
BEGIN;
-- A database migrated only part of the way (test/schema-migrations.test.ts) has no counter table
-- yet: the functions are created without checking their bodies, the triggers only once it exists.
SET LOCAL check_function_bodies = off;

-- A tracked pull request's outcome, as lib/outcomes/outcome.ts's pullOutcomeSql says it.
CREATE OR REPLACE FUNCTION switchyard_pull_outcome(state text, review text, checks text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN state = 'merged' THEN 'merged'
    WHEN state = 'closed' THEN 'closed_unmerged'
    WHEN review = 'changes_requested' THEN 'changes_requested'
    WHEN checks = 'failure' THEN 'checks_failing'
    ELSE 'awaiting_review' END
$$;

-- PullRequestOutcomeCounter: pull requests per repository and outcome, so the dashboard's outcome
-- bands read a few rows instead of joining every tracked PR to its tasks (2.8 s at 700,000 PRs).
-- Per statement, from transition tables: +1 for each new row's outcome, -1 for each old row's; one
-- upsert per key in key order, and nothing written when a statement changed no outcome (a refresh
-- that only stored new ETags).
CREATE OR REPLACE FUNCTION switchyard_pull_outcome_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "PullRequestOutcomeCounter" ("repositoryId", outcome, count)
    SELECT "repositoryId", switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text), count(*)
    FROM new_pulls GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("repositoryId", outcome) DO UPDATE
      SET count = "PullRequestOutcomeCounter".count + EXCLUDED.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "PullRequestOutcomeCounter" ("repositoryId", outcome, count)
    SELECT "repositoryId", switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text), -count(*)
    FROM old_pulls GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("repositoryId", outcome) DO UPDATE
      SET count = "PullRequestOutcomeCounter".count + EXCLUDED.count;
  ELSE
    INSERT INTO "PullRequestOutcomeCounter" ("repositoryId", outcome, count)
    SELECT r, o, sum(d) FROM (
      SELECT "repositoryId" AS r, switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text) AS o, 1 AS d
      FROM new_pulls
      UNION ALL
      SELECT "repositoryId", switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text), -1
      FROM old_pulls) x
    GROUP BY r, o HAVING sum(d) <> 0 ORDER BY r, o
    ON CONFLICT ("repositoryId", outcome) DO UPDATE
      SET count = "PullRequestOutcomeCounter".count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END $$;

-- Counts every tracked pull request afresh: on first install, and after a bulk load with triggers
-- disabled (bench/dashboard.ts).
CREATE OR REPLACE FUNCTION switchyard_rebuild_pull_outcomes() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "PullRequestOutcomeCounter";
  INSERT INTO "PullRequestOutcomeCounter" ("repositoryId", outcome, count)
  SELECT "repositoryId", switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text), count(*)
  FROM "PullRequest" GROUP BY 1, 2;
$$;

DO $$
BEGIN
  IF to_regclass('"PullRequestOutcomeCounter"') IS NULL THEN
    RETURN;
  END IF;
  DROP TRIGGER IF EXISTS "PullRequest_outcome_insert" ON "PullRequest";
  DROP TRIGGER IF EXISTS "PullRequest_outcome_delete" ON "PullRequest";
  DROP TRIGGER IF EXISTS "PullRequest_outcome_update" ON "PullRequest";
  CREATE TRIGGER "PullRequest_outcome_insert" AFTER INSERT ON "PullRequest"
    REFERENCING NEW TABLE AS new_pulls
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_pull_outcome_count();
  CREATE TRIGGER "PullRequest_outcome_delete" AFTER DELETE ON "PullRequest"
    REFERENCING OLD TABLE AS old_pulls
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_pull_outcome_count();
  CREATE TRIGGER "PullRequest_outcome_update" AFTER UPDATE ON "PullRequest"
    REFERENCING OLD TABLE AS old_pulls NEW TABLE AS new_pulls
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_pull_outcome_count();
  -- First install on existing data.
  IF NOT EXISTS (SELECT 1 FROM "PullRequestOutcomeCounter") AND EXISTS (SELECT 1 FROM "PullRequest") THEN
    PERFORM switchyard_rebuild_pull_outcomes();
  END IF;
END $$;

COMMIT;
