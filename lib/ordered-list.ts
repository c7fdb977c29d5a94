/**
 * An admin-ordered list: rows tried (or read) in `position` order that admins append to, move up or
 * down a place, and delete — routing rules and repository policies. Every change takes the list's
 * transaction-scoped advisory lock first, so two admins editing at once can never tie or skip
 * positions; call these inside the transaction that also writes the change's audit record.
 *
 * A list that starts dense stays dense (1..n): a new row goes at max + 1, a deleted row's followers
 * move up one place, and a move hands the list's positions out again in the new order (so swapping
 * two neighbours writes two rows). Tied positions, which only rows written before the lock can
 * have, are spread apart by the next move or delete.
 *
 * Worker-safe: no server-only, the transaction is passed in.
 */
import { Prisma } from "@/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** The tables that are admin-ordered lists (each has id, position and createdAt). */
export type OrderedTable = "RoutingRule" | "RepositoryPolicy";

export type MoveDirection = "up" | "down";

export type MoveOutcome = { found: false } | { found: true; moved: boolean };

/**
 * One row moved a place up or down: the ids in their new order, or null when the row is not in the
 * list. At either end nothing moves (`moved: false`).
 */
export function moveInOrder(
  ids: readonly string[],
  input: { id: string; direction: MoveDirection },
): { order: string[]; moved: boolean } | null {
  const index = ids.indexOf(input.id);
  if (index < 0) return null;
  const other = index + (input.direction === "up" ? -1 : 1);
  const order = [...ids];
  if (other < 0 || other >= ids.length) return { order, moved: false };
  [order[index], order[other]] = [order[other]!, order[index]!];
  return { order, moved: true };
}

/**
 * The positions for rows in a new order: the list's current positions, sorted, handed out again
 * (ties bumped so every position is distinct).
 */
export function positionsFor(current: readonly number[]): number[] {
  const slots = [...current].sort((a, b) => a - b);
  for (let i = 1; i < slots.length; i++) slots[i] = Math.max(slots[i]!, slots[i - 1]! + 1);
  return slots;
}

export function orderedList(table: OrderedTable) {
  // A constant from the union above, never input: safe to put in the SQL text.
  const sqlTable = Prisma.raw(`"${table}"`);
  const lockKey = `switchyard.ordered_list.${table}`;

  async function lock(tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
  }

  /** The rows in the order they are tried: position, then age, then id (for ties). */
  function rows(tx: Tx): Promise<{ id: string; position: number }[]> {
    return tx.$queryRaw`SELECT id, position FROM ${sqlTable} ORDER BY position, "createdAt", id`;
  }

  /** Gives the rows in `order` the list's positions in turn, writing only those that change. */
  async function renumber(tx: Tx, current: { id: string; position: number }[], order: string[]) {
    const slots = positionsFor(current.map((row) => row.position));
    const before = new Map(current.map((row) => [row.id, row.position]));
    const changed = order
      .map((id, index) => ({ id, position: slots[index]! }))
      .filter((row) => before.get(row.id) !== row.position);
    if (changed.length === 0) return;
    await tx.$executeRaw`
      UPDATE ${sqlTable} AS t SET position = v.position
      FROM unnest(${changed.map((row) => row.id)}::text[], ${changed.map((row) => row.position)}::int[])
        AS v(id, position)
      WHERE t.id = v.id`;
  }

  return {
    /** Creates a row after every existing one; `create` gets the position to write. */
    async append<R>(tx: Tx, create: (position: number) => Promise<R>): Promise<R> {
      await lock(tx);
      const [last] = await tx.$queryRaw<{ max: number | null }[]>`
        SELECT max(position) AS max FROM ${sqlTable}`;
      return create((last?.max ?? 0) + 1);
    },

    /** Moves a row one place up or down, renumbering under the lock. */
    async move(tx: Tx, input: { id: string; direction: MoveDirection }): Promise<MoveOutcome> {
      await lock(tx);
      const current = await rows(tx);
      const move = moveInOrder(
        current.map((row) => row.id),
        input,
      );
      if (!move) return { found: false };
      if (move.moved) await renumber(tx, current, move.order);
      return { found: true, moved: move.moved };
    },

    /**
     * Deletes a row with `remove` (which returns what it deleted, or null when there was nothing to
     * delete) and moves its followers up one place.
     */
    async remove<R>(tx: Tx, id: string, remove: () => Promise<R | null>): Promise<R | null> {
      await lock(tx);
      const current = await rows(tx);
      if (!current.some((row) => row.id === id)) return null;
      const removed = await remove();
      if (removed === null) return null;
      await renumber(
        tx,
        current,
        current.flatMap((row) => (row.id === id ? [] : [row.id])),
      );
      return removed;
    },
  };
}

export const routingRuleOrder = orderedList("RoutingRule");
export const repositoryPolicyOrder = orderedList("RepositoryPolicy");
