import { z } from "zod";
import { targetSpecFromForm, targetSpecSchema } from "@/lib/campaigns/targets";
import { countTargetMatches } from "@/lib/dal/schedules";
import { jsonRoute } from "@/lib/http/route";
import { ok } from "@/lib/result";

const field = z.string().max(20_000).default("");
const querySchema = z.object({
  targetKind: field,
  repositories: field,
  org: field,
  topic: field,
  pattern: field,
});

/**
 * The schedule form's match count: how many repositories the campaign form's target fields match
 * now, among those the signed-in person can see; `problem` while the fields are not a valid spec.
 */
export const GET = jsonRoute({ query: querySchema }, async ({ user, query }) => {
  const spec = targetSpecSchema.safeParse(targetSpecFromForm(query));
  if (!spec.success) return ok({ problem: spec.error.issues[0]?.message ?? "Choose repositories." });
  return ok({ problem: null, ...(await countTargetMatches(user, spec.data)) });
});
