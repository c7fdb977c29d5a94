-- Whose pull request it is: the person whose task first linked it (set by a trigger on
-- TaskPullRequest, prisma/sql/pull-request-outcomes.sql). A scope of people on the dashboard reads
-- its PR outcome bands from per-person counters instead of joining every task to its PRs.
ALTER TABLE "PullRequest" ADD COLUMN "creatorGithubId" BIGINT;

-- Pull requests per person, repository and outcome, kept by the same triggers as
-- PullRequestOutcomeCounter, which also fill it on first install.
CREATE TABLE "PullRequestCreatorOutcomeCounter" (
    "creatorGithubId" BIGINT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "PullRequestCreatorOutcomeCounter_pkey" PRIMARY KEY ("creatorGithubId","repositoryId","outcome")
);

-- "Today" on the dashboard reads one person's (or everyone's, -1) rows since the viewer's midnight:
-- the primary key leads with the hour, so that read walked every person's rows of the day.
CREATE INDEX "TaskHourlyChange_creatorGithubId_hour_idx" ON "TaskHourlyChange"("creatorGithubId", "hour");
