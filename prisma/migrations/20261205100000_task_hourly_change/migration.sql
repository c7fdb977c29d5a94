-- The dashboard's "today" in the viewer's time zone: net state changes per UTC hour, kept by the
-- trigger in prisma/sql/task-counters.sql, which also fills it from recent changes on first install.
CREATE TABLE "TaskHourlyChange" (
    "hour" TIMESTAMP(3) NOT NULL,
    "creatorGithubId" BIGINT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "netQueued" INTEGER NOT NULL DEFAULT 0,
    "netInProgress" INTEGER NOT NULL DEFAULT 0,
    "netCompleted" INTEGER NOT NULL DEFAULT 0,
    "netFailed" INTEGER NOT NULL DEFAULT 0,
    "netIdle" INTEGER NOT NULL DEFAULT 0,
    "netWaitingForUser" INTEGER NOT NULL DEFAULT 0,
    "netTimedOut" INTEGER NOT NULL DEFAULT 0,
    "netCancelled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TaskHourlyChange_pkey" PRIMARY KEY ("hour","creatorGithubId","repositoryId")
);
