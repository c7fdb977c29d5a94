-- Columns that hold a closed set become enums. Each conversion maps a value outside the set (none is
-- written by the code) to the column's neutral value, or to NULL where the column allows it.

-- CreateEnum
CREATE TYPE "AccessVia" AS ENUM ('member', 'collaborator', 'open');
CREATE TYPE "AccessRevokedReason" AS ENUM ('not_member', 'membership_pending', 'membership_hidden', 'token_rejected');
CREATE TYPE "SyncStatus" AS ENUM ('pending', 'ok', 'token_problem', 'no_token', 'rate_limited', 'forbidden', 'not_found', 'github_unavailable', 'error', 'access_revoked');
CREATE TYPE "LaunchKind" AS ENUM ('launch', 'retry', 'edit_retry', 'follow_up', 'narrower_retry', 'campaign', 'repository_setup');
CREATE TYPE "NotificationKind" AS ENUM ('opened', 'escalated', 'resolved');
CREATE TYPE "WebhookTargetType" AS ENUM ('team', 'user');
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');
CREATE TYPE "TemplateCategory" AS ENUM ('new_repository', 'upgrade', 'ci', 'docs', 'release', 'general');
CREATE TYPE "TemplateOrigin" AS ENUM ('starter', 'custom');

-- User: an unknown admission or revocation reason is forgotten (the next re-check sets it again).
ALTER TABLE "User" ALTER COLUMN "accessVia" TYPE "AccessVia"
  USING (CASE WHEN "accessVia" IN ('member', 'collaborator', 'open') THEN "accessVia" END)::"AccessVia";
ALTER TABLE "User" ALTER COLUMN "accessRevokedReason" TYPE "AccessRevokedReason"
  USING (CASE WHEN "accessRevokedReason" IN ('not_member', 'membership_pending', 'membership_hidden', 'token_rejected')
    THEN "accessRevokedReason" END)::"AccessRevokedReason";

-- Sync and access-refresh states: an unknown status reads as an error (the next pass replaces it).
ALTER TABLE "UserSyncState" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "UserSyncState" ALTER COLUMN "status" TYPE "SyncStatus"
  USING (CASE WHEN "status" IN ('pending', 'ok', 'token_problem', 'no_token', 'rate_limited', 'forbidden', 'not_found', 'github_unavailable', 'error', 'access_revoked')
    THEN "status" ELSE 'error' END)::"SyncStatus";
ALTER TABLE "UserSyncState" ALTER COLUMN "status" SET DEFAULT 'ok';
ALTER TABLE "RepositorySyncState" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "RepositorySyncState" ALTER COLUMN "status" TYPE "SyncStatus"
  USING (CASE WHEN "status" IN ('pending', 'ok', 'token_problem', 'no_token', 'rate_limited', 'forbidden', 'not_found', 'github_unavailable', 'error', 'access_revoked')
    THEN "status" ELSE 'error' END)::"SyncStatus";
ALTER TABLE "RepositorySyncState" ALTER COLUMN "status" SET DEFAULT 'ok';
ALTER TABLE "RepositoryAccessState" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "RepositoryAccessState" ALTER COLUMN "status" TYPE "SyncStatus"
  USING (CASE WHEN "status" IN ('pending', 'ok', 'token_problem', 'no_token', 'rate_limited', 'forbidden', 'not_found', 'github_unavailable', 'error', 'access_revoked')
    THEN "status" ELSE 'error' END)::"SyncStatus";
ALTER TABLE "RepositoryAccessState" ALTER COLUMN "status" SET DEFAULT 'pending';

-- Launch: an unknown kind is read from its provenance (a campaign target, a setup, an earlier task).
ALTER TABLE "Launch" ALTER COLUMN "kind" DROP DEFAULT;
ALTER TABLE "Launch" ALTER COLUMN "kind" TYPE "LaunchKind"
  USING (CASE WHEN "kind" IN ('launch', 'retry', 'edit_retry', 'follow_up', 'narrower_retry', 'campaign', 'repository_setup') THEN "kind"
    WHEN "campaignTargetId" IS NOT NULL THEN 'campaign' WHEN "repositorySetupId" IS NOT NULL THEN 'repository_setup'
    WHEN "previousTaskId" IS NOT NULL THEN 'retry' ELSE 'launch' END)::"LaunchKind";
ALTER TABLE "Launch" ALTER COLUMN "kind" SET DEFAULT 'launch';

-- Notifications and webhooks. A delivery with an unknown status is not retried (failed), and one
-- to an unknown kind of target could never be sent, so it is removed.
ALTER TABLE "Notification" ALTER COLUMN "kind" TYPE "NotificationKind"
  USING (CASE WHEN "kind" IN ('opened', 'escalated', 'resolved') THEN "kind" ELSE 'opened' END)::"NotificationKind";
DELETE FROM "WebhookDelivery" WHERE "targetType" NOT IN ('team', 'user');
ALTER TABLE "WebhookDelivery" ALTER COLUMN "targetType" TYPE "WebhookTargetType" USING "targetType"::"WebhookTargetType";
ALTER TABLE "WebhookDelivery" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "WebhookDelivery" ALTER COLUMN "status" TYPE "WebhookDeliveryStatus"
  USING (CASE WHEN "status" IN ('pending', 'delivered', 'failed') THEN "status" ELSE 'failed' END)::"WebhookDeliveryStatus";
ALTER TABLE "WebhookDelivery" ALTER COLUMN "status" SET DEFAULT 'pending';

-- Templates: an unknown category is general, an unknown origin custom (only starters are shipped).
ALTER TABLE "Template" ALTER COLUMN "category" DROP DEFAULT;
ALTER TABLE "Template" ALTER COLUMN "category" TYPE "TemplateCategory"
  USING (CASE WHEN "category" IN ('new_repository', 'upgrade', 'ci', 'docs', 'release', 'general') THEN "category"
    ELSE 'general' END)::"TemplateCategory";
ALTER TABLE "Template" ALTER COLUMN "category" SET DEFAULT 'general';
ALTER TABLE "Template" ALTER COLUMN "origin" DROP DEFAULT;
ALTER TABLE "Template" ALTER COLUMN "origin" TYPE "TemplateOrigin"
  USING (CASE WHEN "origin" = 'starter' THEN 'starter' ELSE 'custom' END)::"TemplateOrigin";
ALTER TABLE "Template" ALTER COLUMN "origin" SET DEFAULT 'custom';
