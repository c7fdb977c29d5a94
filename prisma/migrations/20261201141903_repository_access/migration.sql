-- TaskDailyChange is derived from TaskStateChange: recreated here in its new shape (a row per day,
-- creator and repository, a column per state), and refilled by prisma/sql/task-counters.sql after
-- this migration (its rebuild runs when the table holds no totals).
DROP TABLE "TaskDailyChange";

-- CreateTable
CREATE TABLE "TaskDailyChange" (
    "day" DATE NOT NULL,
    "creatorGithubId" BIGINT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "enteredQueued" INTEGER NOT NULL DEFAULT 0,
    "enteredInProgress" INTEGER NOT NULL DEFAULT 0,
    "enteredCompleted" INTEGER NOT NULL DEFAULT 0,
    "enteredFailed" INTEGER NOT NULL DEFAULT 0,
    "enteredIdle" INTEGER NOT NULL DEFAULT 0,
    "enteredWaitingForUser" INTEGER NOT NULL DEFAULT 0,
    "enteredTimedOut" INTEGER NOT NULL DEFAULT 0,
    "enteredCancelled" INTEGER NOT NULL DEFAULT 0,
    "exitedQueued" INTEGER NOT NULL DEFAULT 0,
    "exitedInProgress" INTEGER NOT NULL DEFAULT 0,
    "exitedCompleted" INTEGER NOT NULL DEFAULT 0,
    "exitedFailed" INTEGER NOT NULL DEFAULT 0,
    "exitedIdle" INTEGER NOT NULL DEFAULT 0,
    "exitedWaitingForUser" INTEGER NOT NULL DEFAULT 0,
    "exitedTimedOut" INTEGER NOT NULL DEFAULT 0,
    "exitedCancelled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TaskDailyChange_pkey" PRIMARY KEY ("day","creatorGithubId","repositoryId")
);

-- CreateIndex
CREATE INDEX "TaskDailyChange_creatorGithubId_repositoryId_day_idx" ON "TaskDailyChange"("creatorGithubId", "repositoryId", "day");

-- Band counters (kept by prisma/sql/task-counters.sql, which fills them after this migration).
CREATE TABLE "TaskBandCounter" (
    "repositoryId" BIGINT NOT NULL,
    "creatorGithubId" BIGINT NOT NULL,
    "needsHuman" INTEGER NOT NULL DEFAULT 0,
    "inFlight" INTEGER NOT NULL DEFAULT 0,
    "finished" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TaskBandCounter_pkey" PRIMARY KEY ("repositoryId","creatorGithubId")
);

CREATE TABLE "TaskCampaignBandCounter" (
    "campaignId" TEXT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "needsHuman" INTEGER NOT NULL DEFAULT 0,
    "inFlight" INTEGER NOT NULL DEFAULT 0,
    "finished" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TaskCampaignBandCounter_pkey" PRIMARY KEY ("campaignId","repositoryId")
);

-- CreateIndex
CREATE INDEX "TaskBandCounter_creatorGithubId_idx" ON "TaskBandCounter"("creatorGithubId");

-- CreateIndex
CREATE INDEX "TaskCampaignBandCounter_repositoryId_idx" ON "TaskCampaignBandCounter"("repositoryId");

-- CreateTable
CREATE TABLE "RepositoryAccess" (
    "userId" TEXT NOT NULL,
    "repositoryId" BIGINT NOT NULL,

    CONSTRAINT "RepositoryAccess_pkey" PRIMARY KEY ("userId","repositoryId")
);

-- CreateTable
CREATE TABLE "RepositoryAccessState" (
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "pages" JSONB NOT NULL DEFAULT '[]',
    "repositoryCount" INTEGER NOT NULL DEFAULT 0,
    "refreshedAt" TIMESTAMP(3),
    "passStartedAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "consecutiveErrors" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastPass" JSONB,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RepositoryAccessState_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "ExportLease" (
    "userId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExportLease_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "RepositoryAccess_repositoryId_idx" ON "RepositoryAccess"("repositoryId");

-- The "by campaign" breakdown of a member (or of a scope of people) reads campaign tasks of the
-- repositories they can see from the index alone.
DROP INDEX "Task_campaign_state_idx";
CREATE INDEX "Task_campaign_scope_idx" ON "Task" ("campaignId", state, "repositoryId", "creatorGithubId")
  WHERE "campaignId" IS NOT NULL AND "archivedAt" IS NULL;

-- AddForeignKey
ALTER TABLE "RepositoryAccess" ADD CONSTRAINT "RepositoryAccess_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositoryAccess" ADD CONSTRAINT "RepositoryAccess_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositoryAccessState" ADD CONSTRAINT "RepositoryAccessState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportLease" ADD CONSTRAINT "ExportLease_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
