-- Review items (issue 15): a completed task's open pull request becomes a triage item of kind review,
-- opened once per pull request and resolved when it is merged or closed.
CREATE TYPE "TriageKind" AS ENUM ('failure', 'review');

ALTER TYPE "TriageResolution" ADD VALUE IF NOT EXISTS 'merged';
ALTER TYPE "TriageResolution" ADD VALUE IF NOT EXISTS 'closed';

ALTER TABLE "TriageItem" ALTER COLUMN "openedByChangeId" DROP NOT NULL,
  ADD COLUMN "kind" "TriageKind" NOT NULL DEFAULT 'failure',
  ADD COLUMN "pullRequestId" BIGINT;

CREATE UNIQUE INDEX "TriageItem_pullRequestId_key" ON "TriageItem"("pullRequestId");

ALTER TABLE "TriageItem" ADD CONSTRAINT "TriageItem_pullRequestId_fkey" FOREIGN KEY ("pullRequestId") REFERENCES "PullRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

