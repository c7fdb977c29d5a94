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

-- Tasks read in full (lib/sync/store.ts storeDetails): the upsert above, then their sessions, then
-- each task's figures derived from them (the first prompt, the latest model and error, usage summed
-- exactly per unit), in one statement for the same reason: the task-write lock, taken by the upsert,
-- is held only while the database works (as an interactive transaction it was held across three
-- round trips from a busy worker, and every other writer of tasks queued behind it).
-- `sessions` is a JSON array of lib/sync/mapping.ts SessionRow; `detail` one {taskId, githubUpdatedAt}
-- per task read.
CREATE OR REPLACE FUNCTION switchyard_store_details(tasks jsonb, sessions jsonb, detail jsonb, via text)
RETURNS TABLE (id bigint, "taskId" text, "fromState" text, "toState" text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY SELECT u.id, u."taskId", u."fromState", u."toState" FROM switchyard_upsert_tasks(tasks, via) u;

  INSERT INTO "TaskSession" (id, "taskId", state, name, prompt, "headRef", "baseRef", model,
    "githubUserId", "usageType", "creditsNano", "premiumRequests", "errorMessage", "createdAt",
    "githubUpdatedAt", "completedAt", "lastConfirmedAt")
  SELECT x.id, x."taskId", x.state::"TaskState", x.name, x.prompt, x."headRef", x."baseRef", x.model,
    x."githubUserId", x."usageType"::"UsageType", x."creditsNano", x."premiumRequests", x."errorMessage",
    x."createdAt", x."githubUpdatedAt", x."completedAt", now()
  FROM jsonb_to_recordset(sessions) AS x(
    id text, "taskId" text, state text, name text, prompt text, "headRef" text, "baseRef" text,
    model text, "githubUserId" bigint, "usageType" text, "creditsNano" bigint,
    "premiumRequests" numeric, "errorMessage" text, "createdAt" timestamptz,
    "githubUpdatedAt" timestamptz, "completedAt" timestamptz)
  WHERE EXISTS (SELECT 1 FROM "Task" t WHERE t.id = x."taskId")
  ON CONFLICT (id) DO UPDATE SET
    state = EXCLUDED.state, name = EXCLUDED.name, prompt = EXCLUDED.prompt,
    "headRef" = EXCLUDED."headRef", "baseRef" = EXCLUDED."baseRef", model = EXCLUDED.model,
    "githubUserId" = EXCLUDED."githubUserId", "usageType" = EXCLUDED."usageType",
    "creditsNano" = EXCLUDED."creditsNano", "premiumRequests" = EXCLUDED."premiumRequests",
    "errorMessage" = EXCLUDED."errorMessage", "githubUpdatedAt" = EXCLUDED."githubUpdatedAt",
    "completedAt" = EXCLUDED."completedAt", "lastConfirmedAt" = now()
  WHERE "TaskSession"."githubUpdatedAt" IS NULL
     OR EXCLUDED."githubUpdatedAt" IS NULL
     OR "TaskSession"."githubUpdatedAt" <= EXCLUDED."githubUpdatedAt";

  WITH read_tasks AS (
    SELECT * FROM jsonb_to_recordset(detail) AS x("taskId" text, "githubUpdatedAt" timestamptz)
  ), figures AS (
    SELECT s."taskId",
      COALESCE(sum(s."creditsNano"), 0) AS credits,
      COALESCE(sum(s."premiumRequests"), 0) AS premium,
      (array_agg(s.prompt ORDER BY s."createdAt", s.id) FILTER (WHERE s.prompt IS NOT NULL))[1] AS prompt,
      (array_agg(s.model ORDER BY s."createdAt" DESC, s.id DESC) FILTER (WHERE s.model IS NOT NULL))[1] AS model,
      (array_agg(s."errorMessage" ORDER BY s."createdAt" DESC, s.id DESC))[1] AS error
    FROM "TaskSession" s JOIN read_tasks r ON r."taskId" = s."taskId"
    GROUP BY s."taskId"
  )
  UPDATE "Task" t SET
    "creditsNano" = COALESCE(f.credits, 0),
    "premiumRequests" = COALESCE(f.premium, 0),
    prompt = COALESCE(f.prompt, t.prompt),
    model = f.model,
    "errorMessage" = f.error,
    "detailUpdatedAt" = GREATEST(t."detailUpdatedAt", r."githubUpdatedAt")
  FROM read_tasks r LEFT JOIN figures f ON f."taskId" = r."taskId"
  WHERE t.id = r."taskId";
END $$;

COMMIT;
