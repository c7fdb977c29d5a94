import { z } from "zod";
import { ok } from "@/lib/result";
import { jsonRoute } from "@/lib/http/route";
import { searchPushableRepositories } from "@/lib/repositories/pickers";

const querySchema = z.object({ q: z.string().max(200).default("") });

/** Repositories the signed-in person can push to, matching `q` (the launch form's picker). */
export const GET = jsonRoute({ query: querySchema }, async ({ user, query }) =>
  ok(await searchPushableRepositories(user.id, query.q)),
);
