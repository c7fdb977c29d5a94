-- A campaign schedule's limits (max in flight, canary, auto-pause), as the campaign form takes them.
ALTER TABLE "Schedule" ADD COLUMN "campaignSettings" JSONB NOT NULL DEFAULT '{}';
