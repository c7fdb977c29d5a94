import { afterAll, describe, expect, it } from "vitest";
import { makeWorkerUtils, type Task } from "graphile-worker";
import pg from "pg";
import { startWorker } from "./runner";

const connectionString = process.env.DATABASE_URL!;

describe("worker (integration, real Postgres)", () => {
  const pool = new pg.Pool({ connectionString });
  afterAll(() => pool.end());

  it("runs every job exactly once with two workers sharing the database", async () => {
    const seen: string[] = [];
    const record: Task = async (payload) => {
      seen.push((payload as { n: string }).n);
    };
    const workers = await Promise.all(
      [1, 2].map(() =>
        startWorker({ connectionString, concurrency: 3, taskList: { "test.record": record } }),
      ),
    );
    const beats = await pool.query(`SELECT count(*)::int AS n FROM "WorkerHeartbeat"`);
    expect(beats.rows[0].n).toBe(2);

    const utils = await makeWorkerUtils({ connectionString });
    for (let n = 0; n < 40; n++) await utils.addJob("test.record", { n: String(n) });
    // A job key makes a repeated enqueue a no-op: this is how "start once" guarantees will be built.
    await utils.addJob("test.record", { n: "keyed" }, { jobKey: "same", runAt: new Date(Date.now() + 500) });
    await utils.addJob("test.record", { n: "keyed" }, { jobKey: "same", runAt: new Date(Date.now() + 500) });
    await utils.release();

    const deadline = Date.now() + 15_000;
    while (seen.length < 41 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all(workers.map((worker) => worker.stop()));

    expect(seen).toHaveLength(41);
    expect(new Set(seen).size).toBe(41);
    const after = await pool.query(`SELECT count(*)::int AS n FROM "WorkerHeartbeat"`);
    expect(after.rows[0].n).toBe(0);
  });
});
