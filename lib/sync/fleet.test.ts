/**
 * A small fleet (30 people, two workers) through a GitHub outage: afterwards the store holds
 * exactly what GitHub holds, with no transition lost or recorded twice and nobody's schedule left
 * in backoff. `npm run bench:fleet` measures the same at 300 people; this keeps the properties in
 * CI. No timing is asserted: the deadlines below only stop a broken run from hanging.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { Random } from "@/github-emulator/core/random";
import { isolatedDatabase } from "@/test/isolated-database";
import {
  churn,
  endOutage,
  mismatches,
  notSyncedSince,
  populateFleet,
  secondsUntilMatch,
  startFromSwitchyard,
  startOutage,
  transitionAudit,
} from "@/test/fleet-harness";
import { startHarness, type Harness } from "@/test/sync-harness";
import { startWorker } from "@/worker/runner";
import { createTaskList, SYNC_TASKS } from "@/worker/tasks";
import { scheduleAllSyncs } from "./schedule";

let h: Harness;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await isolatedDatabase("fleet");
  h = await startHarness({ databaseUrl, emulator: { seedTasks: false, seed: 30 } });
});
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("30 people through an outage: exact match afterwards, nothing lost or doubled, nobody left backing off", async () => {
  const people = await populateFleet(h, {
    people: 30,
    tasks: 600,
    repos: 40,
    heavyTasks: 120,
    settledShare: 0.5,
    seed: 3000,
  });
  // The production cadence shortened to fit a test, fewer task reads a cycle; the circuit probes
  // every second.
  const config = {
    watchSeconds: 0.5,
    backlogSeconds: 0.5,
    activeSeconds: 1,
    settledSeconds: 2,
    backoffBaseSeconds: 1,
    detailsPerCycle: 20,
    circuit: { threshold: 5, probeSeconds: 1, resumeSpreadSeconds: 1 },
  };
  const workers = await Promise.all(
    ["one", "two"].map((name) =>
      startWorker({
        connectionString: databaseUrl,
        concurrency: 4,
        lane: { tasks: SYNC_TASKS, concurrency: 4 },
        taskList: createTaskList({
          ...h.deps(name, config, 15_000),
          accessPolicy: { allowedOrgs: ["acme"], allowOutsideCollaborators: false },
        }),
      }),
    ),
  );
  try {
    await scheduleAllSyncs(h.db);
    expect(await secondsUntilMatch(h, people, 90, 500)).not.toBeNull();

    const random = new Random(30);
    churn(h, people, random, { share: 0.1, followUps: 3 });
    expect(await startFromSwitchyard(h, people[1]!, "acme/fleet-repo-0001", "Fleet test start")).toBe(
      "started",
    );
    await startOutage(h);
    // Everyone's syncs fail until the circuit opens; GitHub keeps moving meanwhile.
    const opened = async () => (await h.db.syncCircuit.findUnique({ where: { id: 1 } }))?.openUntil != null;
    for (let i = 0; i < 60 && !(await opened()); i++) await sleep(500);
    expect(await opened()).toBe(true);
    for (let i = 0; i < 3; i++) {
      churn(h, people, random, { share: 0.1, followUps: 2 });
      await sleep(1000);
    }
    expect(await mismatches(h, people)).toBeGreaterThan(0); // the outage really hid changes
    await endOutage(h);
    const recoveredAt = new Date();

    expect(await secondsUntilMatch(h, people, 90, 500)).not.toBeNull();
    await sleep(2000); // cycles that were running finish and record how they went
    const audit = await transitionAudit(h.db, people);
    const onGitHub = people.reduce(
      (n, p) => n + (h.gh.state.store.tasksByCreator.get(p.login)?.length ?? 0),
      0,
    );
    expect(audit).toMatchObject({ tasks: onGitHub, lost: 0, dup: 0 });
    // Nobody's schedule is stuck in backoff: everyone syncs successfully again after the outage.
    expect(await notSyncedSince(h.db, recoveredAt, 60)).toBe(0);
    expect((await h.db.syncCircuit.findUnique({ where: { id: 1 } }))?.openUntil ?? null).toBeNull();
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}, 300_000);
