import type { Prisma, PrismaClient } from "@/generated/prisma/client";

class Rollback extends Error {}

/**
 * Runs `work` in a transaction and always rolls it back: for tests that change shared rows (SLA
 * targets, list positions) in a database other test files use at the same time.
 */
export async function rolledBack(
  db: PrismaClient,
  work: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<void> {
  try {
    await db.$transaction(
      async (tx) => {
        await work(tx);
        throw new Rollback();
      },
      { timeout: 20_000 },
    );
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
}
