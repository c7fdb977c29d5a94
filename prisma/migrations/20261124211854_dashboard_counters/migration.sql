-- CreateTable
CREATE TABLE "TaskCreatorCounter" (
    "creatorGithubId" BIGINT NOT NULL,
    "state" "TaskState" NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "TaskCreatorCounter_pkey" PRIMARY KEY ("creatorGithubId","state","archived")
);

-- CreateTable
CREATE TABLE "TaskRepositoryCounter" (
    "repositoryId" BIGINT NOT NULL,
    "state" "TaskState" NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "TaskRepositoryCounter_pkey" PRIMARY KEY ("repositoryId","state","archived")
);

-- CreateTable
CREATE TABLE "TaskCampaignCounter" (
    "campaignId" TEXT NOT NULL,
    "state" "TaskState" NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "TaskCampaignCounter_pkey" PRIMARY KEY ("campaignId","state","archived")
);

-- "As of": the oldest confirmation among in-flight tasks, for everyone and per person.
CREATE INDEX "Task_inflight_confirmed_idx" ON "Task" ("lastConfirmedAt")
  WHERE state IN ('queued', 'in_progress', 'idle') AND "archivedAt" IS NULL;
CREATE INDEX "Task_inflight_creator_confirmed_idx" ON "Task" ("creatorGithubId", "lastConfirmedAt")
  WHERE state IN ('queued', 'in_progress', 'idle') AND "archivedAt" IS NULL;

-- Scoped "by campaign" breakdowns read only campaign tasks, from the index.
CREATE INDEX "Task_campaign_state_idx" ON "Task" ("campaignId", state, "creatorGithubId")
  WHERE "campaignId" IS NOT NULL AND "archivedAt" IS NULL;
