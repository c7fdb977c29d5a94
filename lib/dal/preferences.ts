import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { isTimeZone } from "@/lib/validations/preferences";

/** The cookie the browser sets with its own time zone, for server renders and date filters. */
export const TIME_ZONE_COOKIE = "tz";

export type Preferences = { timeZone: string | null };

/** A person's preferences (the defaults when they never saved any); read once per request. */
export const getPreferences = cache(async (userId: string): Promise<Preferences> => {
  // Raw SQL: the root layout asks on every page, and a raw query skips the ORM's per-call work.
  const [row] = await db.$queryRaw<{ timeZone: string | null }[]>`
    SELECT "timeZone" FROM "UserPreference" WHERE "userId" = ${userId}`;
  return { timeZone: row?.timeZone ?? null };
});

/**
 * The time zone a person's days are counted in: theirs if they chose one, else their browser's
 * (its cookie), else UTC (a first request, or outside a request such as a test).
 */
export async function viewerTimeZone(userId: string): Promise<string> {
  const { timeZone } = await getPreferences(userId);
  if (timeZone) return timeZone;
  try {
    const fromBrowser = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
    if (fromBrowser && isTimeZone(fromBrowser)) return fromBrowser;
  } catch {
    // Not in a request: no cookie to read.
  }
  return "UTC";
}

/** Saves a person's preferences in the caller's transaction. */
export async function savePreferences(
  tx: Prisma.TransactionClient,
  userId: string,
  preferences: Preferences,
): Promise<void> {
  await tx.userPreference.upsert({
    where: { userId },
    create: { userId, timeZone: preferences.timeZone },
    update: { timeZone: preferences.timeZone },
  });
}
