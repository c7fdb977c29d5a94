-- CreateEnum
CREATE TYPE "PullRequestPolicy" AS ENUM ('allowed', 'branch_only');

-- CreateEnum
CREATE TYPE "RepositorySetupStatus" AS ENUM ('creating_repository', 'repository_failed', 'repository_created', 'starting_task', 'task_failed', 'task_unknown', 'task_started');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'awaiting_approval', 'running', 'canary_wait', 'paused', 'stopped', 'completed');

-- CreateEnum
CREATE TYPE "CampaignTargetStatus" AS ENUM ('pending', 'excluded', 'starting', 'unknown', 'started', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "Launch" ADD COLUMN     "campaignId" TEXT,
ADD COLUMN     "campaignTargetId" TEXT,
ADD COLUMN     "policyNotes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "repositorySetupId" TEXT,
ADD COLUMN     "templateVersionId" TEXT;

-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "owningTeamId" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "templateVersionId" TEXT;

-- CreateTable
CREATE TABLE "Template" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL DEFAULT 'general',
    "origin" TEXT NOT NULL DEFAULT 'custom',
    "archivedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TemplateVersion" (
    "id" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "defaultModel" TEXT,
    "defaultCreatePullRequest" BOOLEAN NOT NULL DEFAULT true,
    "defaultBaseRef" TEXT,
    "changeNote" TEXT,
    "createdById" TEXT,
    "createdByLogin" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RepositoryFacts" (
    "repositoryId" BIGINT NOT NULL,
    "defaultBranch" TEXT,
    "language" TEXT,
    "packageManager" TEXT,
    "testCommand" TEXT,
    "buildCommand" TEXT,
    "lintCommand" TEXT,
    "manifests" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "codeownersPath" TEXT,
    "codeowners" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "workflows" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "topics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "visibility" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "etag" TEXT,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RepositoryFacts_pkey" PRIMARY KEY ("repositoryId")
);

-- CreateTable
CREATE TABLE "RepositoryPolicy" (
    "id" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "pullRequests" "PullRequestPolicy" NOT NULL DEFAULT 'allowed',
    "allowedModels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "maxCampaignSize" INTEGER,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RepositoryPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RepositorySetup" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "githubLogin" TEXT NOT NULL,
    "org" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "description" TEXT,
    "owningTeamId" TEXT,
    "templateRepository" TEXT,
    "templateVersionId" TEXT,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "model" TEXT,
    "createPullRequest" BOOLEAN NOT NULL DEFAULT true,
    "prompt" TEXT,
    "status" "RepositorySetupStatus" NOT NULL DEFAULT 'creating_repository',
    "repositoryId" BIGINT,
    "repositoryUrl" TEXT,
    "defaultBranch" TEXT,
    "launchId" TEXT,
    "taskId" TEXT,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RepositorySetup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "templateVersionId" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "targetSpec" JSONB NOT NULL DEFAULT '{}',
    "ownerUserId" TEXT,
    "ownerTeamId" TEXT,
    "createdById" TEXT NOT NULL,
    "launchedById" TEXT,
    "launchedByLogin" TEXT,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "model" TEXT,
    "customAgent" TEXT,
    "createPullRequest" BOOLEAN NOT NULL DEFAULT true,
    "baseRef" TEXT,
    "maxInFlight" INTEGER NOT NULL DEFAULT 10,
    "startsPerMinute" INTEGER NOT NULL DEFAULT 60,
    "canarySize" INTEGER,
    "canarySuccessThreshold" DOUBLE PRECISION,
    "failurePauseThreshold" DOUBLE PRECISION DEFAULT 0.5,
    "failurePauseMinFinished" INTEGER NOT NULL DEFAULT 5,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "canaryApprovedAt" TIMESTAMP(3),
    "pausedReason" TEXT,
    "dryRunAt" TIMESTAMP(3),
    "launchedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTarget" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "repositoryId" BIGINT,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defaultBranch" TEXT,
    "prompt" TEXT,
    "checks" JSONB NOT NULL DEFAULT '[]',
    "warnings" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "CampaignTargetStatus" NOT NULL DEFAULT 'pending',
    "skipReason" TEXT,
    "canary" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "launchId" TEXT,
    "taskId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignTarget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Template_slug_key" ON "Template"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "TemplateVersion_templateId_version_key" ON "TemplateVersion"("templateId", "version");

-- CreateIndex
CREATE INDEX "RepositoryPolicy_position_idx" ON "RepositoryPolicy"("position");

-- CreateIndex
CREATE UNIQUE INDEX "RepositorySetup_launchId_key" ON "RepositorySetup"("launchId");

-- CreateIndex
CREATE INDEX "RepositorySetup_userId_createdAt_idx" ON "RepositorySetup"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignTarget_launchId_key" ON "CampaignTarget"("launchId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignTarget_taskId_key" ON "CampaignTarget"("taskId");

-- CreateIndex
CREATE INDEX "CampaignTarget_campaignId_status_position_idx" ON "CampaignTarget"("campaignId", "status", "position");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignTarget_campaignId_owner_name_key" ON "CampaignTarget"("campaignId", "owner", "name");

-- CreateIndex
CREATE INDEX "Launch_campaignId_createdAt_idx" ON "Launch"("campaignId", "createdAt");

-- CreateIndex
CREATE INDEX "Launch_campaignTargetId_idx" ON "Launch"("campaignTargetId");

-- AddForeignKey
ALTER TABLE "Repository" ADD CONSTRAINT "Repository_owningTeamId_fkey" FOREIGN KEY ("owningTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_campaignTargetId_fkey" FOREIGN KEY ("campaignTargetId") REFERENCES "CampaignTarget"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositoryFacts" ADD CONSTRAINT "RepositoryFacts_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositorySetup" ADD CONSTRAINT "RepositorySetup_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositorySetup" ADD CONSTRAINT "RepositorySetup_owningTeamId_fkey" FOREIGN KEY ("owningTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTarget" ADD CONSTRAINT "CampaignTarget_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
