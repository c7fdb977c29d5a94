/**
 * Page links for keyset pagination over a (time…, id) order: the cursor is the last row's sort key,
 * so a page costs the same wherever it starts and rows added meanwhile neither repeat nor vanish.
 * Server and worker (Buffer). (The queue's cursor, which also sorts by cost, lives in lib/dal/tasks.ts.)
 */

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;

/** A cursor after a row: its sort times, then its id. */
export function encodeKeyset(times: readonly Date[], id: string): string {
  return Buffer.from(JSON.stringify([...times.map((time) => time.toISOString()), id])).toString("base64url");
}

/**
 * The times and id a cursor holds, when it is one of ours with `timeCount` times; anything else
 * (hand-edited, from another list) is null.
 */
export function decodeKeyset(cursor: string, timeCount: number): { times: Date[]; id: string } | null {
  if (cursor.length > 300) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== timeCount + 1) return null;
  const id = value.at(-1);
  if (typeof id !== "string" || !ID.test(id)) return null;
  const times: Date[] = [];
  for (const part of value.slice(0, -1)) {
    if (typeof part !== "string" || !ISO.test(part) || Number.isNaN(Date.parse(part))) return null;
    times.push(new Date(part));
  }
  return { times, id };
}

/**
 * A Prisma `where` for the rows after `cursor` in an order on `fields` then `id`, all in `direction`:
 * (a, b, id) > (x, y, z) spelled out as (a > x) OR (a = x AND b > y) OR (a = x AND b = y AND id > z).
 */
export function keysetAfter(
  fields: readonly string[],
  cursor: { times: Date[]; id: string },
  direction: "asc" | "desc",
): { OR: Record<string, unknown>[] } {
  const past = direction === "asc" ? "gt" : "lt";
  const keys: [string, Date | string][] = [
    ...fields.map((field, i) => [field, cursor.times[i]!] as [string, Date]),
    ["id", cursor.id],
  ];
  return {
    OR: keys.map(([field, value], i) => ({
      ...Object.fromEntries(keys.slice(0, i).map(([equal, at]) => [equal, at])),
      [field]: { [past]: value },
    })),
  };
}
