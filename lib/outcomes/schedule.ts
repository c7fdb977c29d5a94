/** The outcome refresher runs as one self-queuing job (one at a time across workers: its job key). */
import type { PrismaClient } from "@/generated/prisma/client";

type Db = Pick<PrismaClient, "$executeRaw">;

export const OUTCOMES_JOB_KEY = "outcomes-refresh";

/** `preserve_run_at`: make sure the job exists, keeping an earlier plan (the scheduler's repair pass). */
export async function queueOutcomesRefresh(
  db: Db,
  runAt = new Date(),
  mode: "replace" | "preserve_run_at" = "replace",
) {
  await db.$executeRaw`
    SELECT graphile_worker.add_job('outcomes_refresh', '{}'::json, run_at := ${runAt},
      job_key := ${OUTCOMES_JOB_KEY}, job_key_mode := ${mode}, max_attempts := 3)`;
}
