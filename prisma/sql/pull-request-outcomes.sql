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
-- bands read a few rows instead of joining every tracked PR to its tasks (2.8 s at 700,000 PRs), and
-- PullRequestCreatorOutcomeCounter, the same per person (the PR's creatorGithubId) for a scope of
-- people (a team's 120,000 linked PRs took 1.4 s to join).
-- One statement's changes come in as a row per PR and sign (+1 new outcome, -1 old one); one upsert
-- per key in key order, and nothing written for keys whose changes cancel out (a refresh that only
-- stored new ETags).
CREATE OR REPLACE FUNCTION switchyard_pull_outcome_apply(repositories bigint[], creators bigint[], outcomes text[], deltas int[])
RETURNS void LANGUAGE sql AS $$
  WITH c AS (SELECT * FROM unnest(repositories, creators, outcomes, deltas) AS c(repository, creator, outcome, delta)),
  per_repository AS (
    INSERT INTO "PullRequestOutcomeCounter" ("repositoryId", outcome, count)
    SELECT repository, outcome, sum(delta) FROM c GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT ("repositoryId", outcome) DO UPDATE
      SET count = "PullRequestOutcomeCounter".count + EXCLUDED.count)
  INSERT INTO "PullRequestCreatorOutcomeCounter" ("creatorGithubId", "repositoryId", outcome, count)
  SELECT creator, repository, outcome, sum(delta) FROM c WHERE creator IS NOT NULL
  GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT ("creatorGithubId", "repositoryId", outcome) DO UPDATE
    SET count = "PullRequestCreatorOutcomeCounter".count + EXCLUDED.count;
$$;

CREATE OR REPLACE FUNCTION switchyard_pull_outcome_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM switchyard_pull_outcome_apply(array_agg(r), array_agg(c), array_agg(o), array_agg(1))
    FROM (SELECT "repositoryId" AS r, "creatorGithubId" AS c,
            switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text) AS o
          FROM new_pulls) x;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM switchyard_pull_outcome_apply(array_agg(r), array_agg(c), array_agg(o), array_agg(-1))
    FROM (SELECT "repositoryId" AS r, "creatorGithubId" AS c,
            switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text) AS o
          FROM old_pulls) x;
  ELSE
    PERFORM switchyard_pull_outcome_apply(array_agg(r), array_agg(c), array_agg(o), array_agg(d))
    FROM (
      SELECT "repositoryId" AS r, "creatorGithubId" AS c,
        switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text) AS o, 1 AS d
      FROM new_pulls
      UNION ALL
      SELECT "repositoryId", "creatorGithubId",
        switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text), -1
      FROM old_pulls) x;
  END IF;
  RETURN NULL;
END $$;

-- A PR belongs to the person whose task first linked it (earliest link, then the earliest task; tasks
-- of no known person do not count):
-- set once, for the PRs given (null: every PR without one), and kept if that task goes. Setting it
-- moves the PR into the per-person counter through the update trigger above.
CREATE OR REPLACE FUNCTION switchyard_assign_pull_creators(pulls bigint[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "PullRequest" p SET "creatorGithubId" = (
    SELECT t."creatorGithubId" FROM "TaskPullRequest" l JOIN "Task" t ON t.id = l."taskId"
    WHERE l."pullRequestId" = p.id AND t."creatorGithubId" IS NOT NULL
    ORDER BY l."linkedAt", t."createdAt", t.id LIMIT 1)
  WHERE p."creatorGithubId" IS NULL AND (pulls IS NULL OR p.id = ANY(pulls))
    AND EXISTS (SELECT 1 FROM "TaskPullRequest" l JOIN "Task" t ON t.id = l."taskId"
                WHERE l."pullRequestId" = p.id AND t."creatorGithubId" IS NOT NULL);
$$;

CREATE OR REPLACE FUNCTION switchyard_pull_link_creator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An insert that added nothing (ON CONFLICT DO NOTHING) still fires; null would mean every PR.
  IF EXISTS (SELECT 1 FROM new_links) THEN
    PERFORM switchyard_assign_pull_creators(array_agg(DISTINCT "pullRequestId")) FROM new_links;
  END IF;
  RETURN NULL;
END $$;

-- Counts every tracked pull request afresh: on first install, and after a bulk load with triggers
-- disabled (bench/dashboard.ts), which also left its PRs without a creator.
CREATE OR REPLACE FUNCTION switchyard_rebuild_pull_outcomes() RETURNS void LANGUAGE sql AS $$
  SELECT switchyard_assign_pull_creators(NULL);
  DELETE FROM "PullRequestOutcomeCounter";
  INSERT INTO "PullRequestOutcomeCounter" ("repositoryId", outcome, count)
  SELECT "repositoryId", switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text), count(*)
  FROM "PullRequest" GROUP BY 1, 2;
  DELETE FROM "PullRequestCreatorOutcomeCounter";
  INSERT INTO "PullRequestCreatorOutcomeCounter" ("creatorGithubId", "repositoryId", outcome, count)
  SELECT "creatorGithubId", "repositoryId",
    switchyard_pull_outcome(state::text, "reviewDecision"::text, "checksState"::text), count(*)
  FROM "PullRequest" WHERE "creatorGithubId" IS NOT NULL GROUP BY 1, 2, 3;
$$;

DO $$
BEGIN
  IF to_regclass('"PullRequestCreatorOutcomeCounter"') IS NULL THEN
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
  DROP TRIGGER IF EXISTS "TaskPullRequest_pull_creator" ON "TaskPullRequest";
  CREATE TRIGGER "TaskPullRequest_pull_creator" AFTER INSERT ON "TaskPullRequest"
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_pull_link_creator();
  -- First install on existing data (either counter).
  IF (NOT EXISTS (SELECT 1 FROM "PullRequestOutcomeCounter") AND EXISTS (SELECT 1 FROM "PullRequest"))
     OR (NOT EXISTS (SELECT 1 FROM "PullRequestCreatorOutcomeCounter") AND EXISTS (SELECT 1 FROM "TaskPullRequest")) THEN
    PERFORM switchyard_rebuild_pull_outcomes();
  END IF;
END $$;

COMMIT;
