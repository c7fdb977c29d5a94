import { z } from "zod";
import { currentUser } from "@/lib/auth/session";
import { getSharedDashboardSummary } from "@/lib/dal/dashboard";
import { TASK_SCOPES } from "@/lib/validations/task-filters";

const querySchema = z.object({ scope: z.enum(TASK_SCOPES).default("all") });

/** The dashboard's figures as JSON, for its live refresh. */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ message: "Sign in to see tasks." }, { status: 401 });
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ message: "Unknown scope." }, { status: 400 });
  const summary = await getSharedDashboardSummary({ scope: parsed.data.scope, viewer: user });
  return Response.json(summary, { headers: { "cache-control": "no-store" } });
}
