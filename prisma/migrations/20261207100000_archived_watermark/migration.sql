-- The archived list's own watermark (lib/sync/listing.ts): an unchanged active list also probes the
-- archived one, whose URL must stay the same while it stands still. Null on existing rows: their
-- next cycle reads the archived list once in full, which also picks up archived tasks missed before.
ALTER TABLE "UserSyncState" ADD COLUMN "archivedWatermark" TIMESTAMP(3);
