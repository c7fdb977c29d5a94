-- Applied after every `prisma migrate deploy` (scripts/lib/database.ts → migrateDeploy); idempotent.
BEGIN;

-- The one write of tasks (lib/sync/store.ts upsertTasks), in one statement the client sends once:
-- the task-write lock is held only while the database works, never while a busy client process
-- gets round to its next statement (issue 18: writers queued seconds behind a lock whose holder
-- waited on its own process). In the order that makes every change exact:
-- 1. One writer of tasks at a time, until the transaction ends. The statement after the lock takes
--    a fresh snapshot (a volatile function's statements each do), so it sees every committed
--    earlier state and each change is recorded from the state actually stored before it. Task
--    writes also move shared counter rows (task-counters.sql, task-costs.sql), which two concurrent
--    writers could deadlock on.
-- 2. Upsert, never letting older data overwrite newer (GitHub's updated_at), record each state
--    change once (unique on task, updated_at, state), and queue one task_state_changed job for the
--    changes of this write (graphile-worker's add_jobs), so none is lost or doubled.
-- `tasks` is a JSON array of rows (lib/sync/mapping.ts TaskRow), one per task id.
CREATE OR REPLACE FUNCTION switchyard_upsert_tasks(tasks jsonb, via text)
RETURNS TABLE (id bigint, "taskId" text, "fromState" text, "toState" text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('switchyard:task-writes', 0));
  RETURN QUERY
  WITH input AS (
      SELECT * FROM jsonb_to_recordset(tasks) AS x(
        id text, "repositoryId" bigint, "creatorGithubId" bigint, "creatorType" text, state text,
        name text, "htmlUrl" text, "apiUrl" text, "customAgent" text, "sessionCount" int,
        "headRef" text, "baseRef" text, "pullRequestId" bigint, "pullRequestGlobalId" text,
        "createdAt" timestamptz, "githubUpdatedAt" timestamptz, "archivedAt" timestamptz)
    ), previous AS (
      SELECT t.id, t.state FROM "Task" t JOIN input i ON i.id = t.id
    ), written AS (
      INSERT INTO "Task" (id, "repositoryId", "creatorGithubId", "creatorType", state, name, "htmlUrl",
        "apiUrl", "customAgent", "sessionCount", "headRef", "baseRef", "pullRequestId",
        "pullRequestGlobalId", "createdAt", "githubUpdatedAt", "archivedAt", "stateSince", "lastConfirmedAt")
      SELECT id, "repositoryId", "creatorGithubId", "creatorType", state::"TaskState", name, "htmlUrl",
        "apiUrl", "customAgent", "sessionCount", "headRef", "baseRef", "pullRequestId",
        "pullRequestGlobalId", "createdAt", "githubUpdatedAt", "archivedAt", "githubUpdatedAt", now()
      FROM input
      ON CONFLICT (id) DO UPDATE SET
        "repositoryId" = EXCLUDED."repositoryId",
        "creatorGithubId" = EXCLUDED."creatorGithubId",
        "creatorType" = EXCLUDED."creatorType",
        state = EXCLUDED.state,
        name = EXCLUDED.name,
        "htmlUrl" = EXCLUDED."htmlUrl",
        "apiUrl" = EXCLUDED."apiUrl",
        "customAgent" = EXCLUDED."customAgent",
        "sessionCount" = EXCLUDED."sessionCount",
        "headRef" = EXCLUDED."headRef",
        "baseRef" = EXCLUDED."baseRef",
        "pullRequestId" = EXCLUDED."pullRequestId",
        "pullRequestGlobalId" = EXCLUDED."pullRequestGlobalId",
        "githubUpdatedAt" = EXCLUDED."githubUpdatedAt",
        "archivedAt" = EXCLUDED."archivedAt",
        "stateSince" = CASE WHEN "Task".state = EXCLUDED.state THEN "Task"."stateSince"
                            ELSE EXCLUDED."githubUpdatedAt" END,
        -- updated_at has whole-second precision: a new state or session within the same second
        -- must still make the sessions stale.
        "detailUpdatedAt" = CASE WHEN "Task".state = EXCLUDED.state
                                  AND "Task"."sessionCount" = EXCLUDED."sessionCount"
                                 THEN "Task"."detailUpdatedAt" END,
        "lastConfirmedAt" = now()
      WHERE "Task"."githubUpdatedAt" <= EXCLUDED."githubUpdatedAt"
      RETURNING id, state, "githubUpdatedAt"
    ), changes AS (
      INSERT INTO "TaskStateChange" ("taskId", "fromState", "toState", "githubUpdatedAt", "observedVia")
      SELECT w.id, p.state, w.state, w."githubUpdatedAt", via::"ObservedVia"
      FROM written w LEFT JOIN previous p ON p.id = w.id
      WHERE p.state IS DISTINCT FROM w.state
      ON CONFLICT ("taskId", "githubUpdatedAt", "toState") DO NOTHING
      RETURNING id, "taskId", "fromState", "toState"
    ), queued AS (
      -- One job for the changes of this statement (a page holds up to 100), not one per change.
      SELECT job.id FROM graphile_worker.add_jobs((
        SELECT CASE WHEN count(*) = 0 THEN '{}'::graphile_worker.job_spec[]
          ELSE ARRAY[ROW('task_state_changed',
            json_build_object('changeIds', array_agg(c.id::text ORDER BY c.id)),
            NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec] END
        FROM changes c)) AS job
    )
    SELECT c.id, c."taskId", c."fromState"::text, c."toState"::text
    FROM changes c, (SELECT count(*) FROM queued) AS q
    ORDER BY c.id;
END $$;

COMMIT;
