import "server-only";
/**
 * /api/v1 costs: credits per day, week or month from the task sessions you can see. A basic read;
 * when the Costs module (branch `costs`) lands, this endpoint calls it instead.
 */
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { ok } from "@/lib/result";
import { visibleRepositorySql } from "@/lib/visibility/scope";
import { endpoint } from "../route";
import { costsSchema } from "./schemas";

const DAY_MS = 86_400_000;
const NANO = 1_000_000_000n;

/** Nano-credits as a decimal string, exact (no float). */
function credits(nano: bigint): string {
  const whole = nano / NANO;
  const fraction = (nano % NANO).toString().padStart(9, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

export const costsEndpoint = endpoint({
  method: "GET",
  path: "/costs",
  operationId: "readCosts",
  summary: "Credits used per period",
  description:
    "AI credits and premium requests of the task sessions you can see, per UTC day, week or month, from `from` (default 30 days ago) to `to` (default now), at most 400 days.",
  scopes: ["costs:read"],
  query: z
    .object({
      period: z.enum(["day", "week", "month"]).default("day"),
      from: z.iso.datetime({ offset: true, message: "That is not a time." }).optional(),
      to: z.iso.datetime({ offset: true, message: "That is not a time." }).optional(),
    })
    .refine(
      ({ from, to }) => {
        const end = to ? Date.parse(to) : Date.now();
        const start = from ? Date.parse(from) : end - 30 * DAY_MS;
        return start <= end && end - start <= 400 * DAY_MS;
      },
      { message: "`from` must be before `to`, at most 400 days apart.", path: ["from"] },
    ),
  response: costsSchema,
  run: async ({ principal, query }) => {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    const unit = Prisma.raw(`'${query.period}'`);
    const rows = await db.$queryRaw<
      { start: Date; nano: bigint; premium: Prisma.Decimal; sessions: number }[]
    >`
      SELECT date_trunc(${unit}, s."createdAt") AS start, coalesce(sum(s."creditsNano"), 0)::bigint AS nano,
        coalesce(sum(s."premiumRequests"), 0) AS premium, count(*)::int AS sessions
      FROM "TaskSession" s JOIN "Task" t ON t.id = s."taskId"
      WHERE s."createdAt" >= ${from} AND s."createdAt" < ${to}
        AND ${visibleRepositorySql(principal.user, Prisma.sql`t."repositoryId"`)}
      GROUP BY 1 ORDER BY 1`;
    const totalNano = rows.reduce((sum, row) => sum + BigInt(row.nano), 0n);
    const totalPremium = rows.reduce((sum, row) => sum.plus(row.premium), new Prisma.Decimal(0));
    return ok({
      period: query.period,
      from: from.toISOString(),
      to: to.toISOString(),
      totals: {
        credits: credits(totalNano),
        premiumRequests: totalPremium.toString(),
        sessions: rows.reduce((sum, row) => sum + row.sessions, 0),
      },
      periods: rows.map((row) => ({
        start: row.start.toISOString(),
        credits: credits(BigInt(row.nano)),
        premiumRequests: new Prisma.Decimal(row.premium).toString(),
        sessions: row.sessions,
      })),
    });
  },
});
