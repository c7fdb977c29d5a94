import type { TaskList } from "graphile-worker";

/**
 * Job handlers by name. Sync, triage and campaign jobs register here as they are built;
 * `worker_prune_heartbeats` removes workers that stopped without saying goodbye.
 */
export const taskList: TaskList = {
  worker_prune_heartbeats: async (_payload, helpers) => {
    await helpers.query(`DELETE FROM "WorkerHeartbeat" WHERE "lastBeatAt" < now() - interval '10 minutes'`);
  },
};

export const crontab = ["*/5 * * * * worker_prune_heartbeats"].join("\n");
