/**
 * The update triggers that join a statement's old rows to its new rows plan without nested loops:
 * a trigger's plan is cached for its connection, planned for the first update it saw (often one
 * row), and a cached nested loop made confirming a person's 20,000 tasks take 7.7 minutes in the
 * fleet bench (quadratic in the rows updated).
 */
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { isolatedDatabase } from "./isolated-database";

let client: pg.Client | undefined;
afterAll(async () => {
  await client?.end();
});

it("joins of old to new rows in Task's update triggers never plan nested loops", async () => {
  client = new pg.Client({ connectionString: await isolatedDatabase("trigger_plans") });
  await client.connect();
  const { rows } = await client.query<{ function: string; config: string[] | null }>(`
    SELECT p.proname AS function, p.proconfig AS config FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE t.tgrelid = '"Task"'::regclass AND t.tgnewtable IS NOT NULL AND t.tgoldtable IS NOT NULL`);
  expect(rows.map((row) => row.function).sort()).toEqual([
    "switchyard_task_cost_update",
    "switchyard_task_counter_update",
  ]);
  for (const row of rows) expect(row.config, row.function).toContain("enable_nestloop=off");
});
