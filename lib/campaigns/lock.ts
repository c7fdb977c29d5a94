/**
 * A Postgres session advisory lock held on one connection for the length of the work. If the process
 * dies (even SIGKILL), the connection closes and Postgres releases the lock at once, so another
 * worker can take over a campaign without waiting for a lease to expire.
 */
import type { ClientBase } from "pg";

export async function withSessionLock<T>(
  client: ClientBase,
  key: string,
  work: () => Promise<T>,
): Promise<{ acquired: false } | { acquired: true; value: T }> {
  const { rows } = await client.query<{ ok: boolean }>(
    "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok",
    [key],
  );
  if (!rows[0]?.ok) return { acquired: false };
  try {
    return { acquired: true, value: await work() };
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => {});
  }
}
