-- CreateEnum
CREATE TYPE "CostDimension" AS ENUM ('day', 'month', 'person', 'campaign', 'template', 'model');

-- CreateEnum
CREATE TYPE "BudgetScope" AS ENUM ('team', 'person', 'campaign');

-- AlterEnum
-- schedules_and_events (an earlier migration) added it already for its budget events.
ALTER TYPE "NotificationKind" ADD VALUE IF NOT EXISTS 'budget';

-- CreateTable
CREATE TABLE "TaskCost" (
    "dimension" "CostDimension" NOT NULL,
    "period" DATE NOT NULL,
    "key" TEXT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "creditsNano" BIGINT NOT NULL DEFAULT 0,
    "premiumRequests" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "tasks" INTEGER NOT NULL DEFAULT 0,
    "withPullRequest" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TaskCost_pkey" PRIMARY KEY ("dimension","period","repositoryId","key")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" TEXT NOT NULL,
    "scope" "BudgetScope" NOT NULL,
    "teamId" TEXT,
    "userId" TEXT,
    "campaignId" TEXT,
    "limitNano" BIGINT NOT NULL,
    "hard" BOOLEAN NOT NULL DEFAULT true,
    "overrideMonth" DATE,
    "overrideById" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "budgetId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "level" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetAlert_pkey" PRIMARY KEY ("budgetId","month","level")
);

-- CreateTable
CREATE TABLE "CampaignBudgetPause" (
    "campaignId" TEXT NOT NULL,
    "budgetId" TEXT,
    "month" DATE NOT NULL,
    "pausedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignBudgetPause_pkey" PRIMARY KEY ("campaignId")
);

-- CreateIndex
CREATE INDEX "TaskCost_dimension_key_period_idx" ON "TaskCost"("dimension", "key", "period");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_teamId_key" ON "Budget"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_userId_key" ON "Budget"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_campaignId_key" ON "Budget"("campaignId");

-- CreateIndex
CREATE INDEX "Task_creditsNano_idx" ON "Task"("creditsNano" DESC);

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetAlert" ADD CONSTRAINT "BudgetAlert_budgetId_fkey" FOREIGN KEY ("budgetId") REFERENCES "Budget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignBudgetPause" ADD CONSTRAINT "CampaignBudgetPause_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
