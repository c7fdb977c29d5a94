import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Liveness and readiness: the app answers and its database is reachable. */
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ ok: true, database: "up" });
  } catch {
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
