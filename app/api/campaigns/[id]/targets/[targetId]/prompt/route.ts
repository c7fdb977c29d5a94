import { z } from "zod";
import { getDryRunPrompt } from "@/lib/dal/campaign-dry-run";
import { jsonRoute } from "@/lib/http/route";
import { fail, ok } from "@/lib/result";
import { idSchema } from "@/lib/validations/common";

/** One repository's rendered prompt from a campaign's dry run, read when its card is opened. */
export const GET = jsonRoute(
  { params: z.object({ id: idSchema, targetId: idSchema }) },
  async ({ user, params }) => {
    const target = await getDryRunPrompt(params.id, params.targetId, user);
    return target ? ok(target) : fail("not_found", "No such repository in this campaign.");
  },
);
