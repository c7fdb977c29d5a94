import { z } from "zod";
import { DRY_RUN_FILTERS } from "@/lib/campaigns/dry-run-labels";
import { getDryRunPage } from "@/lib/dal/campaign-dry-run";
import { conditionalJson, jsonRoute } from "@/lib/http/route";
import { fail } from "@/lib/result";
import { idSchema } from "@/lib/validations/common";

/**
 * A draft's dry run: its progress and a page of per-repository results the viewer may see, filtered
 * (`filter`, `q` on the repository's name) in the database with true counts, after `after` (the last
 * page's `nextCursor`). ETag-tagged, so the page's polls while it runs get a 304 when nothing moved.
 */
export const GET = jsonRoute(
  {
    params: z.object({ id: idSchema }),
    query: z.object({
      filter: z.enum(DRY_RUN_FILTERS, { message: "That is not a filter." }).optional(),
      q: z.string().max(200, { message: "Search for at most 200 characters." }).optional(),
      after: z.coerce.number({ message: "That is not a page link." }).int().min(0).max(1_000_000).optional(),
    }),
  },
  async ({ user, params, query, request }) => {
    const page = await getDryRunPage(params.id, user, {
      ...(query.filter ? { filter: query.filter } : {}),
      ...(query.q ? { search: query.q } : {}),
      ...(query.after !== undefined ? { after: query.after } : {}),
    });
    return page ? conditionalJson(request, page) : fail("not_found", "No such campaign.");
  },
);
