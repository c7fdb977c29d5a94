-- DropIndex
DROP INDEX "Task_creatorGithubId_githubUpdatedAt_idx";

-- DropIndex
DROP INDEX "Task_githubUpdatedAt_idx";

-- DropIndex
DROP INDEX "Task_repositoryId_githubUpdatedAt_idx";

-- DropIndex
DROP INDEX "Task_state_githubUpdatedAt_idx";

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "campaignId" TEXT,
ADD COLUMN     "templateId" TEXT;

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "githubOrg" TEXT,
    "githubSlug" TEXT,
    "webhookUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "SavedView" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskCounter" (
    "creatorGithubId" BIGINT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "state" "TaskState" NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "TaskCounter_pkey" PRIMARY KEY ("creatorGithubId","repositoryId","state","archived")
);

-- CreateTable
CREATE TABLE "TaskDailyChange" (
    "day" DATE NOT NULL,
    "creatorGithubId" BIGINT NOT NULL,
    "state" "TaskState" NOT NULL,
    "entered" INTEGER NOT NULL DEFAULT 0,
    "exited" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TaskDailyChange_pkey" PRIMARY KEY ("day","creatorGithubId","state")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Team_githubOrg_githubSlug_key" ON "Team"("githubOrg", "githubSlug");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SavedView_name_key" ON "SavedView"("name");

-- CreateIndex
CREATE INDEX "TaskCounter_repositoryId_idx" ON "TaskCounter"("repositoryId");

-- CreateIndex
CREATE INDEX "TaskDailyChange_creatorGithubId_day_idx" ON "TaskDailyChange"("creatorGithubId", "day");

-- CreateIndex
CREATE INDEX "Task_state_githubUpdatedAt_id_idx" ON "Task"("state", "githubUpdatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Task_creatorGithubId_githubUpdatedAt_id_idx" ON "Task"("creatorGithubId", "githubUpdatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Task_creatorGithubId_state_stateSince_idx" ON "Task"("creatorGithubId", "state", "stateSince");

-- CreateIndex
CREATE INDEX "Task_repositoryId_githubUpdatedAt_id_idx" ON "Task"("repositoryId", "githubUpdatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Task_githubUpdatedAt_id_idx" ON "Task"("githubUpdatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Task_createdAt_id_idx" ON "Task"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Task_state_stateSince_idx" ON "Task"("state", "stateSince");

-- CreateIndex
CREATE INDEX "Task_campaignId_idx" ON "Task"("campaignId");

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Text search over task names and prompts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Task_search_trgm_idx" ON "Task"
  USING gin ((coalesce("name", '') || ' ' || coalesce("prompt", '')) gin_trgm_ops);

-- The triggers that keep TaskCounter and TaskDailyChange are in prisma/sql/task-counters.sql: Prisma's
-- migration runner splits scripts on semicolons, which breaks function bodies.
