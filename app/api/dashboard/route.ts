import { z } from "zod";
import { ok } from "@/lib/result";
import { getSharedDashboardSummary } from "@/lib/dal/dashboard";
import { viewerTimeZone } from "@/lib/dal/preferences";
import { jsonRoute } from "@/lib/http/route";
import { TASK_SCOPES } from "@/lib/validations/task-filters";

const querySchema = z.object({ scope: z.enum(TASK_SCOPES).default("all") });

/** The dashboard's figures as JSON (of what the viewer may see), for its live refresh. */
export const GET = jsonRoute({ query: querySchema }, async ({ user, query }) =>
  ok(
    await getSharedDashboardSummary({
      scope: query.scope,
      viewer: user,
      timeZone: await viewerTimeZone(user.id),
    }),
  ),
);
