/**
 * Queues a campaign's runner job through SQL (graphile-worker's add_job): one pending job per
 * campaign (job key). The runner itself holds a Postgres advisory lock while it works, so two
 * workers never start a campaign's tasks at once, and a killed worker's lock ends with its connection.
 */
import type { PrismaClient } from "@/generated/prisma/client";

type Db = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

export const campaignJobKey = (campaignId: string) => `campaign:${campaignId}`;

export async function queueCampaignTick(
  db: Db,
  campaignId: string,
  runAt = new Date(),
  mode: "replace" | "preserve_run_at" = "replace",
) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('campaign_tick', json_build_object('campaignId', ${campaignId}::text),
      run_at := ${runAt}, job_key := ${campaignJobKey(campaignId)}, job_key_mode := ${mode},
      max_attempts := 25)`;
}

/** Every campaign that still has work (running, waiting on its canary, or with unknown starts). */
export async function scheduleActiveCampaigns(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "Campaign" c
    WHERE c.status IN ('running', 'canary_wait')
       OR EXISTS (SELECT 1 FROM "CampaignTarget" t WHERE t."campaignId" = c.id AND t.status IN ('starting', 'unknown'))`;
  for (const row of rows) await queueCampaignTick(db, row.id, new Date(), "preserve_run_at");
  return rows.length;
}

/** The worker runs a campaign's dry run (500 repositories take tens of seconds of GitHub reads). */
export async function queueCampaignDryRun(db: Db, campaignId: string) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('campaign_dry_run', json_build_object('campaignId', ${campaignId}::text),
      job_key := ${`campaign-dry-run:${campaignId}`}, max_attempts := 1)`;
}
