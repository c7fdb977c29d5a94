/**
 * Domain events: every recorded state change queues a `task_state_changed` job in the same
 * transaction (see store.ts), so consumers see each change exactly as often as it was recorded:
 * once. Consumers must be idempotent per change id (a job can run again after a crash).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { TaskStateValue } from "./mapping";

export type StateChangeEvent = {
  changeId: bigint;
  taskId: string;
  fromState: TaskStateValue | null;
  toState: TaskStateValue;
  githubUpdatedAt: Date;
  observedAt: Date;
  observedVia: string;
};

export type StateChangeConsumer = (db: PrismaClient, event: StateChangeEvent) => Promise<void>;

/** Who reacts to state changes (triage opens and closes items here). */
export const stateChangeConsumers: StateChangeConsumer[] = [];

export async function handleStateChange(
  db: PrismaClient,
  changeId: bigint,
  consumers: StateChangeConsumer[] = stateChangeConsumers,
): Promise<StateChangeEvent | null> {
  const change = await db.taskStateChange.findUnique({ where: { id: changeId } });
  if (!change) return null; // the task was deleted since; nothing to react to
  const event: StateChangeEvent = {
    changeId: change.id,
    taskId: change.taskId,
    fromState: change.fromState,
    toState: change.toState,
    githubUpdatedAt: change.githubUpdatedAt,
    observedAt: change.observedAt,
    observedVia: change.observedVia,
  };
  for (const consume of consumers) await consume(db, event);
  return event;
}
