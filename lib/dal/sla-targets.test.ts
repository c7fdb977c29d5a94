/**
 * SLA targets against a real Postgres: defaults, overrides and going back to the default. Other
 * test files share the database (triage relies on the defaults), so every change is rolled back.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEFAULT_SLA_MINUTES, SLA_STATES, slaMinutes, slaTargets } from "@/lib/triage/sla";
import { rolledBack as rolledBackIn } from "@/test/rolled-back";
import { listSlaTargets, writeSlaTargets } from "./sla-targets";

const rolledBack = (work: Parameters<typeof rolledBackIn>[1]) => rolledBackIn(db, work);

describe("SLA targets", () => {
  it("uses the defaults for states without a stored target, and stored rows override them", async () => {
    expect(DEFAULT_SLA_MINUTES).toEqual({
      waiting_for_user: 240,
      failed: 1440,
      timed_out: 1440,
      completed: 1440,
    });
    await rolledBack(async (tx) => {
      await tx.slaTarget.deleteMany({ where: { state: { in: [...SLA_STATES] } } });
      expect(await slaTargets(tx)).toEqual(DEFAULT_SLA_MINUTES);
      expect(await slaMinutes(tx, "waiting_for_user")).toBe(240);
      expect((await listSlaTargets(tx)).every((target) => !target.overridden)).toBe(true);

      await writeSlaTargets(tx, { waiting_for_user: 60, failed: null, timed_out: 2880, completed: 720 });
      expect(await slaTargets(tx)).toEqual({
        waiting_for_user: 60,
        failed: 1440,
        timed_out: 2880,
        completed: 720,
      });
      expect(await slaMinutes(tx, "waiting_for_user")).toBe(60);
      expect(await slaMinutes(tx, "failed")).toBe(1440);
      expect(await listSlaTargets(tx)).toEqual([
        { state: "waiting_for_user", minutes: 60, defaultMinutes: 240, overridden: true },
        { state: "failed", minutes: 1440, defaultMinutes: 1440, overridden: false },
        { state: "timed_out", minutes: 2880, defaultMinutes: 1440, overridden: true },
        { state: "completed", minutes: 720, defaultMinutes: 1440, overridden: true },
      ]);
      expect(await slaMinutes(tx, "completed")).toBe(720);

      // A blank field (null) goes back to the default.
      await writeSlaTargets(tx, { waiting_for_user: null, failed: null, timed_out: 2880, completed: null });
      expect(await slaMinutes(tx, "waiting_for_user")).toBe(240);
      expect(await tx.slaTarget.count({ where: { state: "waiting_for_user" } })).toBe(0);
    });
  });

  it("gives review items (completed) 24 h by default, and other states the longest default", async () => {
    await rolledBack(async (tx) => {
      await tx.slaTarget.deleteMany({ where: { state: { in: ["completed", "cancelled"] } } });
      expect(await slaMinutes(tx, "completed")).toBe(1440);
      expect(await slaMinutes(tx, "cancelled")).toBe(1440);
    });
  });
});
