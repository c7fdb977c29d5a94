import { z } from "zod";
import { fail, ok } from "@/lib/result";
import { getRepositorySetup } from "@/lib/dal/repository-setups";
import { jsonRoute } from "@/lib/http/route";
import { idSchema } from "@/lib/validations/common";

/** One setup's live view (both steps and its task), for its status page to poll. Only its owner's. */
export const GET = jsonRoute(
  { params: z.object({ id: idSchema }), invalidMessage: "That is not a setup id." },
  async ({ user, params }) => {
    const view = await getRepositorySetup(params.id, user);
    return view ? ok(view) : fail("not_found", "No such setup, or it is not yours.");
  },
);
