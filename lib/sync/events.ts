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

/** First sight of a task whose last change is older than this is history, not news. */
export const HISTORY_CUTOFF_MS = 7 * 86_400_000;

/**
 * A first sighting of something that happened over a week ago (a new person's first sync brings
 * thousands): nobody is told, and triage opens nothing for it.
 */
export function isHistory(
  change: Pick<StateChangeEvent, "fromState" | "githubUpdatedAt">,
  now = new Date(),
): boolean {
  return change.fromState === null && now.getTime() - change.githubUpdatedAt.getTime() > HISTORY_CUTOFF_MS;
}

/**
 * Hands the changes of one write to every consumer, in order, read in one query; history is skipped
 * (see isHistory), so a first sync of 20,000 tasks costs a query per hundred changes, not dozens per
 * change. Returns the events handed on.
 */
export async function handleStateChanges(
  db: PrismaClient,
  changeIds: bigint[],
  consumers: StateChangeConsumer[] = stateChangeConsumers,
  now = new Date(),
): Promise<StateChangeEvent[]> {
  // A change that is gone belonged to a task deleted since: nothing to react to.
  const changes = await db.taskStateChange.findMany({
    where: { id: { in: changeIds } },
    orderBy: { id: "asc" },
  });
  const events: StateChangeEvent[] = [];
  for (const change of changes) {
    const event: StateChangeEvent = {
      changeId: change.id,
      taskId: change.taskId,
      fromState: change.fromState,
      toState: change.toState,
      githubUpdatedAt: change.githubUpdatedAt,
      observedAt: change.observedAt,
      observedVia: change.observedVia,
    };
    if (isHistory(event, now)) continue;
    for (const consume of consumers) await consume(db, event);
    events.push(event);
  }
  return events;
}

export async function handleStateChange(
  db: PrismaClient,
  changeId: bigint,
  consumers: StateChangeConsumer[] = stateChangeConsumers,
): Promise<StateChangeEvent | null> {
  return (await handleStateChanges(db, [changeId], consumers))[0] ?? null;
}
