-- The dashboard's PR outcome bands: tracked pull requests per repository and outcome, kept by the
-- triggers in prisma/sql/pull-request-outcomes.sql, which also fill it on first install.
CREATE TABLE "PullRequestOutcomeCounter" (
    "repositoryId" BIGINT NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "PullRequestOutcomeCounter_pkey" PRIMARY KEY ("repositoryId","outcome")
);
