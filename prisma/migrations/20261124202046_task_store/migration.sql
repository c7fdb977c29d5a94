-- CreateEnum
CREATE TYPE "TaskState" AS ENUM ('queued', 'in_progress', 'completed', 'failed', 'idle', 'waiting_for_user', 'timed_out', 'cancelled');

-- CreateEnum
CREATE TYPE "UsageType" AS ENUM ('ai_credits', 'premium_requests');

-- CreateEnum
CREATE TYPE "ObservedVia" AS ENUM ('launch', 'user_list', 'repo_list', 'detail', 'refresh');

-- CreateEnum
CREATE TYPE "LaunchStatus" AS ENUM ('pending', 'started', 'failed', 'unknown');

-- CreateTable
CREATE TABLE "Repository" (
    "id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defaultBranch" TEXT,
    "visibility" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "creatorGithubId" BIGINT,
    "creatorType" TEXT,
    "state" "TaskState" NOT NULL,
    "name" TEXT,
    "htmlUrl" TEXT,
    "apiUrl" TEXT,
    "customAgent" TEXT,
    "sessionCount" INTEGER NOT NULL DEFAULT 0,
    "headRef" TEXT,
    "baseRef" TEXT,
    "pullRequestId" BIGINT,
    "pullRequestGlobalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "githubUpdatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "stateSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastConfirmedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detailUpdatedAt" TIMESTAMP(3),
    "prompt" TEXT,
    "model" TEXT,
    "errorMessage" TEXT,
    "creditsNano" BIGINT NOT NULL DEFAULT 0,
    "premiumRequests" DECIMAL(14,4) NOT NULL DEFAULT 0,
    "insertedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskSession" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "state" "TaskState" NOT NULL,
    "name" TEXT,
    "prompt" TEXT,
    "headRef" TEXT,
    "baseRef" TEXT,
    "model" TEXT,
    "githubUserId" BIGINT,
    "usageType" "UsageType",
    "creditsNano" BIGINT,
    "premiumRequests" DECIMAL(14,4),
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "githubUpdatedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "lastConfirmedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskStateChange" (
    "id" BIGSERIAL NOT NULL,
    "taskId" TEXT NOT NULL,
    "fromState" "TaskState",
    "toState" "TaskState" NOT NULL,
    "githubUpdatedAt" TIMESTAMP(3) NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "observedVia" "ObservedVia" NOT NULL,

    CONSTRAINT "TaskStateChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Launch" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "githubLogin" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "repo" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "baseRef" TEXT,
    "headRef" TEXT,
    "model" TEXT,
    "customAgent" TEXT,
    "createPullRequest" BOOLEAN,
    "status" "LaunchStatus" NOT NULL DEFAULT 'pending',
    "taskId" TEXT,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Launch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserSyncState" (
    "userId" TEXT NOT NULL,
    "watermark" TIMESTAMP(3),
    "listEtag" TEXT,
    "etagSince" TIMESTAMP(3),
    "archivedEtag" TEXT,
    "archivedEtagSince" TIMESTAMP(3),
    "watchUntil" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "consecutiveErrors" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "lastError" TEXT,
    "rateRemaining" INTEGER,
    "rateLimit" INTEGER,
    "rateResetAt" TIMESTAMP(3),
    "lastCycle" JSONB,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserSyncState_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "RepositorySyncState" (
    "repositoryId" BIGINT NOT NULL,
    "watermark" TIMESTAMP(3),
    "listEtag" TEXT,
    "etagSince" TIMESTAMP(3),
    "viaUserId" TEXT,
    "nextRunAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "consecutiveErrors" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "lastError" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RepositorySyncState_pkey" PRIMARY KEY ("repositoryId")
);

-- CreateIndex
CREATE INDEX "Repository_owner_name_idx" ON "Repository"("owner", "name");

-- CreateIndex
CREATE INDEX "Task_state_githubUpdatedAt_idx" ON "Task"("state", "githubUpdatedAt");

-- CreateIndex
CREATE INDEX "Task_creatorGithubId_githubUpdatedAt_idx" ON "Task"("creatorGithubId", "githubUpdatedAt");

-- CreateIndex
CREATE INDEX "Task_repositoryId_githubUpdatedAt_idx" ON "Task"("repositoryId", "githubUpdatedAt");

-- CreateIndex
CREATE INDEX "Task_githubUpdatedAt_idx" ON "Task"("githubUpdatedAt");

-- CreateIndex
CREATE INDEX "TaskSession_taskId_createdAt_idx" ON "TaskSession"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "TaskStateChange_observedAt_idx" ON "TaskStateChange"("observedAt");

-- CreateIndex
CREATE INDEX "TaskStateChange_toState_observedAt_idx" ON "TaskStateChange"("toState", "observedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TaskStateChange_taskId_githubUpdatedAt_toState_key" ON "TaskStateChange"("taskId", "githubUpdatedAt", "toState");

-- CreateIndex
CREATE UNIQUE INDEX "Launch_taskId_key" ON "Launch"("taskId");

-- CreateIndex
CREATE INDEX "Launch_userId_createdAt_idx" ON "Launch"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Launch_status_createdAt_idx" ON "Launch"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskSession" ADD CONSTRAINT "TaskSession_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskStateChange" ADD CONSTRAINT "TaskStateChange_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserSyncState" ADD CONSTRAINT "UserSyncState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositorySyncState" ADD CONSTRAINT "RepositorySyncState_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;
