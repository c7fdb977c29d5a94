-- CreateEnum
CREATE TYPE "PullRequestState" AS ENUM ('draft', 'open', 'merged', 'closed');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('none', 'review_required', 'approved', 'changes_requested');

-- CreateEnum
CREATE TYPE "ChecksState" AS ENUM ('none', 'pending', 'success', 'failure');

-- CreateTable
CREATE TABLE "PullRequest" (
    "id" BIGINT NOT NULL,
    "repositoryId" BIGINT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "htmlUrl" TEXT NOT NULL,
    "state" "PullRequestState" NOT NULL,
    "headRef" TEXT NOT NULL,
    "baseRef" TEXT NOT NULL,
    "headSha" TEXT NOT NULL,
    "mergedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "githubUpdatedAt" TIMESTAMP(3) NOT NULL,
    "reviewDecision" "ReviewDecision" NOT NULL DEFAULT 'none',
    "requestedReviewers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "checksState" "ChecksState" NOT NULL DEFAULT 'none',
    "checksTotal" INTEGER NOT NULL DEFAULT 0,
    "checksFailing" INTEGER NOT NULL DEFAULT 0,
    "checkCounts" JSONB NOT NULL DEFAULT '{}',
    "workflowsAwaitingApproval" INTEGER NOT NULL DEFAULT 0,
    "awaitingApprovalSince" TIMESTAMP(3),
    "pullEtag" TEXT,
    "reviewsEtag" TEXT,
    "checksEtag" TEXT,
    "statusEtag" TEXT,
    "runsEtag" TEXT,
    "nextRefreshAt" TIMESTAMP(3),
    "lastActivityAt" TIMESTAMP(3) NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PullRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskPullRequest" (
    "taskId" TEXT NOT NULL,
    "pullRequestId" BIGINT NOT NULL,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskPullRequest_pkey" PRIMARY KEY ("taskId","pullRequestId")
);

-- CreateTable
CREATE TABLE "PullRequestLookup" (
    "taskId" TEXT NOT NULL,
    "etag" TEXT,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "nextCheckAt" TIMESTAMP(3),

    CONSTRAINT "PullRequestLookup_pkey" PRIMARY KEY ("taskId")
);

-- CreateTable
CREATE TABLE "PullRequestFeed" (
    "repositoryId" BIGINT NOT NULL,
    "etag" TEXT,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PullRequestFeed_pkey" PRIMARY KEY ("repositoryId")
);

-- CreateIndex
CREATE INDEX "PullRequest_nextRefreshAt_idx" ON "PullRequest"("nextRefreshAt");

-- CreateIndex
CREATE INDEX "PullRequest_state_mergedAt_idx" ON "PullRequest"("state", "mergedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PullRequest_repositoryId_number_key" ON "PullRequest"("repositoryId", "number");

-- CreateIndex
CREATE INDEX "TaskPullRequest_pullRequestId_idx" ON "TaskPullRequest"("pullRequestId");

-- CreateIndex
CREATE INDEX "PullRequestLookup_nextCheckAt_idx" ON "PullRequestLookup"("nextCheckAt");

-- AddForeignKey
ALTER TABLE "PullRequest" ADD CONSTRAINT "PullRequest_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskPullRequest" ADD CONSTRAINT "TaskPullRequest_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskPullRequest" ADD CONSTRAINT "TaskPullRequest_pullRequestId_fkey" FOREIGN KEY ("pullRequestId") REFERENCES "PullRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PullRequestLookup" ADD CONSTRAINT "PullRequestLookup_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PullRequestFeed" ADD CONSTRAINT "PullRequestFeed_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;
