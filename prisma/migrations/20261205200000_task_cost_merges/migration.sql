-- Merged pull requests kept beside what tasks cost (prisma/sql/task-costs.sql keeps them)
-- AlterTable
ALTER TABLE "TaskCost" ADD COLUMN     "mergedPullRequests" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "mergedTasks" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TaskCostMerge" (
    "dimension" "CostDimension" NOT NULL,
    "period" DATE NOT NULL,
    "key" TEXT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "pullRequestId" BIGINT NOT NULL,
    "tasks" INTEGER NOT NULL,

    CONSTRAINT "TaskCostMerge_pkey" PRIMARY KEY ("dimension","period","repositoryId","key","pullRequestId")
);

-- CreateTable
CREATE TABLE "TaskMergeCount" (
    "taskId" TEXT NOT NULL,
    "links" INTEGER NOT NULL,

    CONSTRAINT "TaskMergeCount_pkey" PRIMARY KEY ("taskId")
);
