-- A campaign's dry run moves out of "Campaign" into "CampaignDryRun" (one row per campaign, deleted
-- with it). Campaigns whose dry run was never requested get no row: the code reads a missing row as
-- "no dry run", exactly as the old default columns read.

-- CreateTable
CREATE TABLE "CampaignDryRun" (
    "campaignId" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3),
    "requestedById" TEXT,
    "checked" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER,
    "error" TEXT,
    "completedAt" TIMESTAMP(3),
    "skipped" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "CampaignDryRun_pkey" PRIMARY KEY ("campaignId")
);

-- CreateIndex
CREATE INDEX "CampaignDryRun_requestedById_idx" ON "CampaignDryRun"("requestedById");

-- AddForeignKey
ALTER TABLE "CampaignDryRun" ADD CONSTRAINT "CampaignDryRun_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CampaignDryRun" ADD CONSTRAINT "CampaignDryRun_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Move the data: every campaign whose dry-run columns differ from their defaults (a finished run, a
-- pending request, its progress, an error or skipped repositories) keeps them, unchanged.
INSERT INTO "CampaignDryRun" ("campaignId", "requestedAt", "requestedById", "checked", "total", "error", "completedAt", "skipped")
SELECT "id", "dryRunRequestedAt", "dryRunRequestedById", "dryRunChecked", "dryRunTotal", "dryRunError", "dryRunAt", "dryRunSkipped"
FROM "Campaign"
WHERE "dryRunAt" IS NOT NULL
   OR "dryRunRequestedAt" IS NOT NULL
   OR "dryRunRequestedById" IS NOT NULL
   OR "dryRunChecked" <> 0
   OR "dryRunTotal" IS NOT NULL
   OR "dryRunError" IS NOT NULL
   OR "dryRunSkipped" <> '[]'::jsonb;

-- DropForeignKey
ALTER TABLE "Campaign" DROP CONSTRAINT "Campaign_dryRunRequestedById_fkey";

-- AlterTable
ALTER TABLE "Campaign" DROP COLUMN "dryRunAt",
DROP COLUMN "dryRunChecked",
DROP COLUMN "dryRunError",
DROP COLUMN "dryRunRequestedAt",
DROP COLUMN "dryRunRequestedById",
DROP COLUMN "dryRunSkipped",
DROP COLUMN "dryRunTotal";
