/** `npm run worker`: starts one worker process. Run as many as you like against one database. */
import "dotenv/config";
import { getEnv } from "../lib/env";
import { startWorker } from "./runner";
import { crontab, taskList } from "./tasks";

const env = getEnv();
const worker = await startWorker({ connectionString: env.DATABASE_URL, taskList, crontab });
console.info("worker: started");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    console.info("worker: stopped");
    process.exit(0);
  });
}
