-- Soft references become foreign keys. References that point nowhere today are cleared first, so
-- the constraints apply to a populated database (each clearing is what the new onDelete would have
-- done when the row went away).

-- Campaign, template and setup provenance: the task, launch or setup stays, the link goes (SetNull).
UPDATE "Task" SET "campaignId" = NULL
WHERE "campaignId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Campaign" c WHERE c."id" = "Task"."campaignId");
UPDATE "Task" SET "templateId" = NULL
WHERE "templateId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Template" t WHERE t."id" = "Task"."templateId");
UPDATE "Task" SET "templateVersionId" = NULL
WHERE "templateVersionId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "TemplateVersion" v WHERE v."id" = "Task"."templateVersionId");
UPDATE "Launch" SET "previousTaskId" = NULL
WHERE "previousTaskId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Task" t WHERE t."id" = "Launch"."previousTaskId");
UPDATE "Launch" SET "campaignId" = NULL
WHERE "campaignId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Campaign" c WHERE c."id" = "Launch"."campaignId");
UPDATE "Launch" SET "repositorySetupId" = NULL
WHERE "repositorySetupId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "RepositorySetup" s WHERE s."id" = "Launch"."repositorySetupId");
UPDATE "RepositorySetup" SET "templateVersionId" = NULL
WHERE "templateVersionId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "TemplateVersion" v WHERE v."id" = "RepositorySetup"."templateVersionId");
UPDATE "RepositorySetup" SET "launchId" = NULL
WHERE "launchId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Launch" l WHERE l."id" = "RepositorySetup"."launchId");
UPDATE "RepositorySetup" SET "taskId" = NULL
WHERE "taskId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Task" t WHERE t."id" = "RepositorySetup"."taskId");
UPDATE "CampaignTarget" SET "launchId" = NULL
WHERE "launchId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Launch" l WHERE l."id" = "CampaignTarget"."launchId");
UPDATE "CampaignTarget" SET "taskId" = NULL
WHERE "taskId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Task" t WHERE t."id" = "CampaignTarget"."taskId");

-- Triage.
UPDATE "TriageItem" SET "nextTaskId" = NULL
WHERE "nextTaskId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Task" t WHERE t."id" = "TriageItem"."nextTaskId");
UPDATE "TriageItem" SET "acknowledgedById" = NULL
WHERE "acknowledgedById" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "TriageItem"."acknowledgedById");
UPDATE "TriageItem" SET "resolvedById" = NULL
WHERE "resolvedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "TriageItem"."resolvedById");

-- Who did it: the record stays, the person link goes.
UPDATE "RepositorySyncState" SET "viaUserId" = NULL
WHERE "viaUserId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "RepositorySyncState"."viaUserId");
UPDATE "Template" SET "createdById" = NULL
WHERE "createdById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "Template"."createdById");
UPDATE "TemplateVersion" SET "createdById" = NULL
WHERE "createdById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "TemplateVersion"."createdById");
UPDATE "RepositoryPolicy" SET "createdById" = NULL
WHERE "createdById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "RepositoryPolicy"."createdById");
UPDATE "Campaign" SET "launchedById" = NULL
WHERE "launchedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "Campaign"."launchedById");
UPDATE "Campaign" SET "approvedById" = NULL
WHERE "approvedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "Campaign"."approvedById");
UPDATE "Campaign" SET "dryRunRequestedById" = NULL
WHERE "dryRunRequestedById" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "Campaign"."dryRunRequestedById");

-- Routing rules. A rule whose target is gone was already skipped, and it keeps being skipped with no
-- target (the Settings page asks for a new one).
UPDATE "RoutingRule" SET "targetUserId" = NULL
WHERE "targetUserId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "RoutingRule"."targetUserId");
UPDATE "RoutingRule" SET "targetTeamId" = NULL
WHERE "targetTeamId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Team" t WHERE t."id" = "RoutingRule"."targetTeamId");
-- A rule limited to a campaign or template that is gone matched nothing, and clearing the condition
-- would widen it to every task, so it is deleted, with an audit record saying why.
INSERT INTO "AuditEvent" ("id", "action", "targetType", "targetId", "details", "outcome")
SELECT 'migration-' || r."id", 'routing_rule.delete', 'routing_rule', r."id",
  jsonb_build_object('name', r."name", 'reason', 'its campaign or template no longer exists (migration 20261202100000_foreign_keys)'),
  'ok'
FROM "RoutingRule" r
WHERE (r."campaignId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Campaign" c WHERE c."id" = r."campaignId"))
   OR (r."templateId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Template" t WHERE t."id" = r."templateId"));
DELETE FROM "RoutingRule" r
WHERE (r."campaignId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Campaign" c WHERE c."id" = r."campaignId"))
   OR (r."templateId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Template" t WHERE t."id" = r."templateId"));

-- CreateIndex
CREATE INDEX "Launch_previousTaskId_idx" ON "Launch"("previousTaskId");

-- CreateIndex
CREATE INDEX "Launch_repositorySetupId_idx" ON "Launch"("repositorySetupId");

-- CreateIndex
CREATE INDEX "TriageItem_nextTaskId_idx" ON "TriageItem"("nextTaskId");

-- CreateIndex
CREATE INDEX "RoutingRule_campaignId_idx" ON "RoutingRule"("campaignId");

-- CreateIndex
CREATE INDEX "RoutingRule_templateId_idx" ON "RoutingRule"("templateId");

-- CreateIndex
CREATE INDEX "RoutingRule_targetUserId_idx" ON "RoutingRule"("targetUserId");

-- CreateIndex
CREATE INDEX "RoutingRule_targetTeamId_idx" ON "RoutingRule"("targetTeamId");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_previousTaskId_fkey" FOREIGN KEY ("previousTaskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_repositorySetupId_fkey" FOREIGN KEY ("repositorySetupId") REFERENCES "RepositorySetup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositorySyncState" ADD CONSTRAINT "RepositorySyncState_viaUserId_fkey" FOREIGN KEY ("viaUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageItem" ADD CONSTRAINT "TriageItem_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageItem" ADD CONSTRAINT "TriageItem_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageItem" ADD CONSTRAINT "TriageItem_nextTaskId_fkey" FOREIGN KEY ("nextTaskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingRule" ADD CONSTRAINT "RoutingRule_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingRule" ADD CONSTRAINT "RoutingRule_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingRule" ADD CONSTRAINT "RoutingRule_targetUserId_fkey" FOREIGN KEY ("targetUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingRule" ADD CONSTRAINT "RoutingRule_targetTeamId_fkey" FOREIGN KEY ("targetTeamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Template" ADD CONSTRAINT "Template_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositoryPolicy" ADD CONSTRAINT "RepositoryPolicy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositorySetup" ADD CONSTRAINT "RepositorySetup_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositorySetup" ADD CONSTRAINT "RepositorySetup_launchId_fkey" FOREIGN KEY ("launchId") REFERENCES "Launch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositorySetup" ADD CONSTRAINT "RepositorySetup_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_launchedById_fkey" FOREIGN KEY ("launchedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_dryRunRequestedById_fkey" FOREIGN KEY ("dryRunRequestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTarget" ADD CONSTRAINT "CampaignTarget_launchId_fkey" FOREIGN KEY ("launchId") REFERENCES "Launch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTarget" ADD CONSTRAINT "CampaignTarget_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

