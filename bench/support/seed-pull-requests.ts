/** The benchmarks' pull requests, as PR tracking keeps them (lib/outcomes). */
import type pg from "pg";

/**
 * Each task of `range` (ids, inclusive) with a pull request artifact gets its PR, linked: 70% of
 * completed tasks' merged, 10% closed, the rest open; what the Costs page's cost per merged PR reads.
 * Bulk loads call it with the triggers off and rebuild the counts afterwards.
 */
export async function seedPullRequests(client: pg.Client, range: [string, string]) {
  await client.query(
    `INSERT INTO "PullRequest" (id, "repositoryId", number, title, "htmlUrl", state, "headRef", "baseRef",
       "headSha", "mergedAt", "closedAt", "githubUpdatedAt", "lastActivityAt", "refreshedAt")
     SELECT p.id, p."repositoryId", p.number, p.title, p.url, p.state, p."headRef", 'main', repeat('0', 40),
       CASE WHEN p.state = 'merged' THEN p.done END, CASE WHEN p.state <> 'open' THEN p.done END,
       p.done, p.done, now()
     FROM (SELECT t."pullRequestId" AS id, t."repositoryId", (t."pullRequestId" - 900000000)::int AS number,
             coalesce(t.name, 'Pull request') AS title, t."htmlUrl" || '/pull' AS url, t."headRef",
             CASE WHEN t.state = 'completed' AND right(t.id, 1) < '7' THEN 'merged'
                  WHEN right(t.id, 1) = '7' THEN 'closed' ELSE 'open' END::"PullRequestState" AS state,
             least(now(), t."githubUpdatedAt" + interval '1 hour') AS done
           FROM "Task" t WHERE t.id BETWEEN $1 AND $2 AND t."pullRequestId" IS NOT NULL) p`,
    range,
  );
  await client.query(
    `INSERT INTO "TaskPullRequest" ("taskId", "pullRequestId")
     SELECT id, "pullRequestId" FROM "Task" WHERE id BETWEEN $1 AND $2 AND "pullRequestId" IS NOT NULL`,
    range,
  );
}
