-- CreateEnum
CREATE TYPE "TriageStatus" AS ENUM ('open', 'snoozed', 'resolved');

-- CreateEnum
CREATE TYPE "TriageResolution" AS ENUM ('retried', 'answered_on_github', 'fixed_by_hand', 'wont_do', 'moved_on');

-- AlterTable
ALTER TABLE "Launch" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'launch',
ADD COLUMN     "previousTaskId" TEXT;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "digestMinutes" INTEGER,
ADD COLUMN     "webhookSecret" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "digestMinutes" INTEGER,
ADD COLUMN     "webhookSecret" TEXT,
ADD COLUMN     "webhookUrl" TEXT;

-- CreateTable
CREATE TABLE "TriageItem" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "openedByChangeId" BIGINT NOT NULL,
    "state" "TaskState" NOT NULL,
    "status" "TriageStatus" NOT NULL DEFAULT 'open',
    "ownerUserId" TEXT,
    "ownerTeamId" TEXT,
    "ownerReason" TEXT NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" TEXT,
    "snoozedUntil" TIMESTAMP(3),
    "slaDueAt" TIMESTAMP(3) NOT NULL,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "escalatedAt" TIMESTAMP(3),
    "clusterKey" TEXT,
    "errorMessage" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolution" "TriageResolution",
    "resolvedById" TEXT,
    "nextTaskId" TEXT,

    CONSTRAINT "TriageItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriageNote" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriageNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingRule" (
    "id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "repositoryPattern" TEXT,
    "organisation" TEXT,
    "campaignId" TEXT,
    "templateId" TEXT,
    "states" "TaskState"[],
    "targetUserId" TEXT,
    "targetTeamId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoutingRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaTarget" (
    "state" "TaskState" NOT NULL,
    "minutes" INTEGER NOT NULL,

    CONSTRAINT "SlaTarget_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "CodeownersCache" (
    "repositoryId" BIGINT NOT NULL,
    "path" TEXT,
    "owners" TEXT[],
    "etag" TEXT,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CodeownersCache_pkey" PRIMARY KEY ("repositoryId")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemId" TEXT,
    "taskId" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "eventKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TriageItem_openedByChangeId_key" ON "TriageItem"("openedByChangeId");

-- CreateIndex
CREATE INDEX "TriageItem_status_slaDueAt_idx" ON "TriageItem"("status", "slaDueAt");

-- CreateIndex
CREATE INDEX "TriageItem_ownerUserId_status_idx" ON "TriageItem"("ownerUserId", "status");

-- CreateIndex
CREATE INDEX "TriageItem_ownerTeamId_status_idx" ON "TriageItem"("ownerTeamId", "status");

-- CreateIndex
CREATE INDEX "TriageItem_taskId_status_idx" ON "TriageItem"("taskId", "status");

-- CreateIndex
CREATE INDEX "TriageItem_clusterKey_status_idx" ON "TriageItem"("clusterKey", "status");

-- CreateIndex
CREATE INDEX "TriageNote_itemId_createdAt_idx" ON "TriageNote"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "RoutingRule_position_idx" ON "RoutingRule"("position");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_eventKey_key" ON "Notification"("userId", "eventKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_targetType_targetId_eventKey_key" ON "WebhookDelivery"("targetType", "targetId", "eventKey");

-- AddForeignKey
ALTER TABLE "TriageItem" ADD CONSTRAINT "TriageItem_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageItem" ADD CONSTRAINT "TriageItem_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageItem" ADD CONSTRAINT "TriageItem_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageNote" ADD CONSTRAINT "TriageNote_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "TriageItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageNote" ADD CONSTRAINT "TriageNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
