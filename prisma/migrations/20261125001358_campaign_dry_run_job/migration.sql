-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "dryRunChecked" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dryRunError" TEXT,
ADD COLUMN     "dryRunRequestedAt" TIMESTAMP(3),
ADD COLUMN     "dryRunRequestedById" TEXT,
ADD COLUMN     "dryRunSkipped" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "dryRunTotal" INTEGER;
