-- AlterTable
ALTER TABLE "User" ADD COLUMN     "accessCheckedAt" TIMESTAMP(3),
ADD COLUMN     "accessEtag" TEXT,
ADD COLUMN     "accessOrg" TEXT,
ADD COLUMN     "accessRevokedAt" TIMESTAMP(3),
ADD COLUMN     "accessRevokedReason" TEXT,
ADD COLUMN     "accessVia" TEXT;

-- CreateTable
CREATE TABLE "EndedSession" (
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EndedSession_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "EndedSession_userId_idx" ON "EndedSession"("userId");

-- CreateIndex
CREATE INDEX "EndedSession_endedAt_idx" ON "EndedSession"("endedAt");

-- AddForeignKey
ALTER TABLE "EndedSession" ADD CONSTRAINT "EndedSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
