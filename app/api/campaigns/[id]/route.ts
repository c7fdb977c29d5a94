import { z } from "zod";
import { fail, ok } from "@/lib/result";
import { getCampaignView } from "@/lib/dal/campaigns";
import { jsonRoute } from "@/lib/http/route";
import { idSchema } from "@/lib/validations/common";

/** A campaign's live state (status, counts, burndown, cost, per-repository rows) for its page to poll. */
export const GET = jsonRoute({ params: z.object({ id: idSchema }) }, async ({ user, params }) => {
  const view = await getCampaignView(params.id, user, { withPrompts: false });
  return view ? ok(view) : fail("not_found", "No such campaign.");
});
