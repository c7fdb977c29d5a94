-- DropIndex
DROP INDEX "AuditEvent_actorId_at_idx";

-- DropIndex
DROP INDEX "AuditEvent_at_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_id_idx" ON "AuditEvent"("actorId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_at_id_idx" ON "AuditEvent"("targetType", "targetId", "at", "id");
