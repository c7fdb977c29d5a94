import { z } from "zod";
import { fail, ok } from "@/lib/result";
import { getCampaignView } from "@/lib/dal/campaigns";
import { jsonRoute } from "@/lib/http/route";
import { idSchema } from "@/lib/validations/common";

/**
 * A campaign's live state (status, counts, burndown, cost, per-repository rows) for its page to poll;
 * with `since` (the last answer's `asOf`), only the rows that changed since then.
 */
export const GET = jsonRoute(
  {
    params: z.object({ id: idSchema }),
    query: z.object({ since: z.iso.datetime({ message: "That is not a time." }).optional() }),
  },
  async ({ user, params, query }) => {
    const view = await getCampaignView(params.id, user, {
      withPrompts: false,
      ...(query.since ? { changedSince: new Date(query.since) } : {}),
    });
    return view ? ok(view) : fail("not_found", "No such campaign.");
  },
);
