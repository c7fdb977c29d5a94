import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { DEFAULT_SLA_MINUTES, SLA_STATES, type SlaReader, type SlaState } from "@/lib/triage/sla";

export type SlaTargetDto = {
  state: SlaState;
  minutes: number;
  defaultMinutes: number;
  /** Whether Settings stores a value for this state (otherwise the default applies). */
  overridden: boolean;
};

export async function listSlaTargets(client: SlaReader = db): Promise<SlaTargetDto[]> {
  const rows = await client.slaTarget.findMany({ where: { state: { in: [...SLA_STATES] } } });
  const stored = new Map(rows.map((row) => [row.state, row.minutes]));
  return SLA_STATES.map((state) => ({
    state,
    minutes: stored.get(state) ?? DEFAULT_SLA_MINUTES[state],
    defaultMinutes: DEFAULT_SLA_MINUTES[state],
    overridden: stored.has(state),
  }));
}

/** Stores a target per state; null removes the override so the default applies. */
export async function writeSlaTargets(
  tx: Prisma.TransactionClient,
  minutes: Record<SlaState, number | null>,
): Promise<void> {
  for (const state of SLA_STATES) {
    const value = minutes[state];
    if (value === null) await tx.slaTarget.deleteMany({ where: { state } });
    else
      await tx.slaTarget.upsert({
        where: { state },
        create: { state, minutes: value },
        update: { minutes: value },
      });
  }
}
