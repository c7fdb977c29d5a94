-- CreateEnum
CREATE TYPE "ScheduleTarget" AS ENUM ('repository', 'campaign');

-- CreateEnum
CREATE TYPE "ScheduleOverlap" AS ENUM ('skip', 'start_anyway');

-- CreateEnum
CREATE TYPE "ScheduleMissed" AS ENUM ('run_once', 'skip');

-- CreateEnum
CREATE TYPE "ScheduleRunStatus" AS ENUM ('pending', 'starting', 'started', 'skipped', 'failed', 'unknown');

-- CreateEnum
CREATE TYPE "EventSubscriptionScope" AS ENUM ('user', 'team', 'all');

-- CreateEnum
CREATE TYPE "EventFormat" AS ENUM ('slack', 'json');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'campaign';
ALTER TYPE "NotificationKind" ADD VALUE 'setup';
ALTER TYPE "NotificationKind" ADD VALUE 'budget';
ALTER TYPE "NotificationKind" ADD VALUE 'schedule';

-- AlterEnum
ALTER TYPE "WebhookTargetType" ADD VALUE 'subscription';

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "target" "ScheduleTarget" NOT NULL DEFAULT 'repository',
    "repository" TEXT,
    "targetSpec" JSONB NOT NULL DEFAULT '{}',
    "cron" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "overlap" "ScheduleOverlap" NOT NULL,
    "missed" "ScheduleMissed" NOT NULL,
    "lastSlotAt" TIMESTAMP(3),
    "nextSlotAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleRun" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "slot" TIMESTAMP(3) NOT NULL,
    "status" "ScheduleRunStatus" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "code" TEXT,
    "taskIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "campaignId" TEXT,
    "launchId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ScheduleRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "subject" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "taskId" TEXT,
    "repositoryId" BIGINT,
    "campaignId" TEXT,
    "templateId" TEXT,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventSubscription" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "EventSubscriptionScope" NOT NULL,
    "userId" TEXT,
    "teamId" TEXT,
    "createdById" TEXT,
    "format" "EventFormat" NOT NULL DEFAULT 'json',
    "webhookUrl" TEXT NOT NULL,
    "webhookSecret" TEXT NOT NULL,
    "types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "repositoryPattern" TEXT,
    "campaignId" TEXT,
    "templateId" TEXT,
    "states" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Schedule_enabled_nextSlotAt_idx" ON "Schedule"("enabled", "nextSlotAt");

-- CreateIndex
CREATE INDEX "Schedule_ownerId_idx" ON "Schedule"("ownerId");

-- CreateIndex
CREATE INDEX "ScheduleRun_status_idx" ON "ScheduleRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleRun_scheduleId_slot_key" ON "ScheduleRun"("scheduleId", "slot");

-- CreateIndex
CREATE INDEX "Event_type_time_idx" ON "Event"("type", "time");

-- CreateIndex
CREATE INDEX "EventSubscription_scope_idx" ON "EventSubscription"("scope");

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleRun" ADD CONSTRAINT "ScheduleRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSubscription" ADD CONSTRAINT "EventSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSubscription" ADD CONSTRAINT "EventSubscription_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
