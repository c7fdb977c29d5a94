-- Webhook deliveries keep only the receiver's host, never its URL (a Slack webhook URL is itself a
-- credential). Existing rows are reduced to their host in place.
ALTER TABLE "WebhookDelivery" RENAME COLUMN "url" TO "host";
ALTER TABLE "WebhookDelivery" ALTER COLUMN "host" DROP NOT NULL;
UPDATE "WebhookDelivery"
SET "host" = lower(substring("host" from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/?#]*)'));

-- User.webhookUrl/webhookSecret and Team.webhookUrl/webhookSecret keep their columns but now hold
-- ciphertexts (lib/notifications/webhook-secrets.ts). Encrypting needs TOKEN_ENCRYPTION_KEY, which
-- SQL does not have: values saved before are encrypted in place right after the migrations
-- (scripts/lib/database.ts, sealLegacySecrets) and by `npm run rotate-key`.
