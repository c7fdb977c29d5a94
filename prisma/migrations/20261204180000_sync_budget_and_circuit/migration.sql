-- AlterTable
ALTER TABLE "UserSyncState" ADD COLUMN     "syncBudget" DOUBLE PRECISION,
ADD COLUMN     "syncBudgetAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SyncCircuit" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "failedUsers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "openUntil" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncCircuit_pkey" PRIMARY KEY ("id")
);
